"""Places in activities: how many are taken, and the lock that keeps them from being oversold.

As in pretix, whoever is about to make places *less* available locks the rows of the activities
concerned (here with SELECT ... FOR UPDATE, always in primary-key order so two buyers never
wait for each other in a circle) and counts under the lock, in the transaction that writes
the places. A new order writes its places first and then locks and counts them with everyone
else's (`check_written_places`): nobody commits places without counting them under the lock,
and the rows every buyer of an event queues on stay locked for one count and the commit. On
PostgreSQL the lock and the count travel in one message (`locked_availability`), so the lock
is held for one round trip and the commit.
Freeing places (cancelling, expiring) needs no lock. On SQLite the lock is a no-op, but every
transaction starts with BEGIN IMMEDIATE (settings), so writers are serialised anyway.

Tests of the locking itself may switch the lock off and widen the window between counting and
writing through `settings.EVENTS_RACE_TEST` (never set outside tests):
    {"skip_lock": True, "delay": 0.2}
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Activity,
    Booth,
    Place,
    RegistrationError,
    WaitingListEntry,
)

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


def _set_lock_timeout() -> str:
    """The statement that bounds how long this transaction waits for a row lock."""
    return f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT_SECONDS}s'"


def _require_transaction() -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("Capacity locks are taken inside a transaction.")


@contextmanager
def _busy_when_the_lock_waits_too_long():
    """A lock not granted within the timeout is a busy moment, told as such to the buyer."""
    try:
        yield
    except DatabaseError as error:
        raise RegistrationError(
            _("Many people are registering at this moment. Please try again in a minute.")
        ) from error


def _lock_rows(model, pks: Iterable[int]) -> list:
    _require_transaction()
    pks = sorted(set(pks))
    if not pks or _race_test().get("skip_lock"):
        return list(model.objects.filter(pk__in=pks).order_by("pk"))
    with _busy_when_the_lock_waits_too_long():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(_set_lock_timeout())
        return list(model.objects.select_for_update().filter(pk__in=pks).order_by("pk"))


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
    capacity lock, every round trip saved is time the activities' rows stay locked). The SQL
    is written out: the ORM spent more time building the two subqueries than PostgreSQL
    spent counting."""
    activities = list(activities)
    ids = [activity.pk for activity in activities]
    if not ids:
        return {}
    counts = {
        pk: (taken, offered)
        for pk, taken, offered in _count(ids, exclude_offer=exclude_offer, now=now)
    }
    return {
        activity.pk: Availability(
            capacity=activity.capacity,
            taken=counts.get(activity.pk, (0, 0))[0],
            offered=counts.get(activity.pk, (0, 0))[1],
        )
        for activity in activities
    }


def _count_sql(ids: list[int], *, exclude_offer, now, columns: str = "a.id") -> tuple[str, list]:
    """(columns, places of orders that hold places, live offers) for these activities, in pk
    order. Held places are counted from the partial index on Place.holds (kept by the order's
    status changes), not by joining each place's attendee and order: that join made the count,
    and the lock held around it, grow with every registration (11 ms at 10,000 places)."""
    sql = (
        f"SELECT {columns},"  # noqa: S608 - names from the models, values as parameters
        f" (SELECT COUNT(*) FROM {Place._meta.db_table} p"
        f" WHERE p.activity_id = a.id AND p.holds),"
        f" (SELECT COUNT(*) FROM {WaitingListEntry._meta.db_table} w"
        f" WHERE w.activity_id = a.id AND w.status = %s AND w.offer_expires_at > %s"
        f" AND w.id <> %s)"
        f" FROM {Activity._meta.db_table} a WHERE a.id IN ({', '.join(['%s'] * len(ids))})"
        f" ORDER BY a.id"
    )
    params = [
        WaitingListEntry.Status.OFFERED.value,
        now or timezone.now(),
        exclude_offer.pk if exclude_offer is not None else 0,
        *ids,
    ]
    return sql, params


def _count(ids: list[int], *, exclude_offer, now) -> list[tuple[int, int, int]]:
    sql, params = _count_sql(ids, exclude_offer=exclude_offer, now=now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def locked_availability(
    activity_ids: Iterable[int], *, exclude_offer: WaitingListEntry | None = None, now=None
) -> tuple[list[Activity], dict[int, Availability]]:
    """Lock these activities until the end of the transaction and count their places under
    the lock: the activities in pk order, and their availability.

    On PostgreSQL the lock timeout, the lock and the count go to the server as one message of
    three statements (one round trip instead of three), so a buyer holds the rows every other
    buyer of the event queues on for one round trip and the commit. Each statement takes its
    own snapshot (READ COMMITTED), so the count, run after the lock is granted, sees every
    order committed by whoever held the lock before."""
    _require_transaction()
    ids = sorted(set(activity_ids))
    if not ids or connection.vendor != "postgresql" or _race_test().get("skip_lock"):
        locked = lock_activities(ids)
        return locked, availability(locked, exclude_offer=exclude_offer, now=now)
    fields = Activity._meta.concrete_fields
    table = Activity._meta.db_table
    count_sql, count_params = _count_sql(
        ids,
        exclude_offer=exclude_offer,
        now=now,
        columns=", ".join(f"a.{connection.ops.quote_name(field.column)}" for field in fields),
    )
    placeholders = ", ".join(["%s"] * len(ids))
    # Names from the models, values as parameters.
    sql = (
        f"{_set_lock_timeout()}; "  # noqa: S608
        f"SELECT id FROM {table} WHERE id IN ({placeholders}) ORDER BY id FOR UPDATE; "
        f"{count_sql}"
    )
    with _busy_when_the_lock_waits_too_long(), connection.cursor() as cursor:
        cursor.execute(sql, [*ids, *count_params])
        cursor.nextset()  # the lock's rows
        cursor.nextset()  # the count's
        rows = cursor.fetchall()
    names = [field.attname for field in fields]
    locked, counts = [], {}
    for row in rows:
        activity = Activity.from_db(connection.alias, names, row[: len(names)])
        taken, offered = row[len(names) :]
        locked.append(activity)
        counts[activity.pk] = Availability(activity.capacity, taken, offered)
    return locked, counts


def check_places(
    wanted: dict[int, int], *, exclude_offer: WaitingListEntry | None = None
) -> list[Activity]:
    """Lock the activities in `wanted` (activity id -> places) and return those that lack
    places. Call inside the transaction that will write the places."""
    locked, counts = locked_availability(wanted, exclude_offer=exclude_offer)
    short = [activity for activity in locked if counts[activity.pk].free < wanted[activity.pk]]
    race_window()
    return short


def check_written_places(
    wanted: dict[int, int], *, exclude_offer: WaitingListEntry | None = None
) -> list[Activity]:
    """The places in `wanted` (activity id -> places) are written in this transaction by an
    order that holds places: lock their activities and return those now over capacity.
    Writing first leaves one count and the commit under the lock; a transaction that has not
    reached the lock has committed nothing, and the count sees every commit before it."""
    locked, counts = locked_availability(wanted, exclude_offer=exclude_offer)
    short = [
        activity
        for activity in locked
        if counts[activity.pk].taken + counts[activity.pk].offered > activity.capacity
    ]
    race_window()
    return short
