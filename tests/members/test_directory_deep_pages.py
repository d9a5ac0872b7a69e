"""Deep directory pages seek from a kept bookmark instead of an OFFSET from the first row:
the same rows as plain pagination on every page, and no more queries than page one."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.directory import directory
from members.regions import Province
from members.views.directory import DirectoryPaginator
from tests.members.test_directory import URL, member, names

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(site_home):
    # Names repeat, so the bookmark must order ties by pk as the listing does.
    for n in range(23):
        member(
            f"{'甲乙丙'[n % 3]}环卫服务有限公司",
            province=[Province.BEIJING, Province.GUANGDONG][n % 2],
        )


@pytest.mark.parametrize("filters", [{}, {"province": Province.GUANGDONG}])
def test_every_page_holds_the_rows_plain_pagination_gives(many, monkeypatch, filters):
    monkeypatch.setattr(DirectoryPaginator, "BOOKMARK_EVERY", 4)
    ordered = directory.queryset().filter(**filters)
    plain = Paginator(ordered.values_list("pk", flat=True), 3)
    seeking = DirectoryPaginator(ordered, 3, count_key=f"test:{filters}", areas=("directory",))
    assert seeking.count == plain.count
    for number in plain.page_range:
        assert [row.pk for row in seeking.page(number)] == list(plain.page(number)), number


def test_bookmarks_are_kept_until_the_directory_changes(many, monkeypatch):
    monkeypatch.setattr(DirectoryPaginator, "BOOKMARK_EVERY", 4)

    def paginator():
        return DirectoryPaginator(
            directory.queryset(), 3, count_key="test:kept", areas=("directory",)
        )

    first = paginator().bookmarks()
    with CaptureQueriesContext(connection) as queries:
        assert paginator().bookmarks() == first
    assert len(queries) == 0

    member("丁环卫服务有限公司")  # sorts before the others: every bookmark moves
    assert paginator().bookmarks() != first
    rows = list(directory.queryset().values_list("name", "pk"))
    assert paginator().bookmarks() == rows[4::4]


def test_a_deep_page_costs_the_queries_of_the_first(client, many, monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0  # render every time; the count and bookmarks are kept
    monkeypatch.setattr(DirectoryPaginator, "BOOKMARK_EVERY", 20)
    for n in range(40):
        member(f"戊环卫服务有限公司{n:02d}")
    client.get(URL)  # the site's own caches, the count
    client.get(URL + "?page=3")  # the bookmarks, kept like the count

    with CaptureQueriesContext(connection) as first:
        first_page = client.get(URL)
    with CaptureQueriesContext(connection) as deep:
        deep_page = client.get(URL + "?page=3")

    assert len(names(first_page)) == 20 and len(names(deep_page)) == 20
    assert names(deep_page)[0] == list(directory.queryset().values_list("name", flat=True))[40]
    assert len(deep.captured_queries) == len(first.captured_queries)
    assert not any("OFFSET 40" in q["sql"] for q in deep.captured_queries)
