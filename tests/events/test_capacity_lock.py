"""The capacity lock and the count under it (`locked_availability`).

On PostgreSQL the lock timeout, the row lock and the count go to the server as one message, so
a buyer holds the activities' rows every other buyer queues on for one round trip and the
commit. The count must still run after the lock is granted, with its own snapshot: a buyer who
waited for the lock counts the places its holder committed. On SQLite (writers serialised by
BEGIN IMMEDIATE) the same function locks nothing and counts."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from events.models import Activity, Place
from events.services.capacity import availability, lock_activities, locked_availability

from .factories import forum_a, forum_b, make_event, non_member_contact, place

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need PostgreSQL (run with DATABASE_URL=postgres://...)",
)


@pytest.mark.django_db
def test_the_locked_count_is_the_count(event, outsider):
    place(event, outsider[0], names=("甲", "乙"), forums=[forum_a(event)])
    wanted = [forum_b(event).pk, forum_a(event).pk]
    with transaction.atomic():
        locked, counts = locked_availability(wanted)
    assert [activity.pk for activity in locked] == sorted(wanted)
    assert all(isinstance(activity, Activity) for activity in locked)
    assert [activity.name for activity in locked] == [
        Activity.objects.get(pk=pk).name for pk in sorted(wanted)
    ]
    assert counts == availability(Activity.objects.filter(pk__in=wanted))
    assert counts[forum_a(event).pk].taken == 2


@postgresql_only
@pytest.mark.django_db
def test_lock_and_count_are_one_round_trip(event):
    wanted = [forum_a(event).pk, forum_b(event).pk]
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        locked_availability(wanted)
    assert len(captured) == 1, [query["sql"][:80] for query in captured]
    sql = captured[0]["sql"]
    assert "lock_timeout" in sql and "FOR UPDATE" in sql and "COUNT(*)" in sql


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_buyer_who_waited_for_the_lock_counts_what_its_holder_committed():
    event = make_event("lockwait")
    forum = forum_a(event)
    buyer, _organization = non_member_contact()
    attendee = place(event, buyer, names=("甲",)).attendees.get()
    locked, holder_done = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                lock_activities([forum.pk])
                Place.objects.create(attendee=attendee, activity=forum, holds=True)
                locked.set()
                holder_done.wait(0.5)  # the waiter is queued on the lock meanwhile
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    assert locked.wait(10)
    with transaction.atomic():
        _locked, counts = locked_availability([forum.pk])  # waits for the holder's commit
    thread.join(10)
    assert counts[forum.pk].taken == 1


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("lock", ["count", "rows"])
def test_a_lock_not_granted_in_time_is_told_as_a_busy_moment(monkeypatch, lock):
    """Every way of taking the capacity lock (with its count, or the rows alone as the booths
    and offers take it) turns a lock wait past the timeout into the buyer's translated
    message, never a database error."""
    from django.utils import translation

    from events.models import RegistrationError
    from events.services import capacity

    monkeypatch.setattr(capacity, "LOCK_TIMEOUT_SECONDS", 0.2)
    event = make_event(f"busy{lock}")
    forum = forum_a(event)
    locked, release = threading.Event(), threading.Event()

    def holder():
        try:
            with transaction.atomic():
                lock_activities([forum.pk])
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=holder)
    thread.start()
    try:
        assert locked.wait(10)
        take = locked_availability if lock == "count" else lock_activities
        with translation.override("zh-hans"), pytest.raises(RegistrationError) as refused:
            with transaction.atomic():
                take([forum.pk])
        assert str(refused.value) == "当前报名人数较多，请稍后再试。"
    finally:
        release.set()
        thread.join(10)
