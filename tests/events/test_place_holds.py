"""Capacity counts held places from Place.holds, which follows the order's status: held while
the order holds places (approval pending, pending payment, confirmed), freed when it expires or
is cancelled, held again when a late payment revives it. Every change of the order table is
tried, and the services that free and take back places are used as the secretariat uses them."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events import services
from events.models import Order, Place
from events.services.capacity import availability

from .factories import forum_a, place

pytestmark = pytest.mark.django_db

# Sorted: the table's targets are sets, whose order differs between processes (and pytest-xdist
# needs every worker to collect the same tests in the same order).
CHANGES = sorted(
    (source, target) for source, targets in Order.TRANSITIONS.items() for target in targets
)


def held_as_their_orders_say() -> bool:
    return all(
        place.holds == (place.attendee.order.status in Order.HOLDS_PLACES)
        for place in Place.objects.select_related("attendee__order")
    )


@pytest.mark.parametrize(("source", "target"), CHANGES, ids=lambda status: str(status))
def test_every_change_of_status_keeps_the_places_in_step(event, outsider, source, target):
    order = place(event, outsider[0], names=("甲", "乙"), forums=[forum_a(event)])
    Order.objects.filter(pk=order.pk).update(status=source)
    Place.objects.filter(attendee__order=order).update(holds=source in Order.HOLDS_PLACES)
    order.refresh_from_db()
    order.transition(target, reason="test")
    assert set(Place.objects.filter(attendee__order=order).values_list("holds", flat=True)) == {
        target in Order.HOLDS_PLACES
    }


def test_cancelling_frees_the_places_and_a_late_payment_takes_them_back(
    event, outsider, member, staff
):
    forum = forum_a(event)
    forum.capacity = 1
    forum.save()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    unpaid = place(event, outsider[0], names=("欠",), forums=[forum], now=long_ago)
    assert availability([forum])[forum.pk].free == 0

    services.expire_overdue_orders()
    unpaid.refresh_from_db()
    assert unpaid.status == Order.Status.EXPIRED
    assert availability([forum])[forum.pk].free == 1

    services.record_payment(unpaid, user=staff, amount=unpaid.total)  # revived: places free
    unpaid.refresh_from_db()
    assert unpaid.status == Order.Status.CONFIRMED
    assert availability([forum])[forum.pk].free == 0

    services.cancel_order(unpaid, user=staff, by_staff=True, fee=0, reason="test")
    assert availability([forum])[forum.pk].free == 1
    taker = place(event, member[0], organization=member[1], names=("新",), forums=[forum])
    assert taker.status in Order.HOLDS_PLACES
    assert held_as_their_orders_say()


def test_the_count_reads_places_only(event, outsider):
    """One index of places, whatever the orders and attendees hold: no join to either."""
    forum = forum_a(event)
    forum.capacity = 10
    forum.save()
    for number in range(3):
        place(event, outsider[0], names=(f"人{number}",), forums=[forum])
    with CaptureQueriesContext(connection) as captured:
        assert availability([forum])[forum.pk].taken == 3
    (count,) = [q["sql"] for q in captured]
    assert "events_order" not in count and "events_attendee" not in count


def test_every_status_pair_is_tried():
    statuses = set(Order.Status.values)
    assert {status for status in itertools.chain(*CHANGES)} <= statuses
    assert len(CHANGES) == sum(len(targets) for targets in Order.TRANSITIONS.values())
