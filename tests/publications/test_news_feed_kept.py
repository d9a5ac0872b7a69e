"""A news feed is the same for every reader: it is generated once and kept until the news, the
page tree or the site's name change, not rebuilt (30 items, their tags and addresses) for every
reader the page cache does not serve."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.models import NewsSection
from tests.publications import factories
from website.core.cache import local_fragments

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 0


def _titles(response) -> list[str]:
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]  # noqa: S314 - our own feed


def _queries(client, path: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(captured.captured_queries)


def test_a_second_reader_gets_the_kept_feed(client, sections):
    factories.news(sections[NewsSection.NOTICES], "通知一", tags=["会费"])
    factories.news(sections[NewsSection.INDUSTRY], "资讯一")
    client.get("/news/feed/")  # the site's own caches settle
    cache.delete("publications:feed:testserver:zh-hans:/news/feed/")
    local_fragments.clear()  # and this process's copy
    first, generating = _queries(client, "/news/feed/")
    second, kept = _queries(client, "/news/feed/")
    assert second.content == first.content
    assert set(_titles(second)) == {"通知一", "资讯一"}
    assert second["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert second["Last-Modified"] == first["Last-Modified"]  # conditional GETs still work
    # Generating reads the items and their tags; the kept feed reads neither.
    assert kept <= generating - 2


def test_news_published_or_unpublished_shows_at_once(client, sections):
    notices = sections[NewsSection.NOTICES]
    factories.news(notices, "通知一")
    assert _titles(client.get("/news/notices/feed/")) == ["通知一"]
    second = factories.news(notices, "通知二")
    assert set(_titles(client.get("/news/notices/feed/"))) == {"通知一", "通知二"}
    second.unpublish()
    assert _titles(client.get("/news/notices/feed/")) == ["通知一"]


def test_each_feed_and_format_is_kept_apart(client, sections):
    factories.news(sections[NewsSection.NOTICES], "通知一")
    factories.news(sections[NewsSection.INDUSTRY], "资讯一")
    assert _titles(client.get("/news/notices/feed/")) == ["通知一"]
    assert _titles(client.get("/news/industry/feed/")) == ["资讯一"]
    atom = client.get("/news/feed/atom/")
    assert atom["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert len(ET.fromstring(atom.content).findall(f"{ATOM}entry")) == 2  # noqa: S314


def test_the_feed_names_its_own_address_whatever_the_query_string(client, sections):
    factories.news(sections[NewsSection.NOTICES], "通知一")
    for path in ("/news/feed/atom/?utm_source=reader", "/news/feed/atom/"):
        feed = ET.fromstring(client.get(path).content)  # noqa: S314 - our own feed
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        assert links["self"] == "http://testserver/news/feed/atom/", path
