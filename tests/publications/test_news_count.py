"""The news list keeps its number of items per index, language and filter until news change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from publications.models import NewsSection
from tests.publications import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    settings.PAGE_CACHE_SECONDS = 0  # the page itself is rendered; only the count is kept


def count_queries(queries) -> int:
    return sum("COUNT(*)" in query["sql"] for query in queries.captured_queries)


def test_the_count_is_shared_by_pages_and_follows_publication(client, home, sections):
    for _ in range(3):
        factories.news(sections[NewsSection.INDUSTRY])
    first = client.get("/news/")
    assert first.context["page_obj"].paginator.count == 3

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/news/", {"page": "1"})
    assert again.context["page_obj"].paginator.count == 3
    assert count_queries(queries) == 0

    factories.news(sections[NewsSection.NOTICES], "新通知", date=timezone.localdate())
    latest = client.get("/news/")
    assert latest.context["page_obj"].paginator.count == 4
    assert latest.context["page_obj"][0].title == "新通知"


def test_each_filter_has_its_own_count(client, home, sections):
    factories.news(sections[NewsSection.INDUSTRY])
    factories.news(sections[NewsSection.NOTICES])
    assert client.get("/news/").context["page_obj"].paginator.count == 2
    notices = client.get("/news/", {"section": NewsSection.NOTICES})
    assert notices.context["page_obj"].paginator.count == 1
    assert client.get("/news/notices/").context["page_obj"].paginator.count == 1


def test_an_unpublished_item_leaves_the_count(client, home, sections):
    item = factories.news(sections[NewsSection.INDUSTRY])
    factories.news(sections[NewsSection.INDUSTRY])
    assert client.get("/news/").context["page_obj"].paginator.count == 2
    item.unpublish()
    assert client.get("/news/").context["page_obj"].paginator.count == 1
