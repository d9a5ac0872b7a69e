"""Cached pages are right on the day: an entry expires at the next date boundary it shows.

Nothing is saved between the two visits of each test; only the clock moves (timezone.now is
patched, so timezone.localdate() follows). A cached page still listing a closed publicity
window, a past event or a closed comment period after the boundary is the defect.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Site

from certification.models import Application, Scheme
from events.models import EventIndexPage, EventPage
from publications.models import GroupStandardPage, StandardIndexPage
from tests.certification import factories as cert
from tests.events.factories import make_event
from website.core import cache as page_cache
from website.core.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached(settings, site_home):
    settings.PAGE_CACHE_SECONDS = 7 * 24 * 3600  # a week: only the boundary can expire it
    # Made now rather than by the first request, which would also reset the page cache.
    SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def clock(monkeypatch):
    """clock(days) moves timezone.now() (and so localdate()) that many days ahead."""
    real_now = timezone.now

    def move(days: float) -> None:
        monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=days))

    return move


def _in_publicity(ends_in_days: int) -> Application:
    """A credit-rating application whose publicity window ends `ends_in_days` from today."""
    scheme = Scheme.objects.get(code="credit-rating")
    scheme.min_reviews = 1
    scheme.save()
    organization = cert.member_organization(name="宁波市洁城环境服务有限公司")
    application = cert.advance(
        cert.services.create_application(
            cert.open_round(scheme), organization, user=cert.contact_of(organization)
        ),
        Application.Status.PUBLICITY,
        contact=organization.contacts.first().user,
        staff=cert.staff_member(),
        experts=[cert.expert_with_account(name="周教授")],
        publicity_start=timezone.localdate(),
    )
    # The window's length is the scheme's; move its end to the day the test wants.
    ends_on = timezone.localdate() + datetime.timedelta(days=ends_in_days)
    Application.objects.filter(pk=application.pk).update(publicity_ends_on=ends_on)
    page_cache.invalidate_page_cache()
    application.refresh_from_db()
    return application


def test_home_page_drops_a_publicity_window_the_day_after_it_ends(client, clock):
    application = _in_publicity(ends_in_days=2)
    name = application.subject_name

    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert name in first.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"

    clock(2)  # the window's last day: still listed, still served from the cache
    on_last_day = client.get("/")
    assert on_last_day["X-Page-Cache"] == "hit" and name in on_last_day.content.decode()

    clock(3)  # the day after: nothing was saved, yet the home page no longer lists it
    after = client.get("/")
    assert after["X-Page-Cache"] == "miss"
    assert name not in after.content.decode()
    # The publicity page agrees: the window is closed, the decision pending.
    publicity = client.get("/certification/publicity/")
    assert application not in publicity.context["open"]


def test_home_page_never_lists_a_window_that_has_already_ended(client):
    application = _in_publicity(ends_in_days=-3)
    assert application.subject_name not in client.get("/").content.decode()


def test_publicity_page_cached_before_a_window_ends_moves_it_to_closed(client, clock):
    application = _in_publicity(ends_in_days=1)
    assert application in client.get("/certification/publicity/").context["open"]
    clock(2)
    response = client.get("/certification/publicity/")
    assert response["X-Page-Cache"] == "miss"
    assert application in response.context["closed"]


def test_pages_listing_a_window_that_ended_days_ago_are_still_cached(client):
    # The application stays in publicity until staff decide; its window's end, behind us, is
    # no boundary: the pages were rendered knowing it has closed.
    application = _in_publicity(ends_in_days=-3)
    for path in ("/certification/publicity/", "/"):
        first = client.get(path)
        assert first["X-Page-Cache"] == "miss"
        assert client.get(path)["X-Page-Cache"] == "hit", path
    assert application.subject_name in client.get("/certification/publicity/").content.decode()


def test_a_boundary_already_behind_us_neither_expires_a_page_nor_a_fragment():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    calls = []

    def compute():
        calls.append(1)
        page_cache.valid_through(yesterday)  # ended at midnight this morning
        return "fragment"

    with page_cache.validity_scope() as validity:
        page_cache.valid_until(timezone.now() - datetime.timedelta(seconds=1))
        assert page_cache.cached_fragment("test:past-boundary", compute, 3600) == "fragment"
        assert page_cache.cached_fragment("test:past-boundary", compute, 3600) == "fragment"
        assert validity.until is None and validity.seconds_left() is None
        page_cache.valid_through(tomorrow)
        page_cache.valid_through(yesterday)
    assert len(calls) == 1, "the fragment was kept"
    assert validity.until == page_cache.start_of_day(tomorrow + datetime.timedelta(days=1))


def test_home_and_event_pages_drop_an_event_once_it_is_over(client, site_home, clock):
    event = make_event("boundary", days_ahead=1)  # the event runs tomorrow and the day after
    index = site_home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    index.save_revision().publish()
    page = index.add_child(instance=EventPage(title=event.title, slug=event.code, event=event))
    page.save_revision().publish()
    register = f"/events/{event.code}/register/"

    assert event.title in client.get("/").content.decode()
    assert register in client.get(page.url).content.decode()
    assert client.get(page.url)["X-Page-Cache"] == "hit"

    clock(3)  # the day after it ended
    assert event.title not in client.get("/").content.decode()
    body = client.get(page.url).content.decode()
    assert register not in body, "a past event offers no registration"
    assert client.get(index.url).context["upcoming"] == []


def test_standard_open_for_comment_leaves_the_home_page_when_the_period_closes(
    client, site_home, clock
):
    index = site_home.add_child(instance=StandardIndexPage(title="团体标准", slug="standards"))
    index.save_revision().publish()
    closes_on = timezone.localdate() + datetime.timedelta(days=5)
    standard = index.add_child(
        instance=GroupStandardPage(
            title="餐厨垃圾厌氧消化沼渣处理技术规范",
            slug="digestate",
            scope="规定沼渣处理的技术要求。",
            lead_organization="中国城市环境卫生协会",
            status=GroupStandardPage.Status.CONSULTATION,
            consultation_closes_on=closes_on,
        )
    )
    standard.save_revision().publish()

    assert standard.title in client.get("/").content.decode()
    page = client.get(standard.url).content.decode()
    assert "5" in page and "/comment/" in page

    clock(1)  # the standard page counts the days left, so it is re-rendered every day
    response = client.get(standard.url)
    assert response["X-Page-Cache"] == "miss" and "4" in response.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"  # the home page lists it until it closes

    clock(6)
    assert standard.title not in client.get("/").content.decode()
    assert "/comment/" not in client.get(standard.url).content.decode()


def test_a_fragment_keeps_its_boundary_and_hands_it_to_the_page(clock):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    calls = []

    def compute():
        calls.append(1)
        page_cache.valid_through(tomorrow)
        return "fragment"

    with page_cache.validity_scope() as first:
        assert page_cache.cached_fragment("test:fragment", compute, 3600) == "fragment"
    with page_cache.validity_scope() as second:
        assert page_cache.cached_fragment("test:fragment", compute, 3600) == "fragment"
    assert len(calls) == 1, "the second call is a hit"
    assert (
        first.until
        == second.until
        == page_cache.start_of_day(tomorrow + datetime.timedelta(days=1))
    )
    clock(2)
    page_cache.cached_fragment("test:fragment", compute, 3600)
    assert len(calls) == 2, "past its boundary the fragment is computed again"
