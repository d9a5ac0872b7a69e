"""Places in activities: how many are taken, and the lock that keeps them from being oversold.

As in pretix, whoever is about to make places *less* available locks the rows of the activities
concerned first (here with SELECT ... FOR UPDATE, always in primary-key order so two buyers
never wait for each other in a circle), then counts, then writes, all in one transaction.
Freeing places (cancelling, expiring) needs no lock. On SQLite the lock is a no-op, but every
transaction starts with BEGIN IMMEDIATE (settings), so writers are serialised anyway.

Tests of the locking itself may switch the lock off and widen the window between counting and
writing through `settings.EVENTS_RACE_TEST` (never set outside tests):
    {"skip_lock": True, "delay": 0.2}
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Activity, Booth, Order, Place, RegistrationError, WaitingListEntry

LOCK_TIMEOUT_SECONDS = 5


@dataclass(frozen=True)
class Availability:
    capacity: int
    taken: int  # places of orders that hold places
    offered: int  # places held by live waiting-list offers

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken - self.offered)

    @property
    def is_full(self) -> bool:
        return self.free <= 0


def _race_test() -> dict:
    return getattr(settings, "EVENTS_RACE_TEST", None) or {}


def race_window() -> None:
    """Tests only: wait between the capacity check and the write to widen a race window."""
    delay = _race_test().get("delay")
    if delay:
        time.sleep(float(delay))


def _lock_rows(model, pks: Iterable[int]) -> list:
    if not connection.in_atomic_block:
        raise RuntimeError("Capacity locks are taken inside a transaction.")
    pks = sorted(set(pks))
    if not pks or _race_test().get("skip_lock"):
        return list(model.objects.filter(pk__in=pks).order_by("pk"))
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'")
        return list(model.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
    except DatabaseError as error:
        raise RegistrationError(
            _("Many people are registering at this moment. Please try again in a minute.")
        ) from error


def lock_activities(activity_ids: Iterable[int]) -> list[Activity]:
    """Lock these activities until the end of the transaction; returns them in pk order."""
    return _lock_rows(Activity, activity_ids)


def lock_booth(booth_id: int) -> Booth:
    rows = _lock_rows(Booth, [booth_id])
    if not rows:
        raise RegistrationError(_("This booth no longer exists."))
    return rows[0]


def availability(
    activities: Iterable[Activity], *, exclude_offer: WaitingListEntry | None = None, now=None
) -> dict[int, Availability]:
    """Capacity, taken and offered places per activity id, in one query (run under the
    capacity lock, every round trip saved is time the activities' rows stay locked)."""
    activities = list(activities)
    ids = [activity.pk for activity in activities]
    if not ids:
        return {}
    taken = (
        Place.objects.filter(
            activity=OuterRef("pk"), attendee__order__status__in=Order.HOLDS_PLACES
        )
        .order_by()
        .values("activity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    offers = WaitingListEntry.objects.filter(activity=OuterRef("pk")).live_offers(
        now or timezone.now()
    )
    if exclude_offer is not None:
        offers = offers.exclude(pk=exclude_offer.pk)
    offered = offers.order_by().values("activity").annotate(n=Count("pk")).values("n")
    counts = {
        pk: (taken_count, offered_count)
        for pk, taken_count, offered_count in Activity.objects.filter(pk__in=ids)
        .order_by()
        .annotate(
            taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
            offered=Coalesce(Subquery(offered, output_field=IntegerField()), 0),
        )
        .values_list("pk", "taken", "offered")
    }
    return {
        activity.pk: Availability(
            capacity=activity.capacity,
            taken=counts.get(activity.pk, (0, 0))[0],
            offered=counts.get(activity.pk, (0, 0))[1],
        )
        for activity in activities
    }


def check_places(
    wanted: dict[int, int], *, exclude_offer: WaitingListEntry | None = None
) -> list[Activity]:
    """Lock the activities in `wanted` (activity id -> places) and return those that lack
    places. Call inside the transaction that will write the places."""
    locked = lock_activities(wanted)
    counts = availability(locked, exclude_offer=exclude_offer)
    short = [activity for activity in locked if counts[activity.pk].free < wanted[activity.pk]]
    race_window()
    return short
