"""The news filter's years and tags: computed once per publish, not on every uncached visit."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import NewsSection
from tests.publications import factories
from website.core.cache import _cache_key, local_fragments

pytestmark = pytest.mark.django_db


def _uncached_queries(client, path: str) -> tuple[int, str]:
    # Drop the rendered page only; the facets stay in the cache like in production.
    from django.test import RequestFactory

    cache.delete(_cache_key(RequestFactory().get(path, HTTP_HOST="testserver")))
    with CaptureQueriesContext(connection) as captured:
        html = client.get(path).content.decode()
    return len(captured.captured_queries), html


def test_years_and_tags_are_read_once_until_the_next_publish(client, sections):
    industry = sections[NewsSection.INDUSTRY]
    factories.news(industry, "资讯甲", date=datetime.date(2023, 5, 1), tags=["焚烧"])
    _, html = _uncached_queries(client, "/news/industry/")  # the site's own caches settle
    assert 'value="2023"' in html and "焚烧" in html
    cache.delete(f"publications:news-facets:{industry.pk}:zh-hans")
    local_fragments.clear()  # and this process's copy
    computing, _ = _uncached_queries(client, "/news/industry/")
    cached, html = _uncached_queries(client, "/news/industry/")
    # The years and the popular tags: from the cache (the view restrictions are kept with the
    # page tree, website.core.routing.public, so neither rendering reads them).
    assert cached == computing - 2
    assert 'value="2023"' in html and "焚烧" in html

    # Publishing empties the news area: the new year and tag show at once.
    factories.news(industry, "资讯乙", date=datetime.date(2021, 6, 1), tags=["环卫装备"])
    _, html = _uncached_queries(client, "/news/industry/")
    assert 'value="2021"' in html and "环卫装备" in html


def test_the_kept_filter_form_shows_each_visitor_their_own_filters(client, sections, settings):
    """The tabs and the filter form are kept per index, language and filters: each
    combination shows its own selection, and a new tag shows at once."""
    settings.PAGE_CACHE_SECONDS = 0  # every visit renders (the kept form is what is tested)
    centre = sections[NewsSection.ALL]
    industry = sections[NewsSection.INDUSTRY]
    factories.news(industry, "资讯甲", date=datetime.date(2023, 5, 1), tags=["焚烧"])
    factories.news(industry, "资讯乙", date=datetime.date(2021, 6, 1), tags=["环卫装备"])
    path = centre.url
    for _ in range(2):  # rendered, then kept
        plain = client.get(path).content.decode()
        assert '<option value="2023">' in plain and "selected" not in plain.split("news-year")[1]
        by_year = client.get(path, {"year": 2021}).content.decode()
        assert '<option value="2021" selected>' in by_year
        assert '<option value="2023">' in by_year
        by_tag = client.get(path, {"tag": "焚烧", "section": "industry"}).content.decode()
        assert '<option value="焚烧" selected>' in by_tag
        assert 'name="section" value="industry"' in by_tag
    factories.news(industry, "资讯丙", date=datetime.date(2019, 1, 1), tags=["新标签"])
    assert '<option value="2019">' in client.get(path).content.decode()
