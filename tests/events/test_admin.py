"""Back office: listings with filters in few queries, exports of attendees by activity and by
organization, the dashboard panel, event and ticket editing."""

import io
import re

import pytest
from openpyxl import load_workbook

from events import services
from events.admin_views import dashboard_rows
from events.models import Order, TicketType

from .factories import forum_a, make_event, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(event, member, outsider, staff):
    orders = []
    for index in range(6):
        order = place(
            event,
            member[0],
            organization=member[1],
            names=(f"甲{index}",),
            emails=[f"m{index}@example.com"],
        )
        services.record_payment(order, user=staff, amount=order.total)
        orders.append(order)
    orders.append(
        place(event, outsider[0], names=("乙",), emails=["o@example.com"], forums=[forum_a(event)])
    )
    return orders


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/events/",
        "/admin/events/activities/",
        "/admin/events/tickets/",
        "/admin/events/orders/",
        "/admin/events/attendees/",
        "/admin/events/waiting-list/",
        "/admin/events/invoices/",
        "/admin/events/halls/",
        "/admin/events/booths/",
        "/admin/events/exhibitors/",
        "/admin/events/on-site/",
    ],
)
def test_listings_render_in_few_queries(staff_client, busy, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(35):
        response = staff_client.get(url)
    assert response.status_code == 200


def test_attendee_filters(staff_client, busy, event):
    response = staff_client.get(f"/admin/events/attendees/?activity={forum_a(event).pk}")
    body = response.content.decode()
    assert "乙" in body and "甲0" not in body
    response = staff_client.get("/admin/events/attendees/?status=confirmed&q=甲1")
    assert "甲1" in response.content.decode()


def test_attendee_exports(staff_client, busy, event, member):
    response = staff_client.get(
        f"/admin/events/on-site/{event.pk}/export/attendees-by-activity.xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["主论坛", "分论坛A", "分论坛B"]
    assert workbook["主论坛"].max_row == 8  # header + 7 attendees
    assert workbook["分论坛A"].max_row == 2
    response = staff_client.get(
        f"/admin/events/on-site/{event.pk}/export/attendees-by-organization.xlsx"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {
        row[0]: row[1] for row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    assert summary[member[1].name] == 6
    assert (
        staff_client.get(f"/admin/events/on-site/{event.pk}/export/nonsense.xlsx").status_code
        == 404
    )


def test_dashboard_panel_shows_registrations_against_capacity(staff_client, busy, event):
    body = staff_client.get("/admin/").content.decode()
    assert event.title in body and "分论坛A" in body


def test_dashboard_panel_counts_every_event_in_the_same_queries(staff_client, busy, event):
    """The admin home's panel reads the counts of all its coming events together: a fifth
    event adds no query (it was three per event)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff_client.get("/admin/")  # warm: the session, the user's profile
    with CaptureQueriesContext(connection) as one:
        staff_client.get("/admin/")
    for number in range(4):
        later = make_event(f"more{number}", days_ahead=40 + number, title=f"后续活动{number}")
        place(later, busy[-1].created_by, names=(f"丙{number}",), emails=[f"c{number}@example.com"])
    with CaptureQueriesContext(connection) as five:
        body = staff_client.get("/admin/").content.decode()
    assert "后续活动3" in body
    assert len(five) == len(one)
    rows = dashboard_rows()
    assert [row["event"].code for row in rows][:2] == [event.code, "more0"]
    for row in rows:  # each event's counts are its own, as the single-event service gives
        assert row["counts"] == services.activity_counts(row["event"])


def test_event_inspect_and_checkin_page(staff_client, busy, event):
    response = staff_client.get(f"/admin/events/events/inspect/{event.pk}/")
    assert response.status_code == 200
    # The orders by status, each named and counted, in the order of the status table.
    body = re.sub(r"\s+", "", response.content.decode())
    unpaid = f'status={Order.Status.PENDING_PAYMENT}">{Order.Status.PENDING_PAYMENT.label}</a>:1'
    paid = f'status={Order.Status.CONFIRMED}">{Order.Status.CONFIRMED.label}</a>:6'
    assert -1 < body.find(unpaid) < body.find(paid)


def test_ticket_activities_must_belong_to_the_event(staff_client, event):
    other = make_event("other2030")
    response = staff_client.post(
        "/admin/events/tickets/new/",
        {
            "event": event.pk,
            "name": "错票",
            "badge_label": "",
            "description": "",
            "member_price": "1",
            "non_member_price": "2",
            "activities": [other.activities.first().pk],
            "sort_order": "0",
            "is_active": "on",
        },
    )
    assert response.status_code == 200 and not TicketType.objects.filter(name="错票").exists()


def test_activity_in_use_cannot_be_deleted(staff_client, busy, event):
    activity = forum_a(event)
    response = staff_client.post(f"/admin/events/activities/delete/{activity.pk}/")
    assert response.status_code == 302
    assert type(activity).objects.filter(pk=activity.pk).exists()


def test_inspect_views_show_beijing_time_and_yes_or_no(staff_client, busy, event):
    import datetime

    from django.utils import timezone

    from events.models import Attendee, Booth, WaitingListEntry

    from .factories import make_booths

    entry = WaitingListEntry.objects.create(
        event=event,
        activity=forum_a(event),
        name="候",
        email="w@example.com",
        created_at=datetime.datetime(2026, 11, 23, 17, 50, tzinfo=datetime.UTC),
    )
    body = staff_client.get(f"/admin/events/waiting-list/inspect/{entry.pk}/").content.decode()
    assert "2026年11月24日 01:50" in body and "2026年11月23日" not in body
    attendee = Attendee.objects.filter(member_price=True).first()
    body = staff_client.get(f"/admin/events/attendees/inspect/{attendee.pk}/").content.decode()
    assert ">是<" in body.replace(" ", "").replace("\n", "") and "True" not in body
    make_booths(event)
    assert Booth.objects.filter(is_corner=True).exists()
    listing = staff_client.get("/admin/events/booths/").content.decode()
    assert "#icon-check" in listing and "#icon-cross" in listing  # ticks, not True/False
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"
