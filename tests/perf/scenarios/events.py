"""Registration rush: 50 and 500 concurrent buyers; confirmed registrations per second, p95,
and sell-outs that prove no activity is ever sold beyond its capacity.

Each connection is a logged-in buyer POSTing the real registration form (CSRF, formset,
member check, hold limits, capacity lock, order, attendee, places; the mails are a task row
rendered later by the worker). "registration, 50 buyers" has room for everyone: it measures
throughput. "sell-out, 50 buyers" offers 60 places of a forum to the same crowd, "sell-out,
500 buyers for 300 seats" 300 places to 500 buyers: afterwards exactly the capacity is
confirmed, whatever the interleaving, and the rest were turned away with the form's "full"
message.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from tests.perf.loadgen import Request
from tests.perf.scenarios import Context
from tests.perf.workloads import Workload

ORDER = 40
BUYERS = 50
RUSH_BUYERS = 500
SELL_OUT_CAPACITY = 60
RUSH_CAPACITY = 300
EVENT_CODE = "bench-reg"
RUSH_CODE = "bench-rush"


def _buyer_email(number: int) -> str:
    return f"bench-buyer-{number:02d}@example.org"


def _ensure_event(code: str, title: str, capacity: int, log):
    from decimal import Decimal

    from django.utils import timezone

    from events.models import Activity, Event, TicketType

    start = timezone.localdate() + datetime.timedelta(days=365)
    event, created = Event.objects.get_or_create(
        code=code,
        defaults={
            "title": title,
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
            event=event, name="限额分论坛", capacity=capacity, is_optional=True
        )
        ticket = TicketType.objects.create(
            event=event, name="免费票", member_price=Decimal("0"), non_member_price=Decimal("0")
        )
        ticket.activities.set([open_hall, small])
        log(f"events: created the bench registration event {code}")
    event.activities.filter(is_optional=True).exclude(capacity=capacity).update(capacity=capacity)
    return event


def _ensure_buyers(count: int) -> None:
    """Buyer accounts in bulk: one password hash for all (hashing 500 would take minutes)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password

    from website.accounts.models import User

    wanted = {_buyer_email(number): number for number in range(count)}
    have = set(User.objects.filter(email__in=wanted).values_list("email", flat=True))
    missing = [email for email in wanted if email not in have]
    if not missing:
        return
    password = make_password("bench-buyer")
    users = User.objects.bulk_create(
        [
            User(email=email, password=password, last_name="压测", first_name=str(wanted[email]))
            for email in missing
        ]
    )
    if users and users[0].pk is None:  # SQLite without RETURNING
        users = list(User.objects.filter(email__in=missing))
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        ignore_conflicts=True,
    )


def prepare(ctx: Context) -> None:
    _ensure_event(EVENT_CODE, "性能测试：报名压力测试大会", SELL_OUT_CAPACITY, ctx.log)
    _ensure_event(RUSH_CODE, "性能测试：五百人抢票大会", ctx.size(RUSH_CAPACITY), ctx.log)
    _ensure_buyers(max(BUYERS, ctx.size(RUSH_BUYERS)))


def _form(ticket_id: int, forum_id: int | None, number: int) -> bytes:
    data = {
        "n": "1",
        "contact_name": f"压测{number:02d}",
        "contact_phone": "13800000000",
        "contact_email": _buyer_email(number),
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

    from events.models import Event, Order, Place
    from tests.perf.data import logged_in_headers
    from website.accounts.models import User

    rush_buyers = max(BUYERS, ctx.size(RUSH_BUYERS))
    users = {
        user.email: user
        for user in User.objects.filter(email__in=[_buyer_email(n) for n in range(rush_buyers)])
    }
    buyers = [logged_in_headers(users[_buyer_email(n)]) for n in range(rush_buyers)]

    def requests_for(event, forum_id, crowd):
        ticket = event.ticket_types.get()
        path = f"/events/{event.code}/register/"

        def requests(number: int) -> list[Request]:
            headers = {
                **buyers[number % crowd],
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept-Language": "zh-CN",
            }
            return [Request(path, "POST", headers, _form(ticket.pk, forum_id, number % crowd))]

        return requests

    def reset_for(event):
        def reset():
            from django.db import connection

            # Orders of this event only; CASCADE removes attendees, places and history rows.
            Order.objects.filter(event=event).delete()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # the tables grew; keep the planner honest

        return reset

    def throughput(result):
        confirmed = result.statuses.get("302", 0)
        return {
            "confirmed registrations/s": round(confirmed / result.duration, 1),
            "confirmed (measured)": confirmed,
        }

    def sell_out_for(forum):
        def sell_out(result):
            found = Place.objects.filter(activity=forum).aggregate(
                confirmed=Count("pk", filter=Q(attendee__order__status=Order.Status.CONFIRMED)),
                held=Count("pk", filter=Q(attendee__order__status__in=Order.HOLDS_PLACES)),
            )
            return {
                "capacity": forum.capacity,
                "confirmed": found["confirmed"],
                "oversold": max(0, found["held"] - forum.capacity),
                "turned away": result.statuses.get("200", 0),
            }

        return sell_out

    event = Event.objects.get(code=EVENT_CODE)
    forum = event.activities.get(is_optional=True)
    rush = Event.objects.get(code=RUSH_CODE)
    rush_forum = rush.activities.get(is_optional=True)
    return [
        Workload(
            "registration, 50 buyers",
            requests_for(event, None, BUYERS),
            connections=BUYERS,
            expect=("302",),
            public_page=False,
            setup=reset_for(event),
            check=throughput,
        ),
        Workload(
            "sell-out, 50 buyers",
            requests_for(event, forum.pk, BUYERS),
            connections=BUYERS,
            expect=("302", "200"),
            public_page=False,
            setup=reset_for(event),
            check=sell_out_for(forum),
        ),
        Workload(
            f"sell-out, {rush_buyers} buyers for {rush_forum.capacity} seats",
            requests_for(rush, rush_forum.pk, rush_buyers),
            connections=rush_buyers,
            expect=("302", "200"),
            public_page=False,
            setup=reset_for(rush),
            check=sell_out_for(rush_forum),
        ),
    ]
