"""Public pages: the event index and event page are cacheable for anonymous visitors; the
registration form (with CSRF) is on its own URL and never cached. Home and portal sections."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import EventIndexPage, EventPage

from .factories import make_event, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_home, event):
    index = site_home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    index.save_revision().publish()
    page = index.add_child(
        instance=EventPage(title=event.title, slug=event.code, event=event, summary="年会简介")
    )
    page.save_revision().publish()
    past = make_event("past2020", days_ahead=-400)
    index.add_child(
        instance=EventPage(title="往届培训", slug="past2020", event=past)
    ).save_revision().publish()
    return index, page


def test_event_pages_render_and_are_cached_for_anonymous_visitors(client, pages, event, settings):
    settings.PAGE_CACHE_SECONDS = 600
    index, page = pages
    response = client.get("/events/")
    body = response.content.decode()
    assert response.status_code == 200 and event.title in body and "往届培训" in body
    first = client.get(page.url)
    body = first.content.decode()
    assert first.status_code == 200
    assert "分论坛A" in body and "1500" in body and f"/events/{event.code}/register/" in body
    assert "csrfmiddlewaretoken" not in body and not first.cookies
    assert first["X-Page-Cache"] == "miss"
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    # Changing the event's data shows at once.
    event.venue = "新会场"
    event.save()
    assert "新会场" in client.get(page.url).content.decode()


def test_registration_form_is_never_cached(client, pages, event, member, settings):
    settings.PAGE_CACHE_SECONDS = 600
    client.force_login(member[0])
    response = client.get(f"/events/{event.code}/register/")
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "X-Page-Cache" not in response
    assert "no-cache" in response["Cache-Control"]


def test_home_page_lists_upcoming_events(client, pages, event):
    body = client.get("/").content.decode()
    assert event.title in body and "往届培训" not in body


def test_portal_shows_my_registrations(client, event, member, outsider):
    order = place(event, member[0], organization=member[1])
    other = place(event, outsider[0])
    client.force_login(member[0])
    body = client.get("/account/").content.decode()
    assert order.code in body and other.code not in body
    body = client.get("/events/my/").content.decode()
    assert order.code in body and other.code not in body


def _queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (site, content types) first
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _orders(event, member, count: int, *, attendees: int = 1) -> list:
    return [
        place(
            event,
            member[0],
            organization=member[1],
            names=[f"甲{index}-{n}" for n in range(attendees)],
            emails=[f"q{index}-{n}-{attendees}@example.com" for n in range(attendees)],
        )
        for index in range(count)
    ]


def test_my_events_page_queries_do_not_grow_with_orders(client, event, member):
    event.max_open_orders_per_account = event.max_open_orders_per_organization = 0
    event.save()
    client.force_login(member[0])
    _orders(event, member, 1)
    few = _queries(client, "/events/my/")
    _orders(event, member, 10)
    assert _queries(client, "/events/my/") == few


def test_order_page_queries_do_not_grow_with_attendees(client, event, member):
    event.max_open_orders_per_account = event.max_open_orders_per_organization = 0
    event.save()
    client.force_login(member[0])
    counts = []
    for attendees in (1, 15):
        (order,) = _orders(event, member, 1, attendees=attendees)
        services.save_invoice_request(
            order,
            user=member[0],
            data=services.InvoiceData(
                "normal", member[1].name, member[1].credit_code, "f@example.com"
            ),
        )
        counts.append(_queries(client, f"/events/my/orders/{order.code}/"))
    assert counts[0] == counts[1]
