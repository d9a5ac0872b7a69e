"""The registration form costs the same queries whatever the event already holds: a POST
that registers, one turned away from a full forum (the form shown again) and the form itself,
with one other order and forum against ten (growth-based, as tests/members/test_admin.py)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Activity
from tests.factories import UserFactory

from .factories import attendee_row, forum_a, forum_b, make_event, place, registration_data, ticket

pytestmark = pytest.mark.django_db


def event_with(size: int, code: str):
    """A free event (orders are confirmed at once) with `size` more forums and other orders."""
    event = make_event(code)
    admits = ticket(event)
    admits.member_price = admits.non_member_price = Decimal("0")
    admits.save()
    for number in range(size):
        forum = Activity.objects.create(
            event=event, name=f"加开{number}", capacity=100, is_optional=True, sort_order=10
        )
        admits.activities.add(forum)
    for number in range(size):
        place(event, UserFactory(), names=(f"已报{number}",), forums=[forum_b(event)][: number % 2])
    return event


def queries_of(client, event, *, full: bool, method="post") -> int:
    url = f"/events/{event.code}/register/"
    if full:
        Activity.objects.filter(pk=forum_a(event).pk).update(capacity=0)
    rows = [
        attendee_row(
            ticket(event), "新人", f"new-{event.code}@example.com", forums=[forum_a(event)]
        )
    ]
    with CaptureQueriesContext(connection) as captured:
        if method == "get":
            response = client.get(url)
        else:
            # As a browser sends it: with the form's one-time token (one look-up more).
            response = client.post(
                url, registration_data(rows, extra={"submission": f"token-{event.code}-0123456789"})
            )
    expected = 302 if method == "post" and not full else 200
    assert response.status_code == expected
    return len(captured)


@pytest.mark.parametrize(
    ("full", "method"), [(False, "post"), (True, "post"), (False, "get")], ids=str
)
def test_registration_queries_do_not_grow_with_the_event(client, outsider, full, method):
    client.force_login(outsider[0])
    small = queries_of(client, event_with(1, "q1"), full=full, method=method)
    large = queries_of(client, event_with(10, "q10"), full=full, method=method)
    assert large <= small


def test_a_buyer_turned_away_gets_the_places_counted_once(client, outsider):
    """The refusal's counts are the ones shown with the form again: the capacity query runs
    once (a sold-out rush is mostly such buyers), and the full forum shows no place left."""
    client.force_login(outsider[0])
    event = event_with(1, "once")
    Activity.objects.filter(pk=forum_a(event).pk).update(capacity=0)
    rows = [attendee_row(ticket(event), "新人", "once@example.com", forums=[forum_a(event)])]
    with CaptureQueriesContext(connection) as captured:
        response = client.post(f"/events/{event.code}/register/", registration_data(rows))
    assert response.status_code == 200
    counting = [q for q in captured if "SELECT COUNT(*)" in q["sql"] and "events_place" in q["sql"]]
    assert len(counting) == 1
    form = response.context["formset"].forms[0]
    assert response.context["counts"] and all(
        available.free <= 0
        for activity, available in response.context["counts"]
        if activity.pk == forum_a(event).pk
    )
    assert form.data  # what was typed is kept


def test_the_event_page_comes_with_the_event(client, outsider, site_home):
    """The form's title and description for sharing come from the event's page, read in the
    event's own query (a reverse one-to-one looked up alone costs a query, page or not)."""
    from events.models import EventIndexPage, EventPage

    client.force_login(outsider[0])
    without = event_with(1, "nopage")
    with_page = event_with(1, "withpage")
    index = site_home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    index.add_child(
        instance=EventPage(
            title="分享用的标题", slug="withpage", event=with_page, search_description="分享摘要"
        )
    )
    for event in (without, with_page):
        client.get(f"/events/{event.code}/register/")  # the page's first showing keeps its links
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/events/{event.code}/register/")
        assert response.status_code == 200
        alone = [
            query["sql"]
            for query in captured
            if 'FROM "events_eventpage"' in query["sql"]
            or 'FROM "wagtailcore_page"' in query["sql"]
        ]
        assert alone == [], alone
    page = response.content.decode()
    assert 'property="og:title" content="分享用的标题"' in page
    assert "分享摘要" in page


def test_tickets_and_activities_compile_no_sql_once_shown(client, outsider, compiled_models):
    """A form sent again (a sold-out rush is mostly buyers turned away) reads the tickets, the
    activities and which ticket admits to which with SQL kept per process: none of them is
    compiled again, as a prefetched relation's query was on every request."""
    from events.models import TicketType

    client.force_login(outsider[0])
    event = event_with(3, "kept")
    Activity.objects.filter(pk=forum_a(event).pk).update(capacity=0)
    rows = [attendee_row(ticket(event), "新人", "kept@example.com", forums=[forum_a(event)])]
    url = f"/events/{event.code}/register/"
    assert client.post(url, registration_data(rows)).status_code == 200
    compiled_models.clear()
    response = client.post(url, registration_data(rows))
    assert response.status_code == 200
    through = TicketType.activities.through
    assert {TicketType, Activity, through}.isdisjoint(compiled_models), compiled_models
    # Each ticket still admits to exactly its own activities, in their order.
    admits = TicketType.objects.get(pk=ticket(event).pk).activities.all()
    [shown] = [t for t in response.context["tickets"] if t.pk == ticket(event).pk]
    assert list(shown.activities.all()) == list(admits)


def test_the_kept_blank_attendee_costs_no_form(client, outsider, monkeypatch):
    """The blank attendee the browser copies is kept once rendered: a form shown or sent back
    afterwards builds the attendees' forms only, not a blank one that nothing renders."""
    from events.forms import AttendeeForm

    client.force_login(outsider[0])
    event = event_with(1, "blank")
    url = f"/events/{event.code}/register/"
    assert client.get(url).status_code == 200  # renders the blank attendee and keeps it
    built = []
    init = AttendeeForm.__init__

    def counting(self, *args, **kwargs):
        built.append(kwargs.get("prefix"))
        init(self, *args, **kwargs)

    monkeypatch.setattr(AttendeeForm, "__init__", counting)
    response = client.get(url + "?n=2")
    assert response.status_code == 200
    assert built == ["attendee-0", "attendee-1"]
    assert 'id="attendee-template"' in response.content.decode()
    assert "__number__" in response.content.decode()  # the kept blank attendee is there
