"""Registration under 50 concurrent buyers: confirmed registrations per second, p95, and a
sell-out run that proves no activity is ever sold beyond its capacity.

Each of the 50 connections is a logged-in buyer POSTing the real registration form (CSRF,
formset, member check, capacity lock, order, attendee, places, emails queued in the task
table). "registration, 50 buyers" has room for everyone: it measures throughput. "sell-out,
50 buyers" offers 150 places to the same crowd: afterwards exactly 150 are confirmed,
whatever the interleaving, and the rest were turned away with the form's "full" message.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from tests.perf.loadgen import Request
from tests.perf.scenarios import Context
from tests.perf.workloads import Workload

ORDER = 40
BUYERS = 50
SELL_OUT_CAPACITY = 60
EVENT_CODE = "bench-reg"


def _event():
    from events.models import Event

    return Event.objects.get(code=EVENT_CODE)


def prepare(ctx: Context) -> None:
    from decimal import Decimal

    from django.utils import timezone

    from events.models import Activity, Event, TicketType
    from website.core.demo import ensure_user

    start = timezone.localdate() + datetime.timedelta(days=365)
    event, created = Event.objects.get_or_create(
        code=EVENT_CODE,
        defaults={
            "title": "性能测试：报名压力测试大会",
            "kind": Event.Kind.FORUM,
            "starts_on": start,
            "ends_on": start,
            "registration_opens_at": timezone.now() - datetime.timedelta(days=1),
            "waiting_list_enabled": False,
        },
    )
    if created:
        open_hall = Activity.objects.create(event=event, name="大会（不限量）", capacity=10**9)
        small = Activity.objects.create(
            event=event, name="限额分论坛", capacity=SELL_OUT_CAPACITY, is_optional=True
        )
        ticket = TicketType.objects.create(
            event=event, name="免费票", member_price=Decimal("0"), non_member_price=Decimal("0")
        )
        ticket.activities.set([open_hall, small])
        ctx.log("events: created the bench registration event")
    event.activities.filter(is_optional=True).exclude(capacity=SELL_OUT_CAPACITY).update(
        capacity=SELL_OUT_CAPACITY
    )
    for number in range(BUYERS):
        ensure_user(
            f"bench-buyer-{number:02d}@example.org", last_name="压测", first_name=f"{number:02d}"
        )


def _form(ticket_id: int, forum_id: int | None, number: int) -> bytes:
    data = {
        "n": "1",
        "contact_name": f"压测{number:02d}",
        "contact_phone": "13800000000",
        "contact_email": f"bench-buyer-{number:02d}@example.org",
        "attendee-TOTAL_FORMS": "1",
        "attendee-INITIAL_FORMS": "0",
        "attendee-MIN_NUM_FORMS": "1",
        "attendee-MAX_NUM_FORMS": "20",
        "attendee-0-ticket_type": str(ticket_id),
        "attendee-0-name": f"压测买家{number:02d}",
        "attendee-0-organization_name": "性能测试单位",
        "attendee-0-mobile": "13900000000",
        "attendee-0-email": f"attendee-{number:02d}@example.org",
    }
    if forum_id is not None:
        data["attendee-0-activities"] = str(forum_id)
    return urlencode(data).encode()


def workloads(ctx: Context) -> list[Workload]:
    from django.db.models import Count, Q

    from events.models import Order, Place
    from tests.perf.data import logged_in_headers
    from website.accounts.models import User

    event = _event()
    ticket = event.ticket_types.get()
    forum = event.activities.get(is_optional=True)
    path = f"/events/{EVENT_CODE}/register/"
    buyers = [
        logged_in_headers(User.objects.get(email=f"bench-buyer-{n:02d}@example.org"))
        for n in range(BUYERS)
    ]

    def requests_for(forum_id):
        def requests(number: int) -> list[Request]:
            headers = {
                **buyers[number % BUYERS],
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept-Language": "zh-CN",
            }
            return [Request(path, "POST", headers, _form(ticket.pk, forum_id, number % BUYERS))]

        return requests

    def reset():
        from django.db import connection

        # Orders of this event only; CASCADE removes attendees, places and history rows.
        Order.objects.filter(event=event).delete()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # the tables grew; keep the planner honest

    def counts():
        return Place.objects.filter(activity=forum).aggregate(
            confirmed=Count("pk", filter=Q(attendee__order__status=Order.Status.CONFIRMED)),
            held=Count("pk", filter=Q(attendee__order__status__in=Order.HOLDS_PLACES)),
        )

    def throughput(result):
        confirmed = result.statuses.get("302", 0)
        return {
            "confirmed registrations/s": round(confirmed / result.duration, 1),
            "confirmed (measured)": confirmed,
        }

    def sell_out(result):
        found = counts()
        return {
            "capacity": SELL_OUT_CAPACITY,
            "confirmed": found["confirmed"],
            "oversold": max(0, found["held"] - SELL_OUT_CAPACITY),
            "turned away": result.statuses.get("200", 0),
        }

    return [
        Workload(
            "registration, 50 buyers",
            requests_for(None),
            connections=BUYERS,
            expect=("302",),
            public_page=False,
            setup=reset,
            check=throughput,
        ),
        Workload(
            "sell-out, 50 buyers",
            requests_for(forum.pk),
            connections=BUYERS,
            expect=("302", "200"),
            public_page=False,
            setup=reset,
            check=sell_out,
        ),
    ]
