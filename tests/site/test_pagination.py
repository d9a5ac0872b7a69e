"""CachedCountPaginator: one count per list and filter, kept until its areas change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from website.core.cache import invalidate
from website.core.models import StandardPage
from website.core.pagination import CachedCountPaginator

pytestmark = pytest.mark.django_db


def paginator(key="test:all", areas=("news",)):
    return CachedCountPaginator(StandardPage.objects.order_by("pk"), 2, count_key=key, areas=areas)


def counted(key="test:all", areas=("news",)):
    with CaptureQueriesContext(connection) as queries:
        count = paginator(key, areas).count
    return count, len(queries)


def test_the_count_is_kept_per_key_until_one_of_its_areas_changes(site_home):
    site_home.add_child(instance=StandardPage(title="一", slug="one"))
    first, queries = counted()
    assert queries == 1

    site_home.add_child(instance=StandardPage(title="二", slug="two"))
    assert counted() == (first, 0)  # kept: nothing said the news changed
    assert counted("test:other") == (first + 1, 1)  # another filter counts for itself

    invalidate("directory")
    assert counted() == (first, 0)  # another area's change leaves it
    invalidate("news")
    assert counted() == (first + 1, 1)


def test_pages_of_the_list_share_the_kept_count(site_home):
    for number in range(5):
        site_home.add_child(instance=StandardPage(title=f"页{number}", slug=f"p{number}"))
    total = paginator().count
    with CaptureQueriesContext(connection) as queries:
        page = paginator().get_page(3)
        list(page.object_list)
    assert len(queries) == 1  # the rows only
    assert page.paginator.num_pages == (total + 1) // 2
