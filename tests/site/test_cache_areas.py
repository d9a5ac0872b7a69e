"""Cache areas: a change empties the cached pages that show what changed, and only those.

The home page shows news, bulletins, standards, events and the register, not the directory;
the directory shows organizations and memberships, not news. Each test fills the cache with
anonymous visits, changes one thing, and reads X-Page-Cache on the next visit of each page.
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.management import call_command

from members.models import Membership, MembershipSettings
from publications.models import NewsSection
from tests.members.helpers import fee_schedule, member_organization
from tests.publications import factories
from website.core import cache as page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(site_home):
    from wagtail.models import Site

    from website.core.models import SiteSettings

    # Made now rather than by the first request, which would also empty the page cache.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return factories.news_centre(site_home)


@pytest.fixture
def site(sections):
    """A news page and a member organization, every page of the test visited once."""
    news = factories.news(sections[NewsSection.INDUSTRY], "焚烧厂开放日活动举行")
    organization, membership, _admin = member_organization()
    pages = {
        "home": "/",
        "news centre": "/news/",
        "news page": news.url,
        "directory": "/members/directory/",
        "profile": f"/members/directory/{organization.pk}/",
    }
    return pages, organization, membership


def _visit(client, pages: dict[str, str]) -> dict[str, str]:
    return {name: client.get(path)["X-Page-Cache"] for name, path in pages.items()}


def _fill(client, pages: dict[str, str]) -> None:
    _visit(client, pages)
    assert set(_visit(client, pages).values()) == {"hit"}


def test_an_organization_change_empties_the_directory_and_leaves_news_and_home(client, site):
    pages, organization, _membership = site
    _fill(client, pages)

    organization.name = "杭州市清源环境服务有限公司"
    organization.save()

    assert _visit(client, pages) == {
        "home": "hit",
        "news centre": "hit",
        "news page": "hit",
        "directory": "miss",
        "profile": "miss",
    }
    assert organization.name in client.get(pages["profile"]).content.decode()


def test_a_membership_change_empties_the_directory_only(client, site):
    pages, _organization, membership = site
    _fill(client, pages)
    membership.tier = Membership.Tier.DIRECTOR
    membership.save()
    visited = _visit(client, pages)
    assert visited["directory"] == "miss"
    assert visited["home"] == visited["news page"] == "hit"


def test_publishing_news_empties_news_and_home_and_leaves_the_directory(client, site, sections):
    pages, _organization, _membership = site
    _fill(client, pages)

    factories.news(sections[NewsSection.INDUSTRY], "渗滤液处理新规发布")

    assert _visit(client, pages) == {
        "home": "miss",
        "news centre": "miss",
        "news page": "miss",
        "directory": "hit",
        "profile": "hit",
    }
    assert "渗滤液处理新规发布" in client.get("/").content.decode()


def test_unpublishing_a_page_empties_every_page_that_may_link_to_it(client, site, sections):
    pages, _organization, _membership = site
    news = factories.news(sections[NewsSection.INDUSTRY], "即将撤下的资讯")
    _fill(client, pages)
    news.unpublish()
    assert set(_visit(client, pages).values()) == {"miss"}


def test_site_settings_are_every_pages_frame(client, site):
    from wagtail.models import Site

    from website.core.models import SiteSettings

    pages, _organization, _membership = site
    _fill(client, pages)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.save()
    assert set(_visit(client, pages).values()) == {"miss"}


@pytest.fixture
def bumps(monkeypatch) -> list[tuple[str, ...]]:
    """Every bump of area numbers, as the tuple of areas bumped together."""
    seen: list[tuple[str, ...]] = []
    real = page_cache._bump

    def record(names) -> None:
        names = tuple(names)
        seen.append(names)
        real(names)

    monkeypatch.setattr(page_cache, "_bump", record)
    return seen


def test_the_sweep_empties_the_directory_once_whatever_the_number_of_memberships(bumps):
    fee_schedule(2026)
    fee_schedule(2027)
    MembershipSettings.load()  # made by the first sweep otherwise (which empties "join")
    memberships = [
        member_organization(paid_through=datetime.date(2026, 12, 31))[1] for _ in range(4)
    ]
    news = cache.get(page_cache.cache_areas.key("news"))
    bumps.clear()

    # Past the grace period: every membership lapses, each with its own saves.
    call_command("membership_sweep", "--date", "2028-01-01", stdout=None)

    assert {m.status for m in Membership.objects.filter(pk__in=[m.pk for m in memberships])} == {
        Membership.Status.LAPSED
    }
    # One bump for all of them: the directory, the permissions (lapsed members leave the
    # members' group, see website.accounts.access) and the dues (their open invoices are
    # cancelled: the admin home's dues outstanding, members.dashboard).
    assert [set(names) for names in bumps] == [{"directory", "permissions", "dues"}]
    assert cache.get(page_cache.cache_areas.key("news")) == news


def test_changes_inside_one_invalidation_bump_each_area_once(bumps):
    organizations = [member_organization()[0] for _ in range(3)]
    bumps.clear()
    with page_cache.one_invalidation():
        for organization in organizations:
            organization.name = f"{organization.name}（更名）"
            organization.save()
    assert bumps == [("directory",)]


def test_a_change_inside_a_transaction_empties_its_areas_again_at_commit(
    bumps, django_capture_on_commit_callbacks
):
    from django.db import transaction

    organization = member_organization()[0]
    bumps.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for name in ("甲", "乙", "丙"):
            organization.name = name
            organization.save()
        # A request rendering now reads the old rows: what it stores must not outlive the commit.
        assert bumps == [("directory",)] * 3
    # (The organization's setup in this test's transaction added a contact to the members'
    # group, so its "permissions" are emptied again at the commit too.)
    after_commit = bumps[3:]
    assert len(after_commit) == 1, "one more bump after the commit, not one per save"
    assert "directory" in after_commit[0]


def test_the_home_page_is_stored_with_the_areas_of_its_sections(client, site):
    from django.test import RequestFactory

    client.get("/")
    stored, _until, _response = cache.get(page_cache._cache_key(RequestFactory().get("/")))
    assert {name for name, _number in stored} == {
        "pages",
        "news",
        "bulletins",
        "standards",
        "events",
        "register",
    }


def test_an_undeclared_view_depends_on_every_area():
    with page_cache.validity_scope() as validity:
        pass
    assert validity.read_areas() == page_cache.cache_areas.names()


def test_an_unknown_area_is_refused_where_it_is_named():
    with pytest.raises(ValueError, match="newz"):
        page_cache.reads("newz")


def test_every_page_type_names_the_areas_it_reads():
    from wagtail.models import Page, get_page_models

    for model in get_page_models():
        if model is Page:
            continue
        assert "cache_areas" in vars(model) or any(
            "cache_areas" in vars(base) for base in model.__mro__[1:] if base is not Page
        ), f"{model.__name__} does not name its cache areas"
        for name in model.cache_areas:
            page_cache.cache_areas.key(name)  # raises on an unknown area


def test_every_watched_models_own_links_are_watched_with_it():
    """A change of a watched row's many-to-many links (a ticket's activities, an
    organization's categories) empties the same areas as a change of the row."""
    watched = dict(page_cache.cache_areas._models)
    for model, areas in watched.items():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                assert set(areas) <= set(watched.get(through, ())), (model, field.name)


def test_a_tickets_activities_changed_alone_empty_the_events(bumps):
    from tests.events.factories import forum_a, make_event, ticket

    event = make_event("links")
    admits = ticket(event)
    forum = forum_a(event)
    admits.activities.remove(forum)
    bumps.clear()
    admits.activities.add(forum)  # no save of the ticket itself
    assert any("events" in names for names in bumps)
