"""The news pages `make bench` measures run the same number of queries with 5 or 60 news.

The data are the bench scenario's own (tests/perf/scenarios/publications.py) at a tiny
scale: every section, tags, featured images and ten years of dates, built in bulk.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from publications.models import NewsPage, NewsSection
from tests.perf.scenarios import Context, discover

pytestmark = pytest.mark.django_db

FEW, MANY = 5, 60


def _scenario():
    (scenario,) = [s for s in discover() if s.name == "publications"]
    return scenario


def _build(scenario, news: int) -> list:
    ctx = Context(scale=news / 10_000)
    scenario.prepare(ctx)
    return scenario.workloads(ctx)


def _queries(client, path: str) -> int:
    client.get(path)  # renditions and the site's caches settle on the first visit
    cache.clear()  # the measured visit renders: no page cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    assert not response.cookies, path
    return len(captured.captured_queries)


def _bench_news():
    return NewsPage.objects.filter(slug__startswith="bench-")


def test_scenario_builds_news_in_every_section_idempotently(client, sections):
    scenario = _scenario()
    _build(scenario, MANY)
    _build(scenario, MANY)  # nothing added the second time
    assert _bench_news().count() == MANY
    assert not any(Page.find_problems()), "bulk-created pages keep the tree consistent"
    for section in (NewsSection.ASSOCIATION, NewsSection.NOTICES, NewsSection.INDUSTRY):
        assert _bench_news().child_of(sections[section]).exists(), section
    assert _bench_news().filter(featured_image__isnull=False).exists()
    assert _bench_news().filter(tags__name__isnull=False).exists()
    notice = _bench_news().child_of(sections[NewsSection.NOTICES]).first()
    assert notice.document_number.startswith("中环卫〔")
    html = client.get(notice.url).content.decode()
    assert notice.title in html and "基本情况" in html


def test_every_bench_page_runs_fixed_queries_whatever_the_number_of_news(client, sections):
    scenario = _scenario()
    workloads = _build(scenario, FEW)
    # Every list shows a picture with few news as with many (two in five of the scenario's news
    # have one, and a list without any skips the image queries), whatever the dates drawn.
    _bench_news().update(
        featured_image=_bench_news().exclude(featured_image=None).first().featured_image
    )
    paths = {workload.name: workload.path for workload in workloads}
    few = {name: _queries(client, path) for name, path in paths.items()}

    later = _build(scenario, MANY)
    assert _bench_news().count() == MANY
    # The same URLs again (the same news page, so its own tags and image are the same), and
    # the deep page as the scenario now names it, a full page further down.
    paths.update({w.name: w.path for w in later if w.name == "news centre, deep page"})
    many = {name: _queries(client, path) for name, path in paths.items()}
    assert many == few
    assert max(many.values()) <= 30, many
