"""One way to list only the pages everyone may see: `website.core.routing.public`.

It is Wagtail's `PageQuerySet.public()` (no view restriction on the page or an ancestor)
without reading every restriction and its page on each call: the restricted paths are kept
until a restriction or the page tree changes. Every list of pages the apps show goes through
it; a direct `.public()` in the apps' code fails the scan at the end.
"""

from __future__ import annotations

import ast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from events.models import EventIndexPage, EventPage
from publications.models import NewsPage, NewsSection
from tests.events.factories import make_event
from tests.publications import factories
from tests.sources import found_in_apps
from website.core.routing import public

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(site_home):
    sections = factories.news_centre(site_home)
    return {
        "open": factories.news(sections[NewsSection.INDUSTRY], "公开的行业资讯"),
        "inner": factories.news(sections[NewsSection.ASSOCIATION], "仅会员可见的协会动态"),
        "sections": sections,
    }


def _restrict(page: Page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def test_it_leaves_out_what_wagtail_leaves_out(news):
    # A restriction on a section applies to everything below it, as in Wagtail.
    _restrict(news["sections"][NewsSection.ASSOCIATION])
    ours = set(public(Page.objects.live()).values_list("pk", flat=True))
    assert ours == set(Page.objects.live().public().values_list("pk", flat=True))
    assert news["open"].pk in ours
    assert news["inner"].pk not in ours
    assert news["sections"][NewsSection.ASSOCIATION].pk not in ours


def test_the_restrictions_are_read_once_while_nothing_changes(news):
    _restrict(news["sections"][NewsSection.ASSOCIATION])
    list(public(NewsPage.objects.live()))  # reads the restricted paths and keeps them
    with CaptureQueriesContext(connection) as captured:
        shown = list(public(NewsPage.objects.live()))
    assert len(captured.captured_queries) == 1  # the list itself
    assert [page.pk for page in shown] == [news["open"].pk]


def test_a_new_or_lifted_restriction_shows_at_once(news):
    assert {page.pk for page in public(NewsPage.objects.live())} == {
        news["open"].pk,
        news["inner"].pk,
    }
    restriction = _restrict(news["sections"][NewsSection.ASSOCIATION])
    assert {page.pk for page in public(NewsPage.objects.live())} == {news["open"].pk}
    restriction.delete()
    assert len(list(public(NewsPage.objects.live()))) == 2


def test_the_lists_leave_out_a_restricted_section(client, news, site_home):
    assert "仅会员可见的协会动态" in client.get("/news/").content.decode()
    _restrict(news["sections"][NewsSection.ASSOCIATION])
    for path in ("/news/", "/"):
        body = client.get(path).content.decode()
        assert "公开的行业资讯" in body
        assert "仅会员可见的协会动态" not in body, path


def test_the_home_page_leaves_out_an_event_below_a_restricted_index(client, site_home):
    # It used to leave out only event pages restricted themselves, not those below a
    # restricted index.
    index = site_home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    index.save_revision().publish()
    event = make_event("nh2031", title="内部培训班")
    page = index.add_child(instance=EventPage(title=event.title, slug=event.code, event=event))
    page.save_revision().publish()
    assert "内部培训班" in client.get("/").content.decode()
    _restrict(index)
    assert "内部培训班" not in client.get("/").content.decode()


def _public_calls(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "public"
        and not node.args
        and not node.keywords
    ]


def test_the_apps_list_public_pages_one_way():
    found = found_in_apps(_public_calls)
    assert not found, f"use website.core.routing.public(queryset) instead of .public(): {found}"
