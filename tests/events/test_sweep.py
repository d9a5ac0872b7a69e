"""The scheduled sweep (`manage.py events_sweep`): unpaid orders expire and release their
places, offers not taken up expire and pass to the next in line, unpaid booths are released.
Running it again, at once or later, changes nothing more and sends nothing twice."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events import services
from events.models import (
    Booth,
    ExhibitorApplication,
    Order,
    Place,
    WaitingListEntry,
)
from website.core.states import StatusChange

from .factories import forum_a, make_booths, place

pytestmark = pytest.mark.django_db


def run_sweep() -> str:
    out = io.StringIO()
    call_command("events_sweep", stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def due(event, member, outsider, staff):
    """Forum A (three places) holds an order past its payment deadline, a paid order and a
    lapsed offer to the first of three people waiting; a booth allocation is past its payment
    deadline."""
    user, organization = member
    forum = forum_a(event)
    long_ago = timezone.now() - datetime.timedelta(days=8)
    unpaid = place(event, outsider[0], names=("欠",), forums=[forum_a(event)], now=long_ago)
    keeper = place(event, outsider[0], names=("占",), emails=["keep@example.com"])
    services.record_payment(keeper, user=staff, amount=keeper.total)
    Place.objects.create(attendee=keeper.attendees.get(), activity=forum)
    waiting = [
        services.join_waiting_list(
            forum_a(event),
            user=user,
            attendee=place(
                event, user, organization=organization, names=(name,), emails=[f"{name}@x.com"]
            ).attendees.get(),
        )
        for name in ("first", "second", "third")
    ]
    # A third place was added and offered to the first in line; the offer lapsed an hour ago.
    forum.capacity = 3
    forum.save()
    WaitingListEntry.objects.filter(pk=waiting[0].pk).update(
        status=WaitingListEntry.Status.OFFERED,
        offered_at=long_ago,
        offer_expires_at=timezone.now() - datetime.timedelta(hours=1),
    )
    booths = make_booths(event)
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
        ),
    )
    services.allocate_booth(
        application, booths[0], user=staff, now=timezone.now() - datetime.timedelta(days=30)
    )
    mail.outbox.clear()
    return {"unpaid": unpaid, "waiting": waiting, "application": application, "booth": booths[0]}


def test_one_sweep_does_everything_due(due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_sweep() == "orders_expired=1 offers_expired=1 places_offered=2 booths_released=1"
    due["unpaid"].refresh_from_db()
    assert due["unpaid"].status == Order.Status.EXPIRED
    statuses = [WaitingListEntry.objects.get(pk=entry.pk).status for entry in due["waiting"]]
    # The lapsed offer is closed; the unpaid order's place and the lapsed offer's place go to
    # the next two in line.
    assert statuses == ["expired", "offered", "offered"]
    due["booth"].refresh_from_db()
    assert due["booth"].status == Booth.Status.AVAILABLE and due["booth"].application is None
    assert (
        ExhibitorApplication.objects.get(pk=due["application"].pk).status
        == ExhibitorApplication.Status.RELEASED
    )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients.count("first@x.com") == 1  # offer expired
    assert recipients.count("second@x.com") == 1 and recipients.count("third@x.com") == 1


def test_a_second_sweep_changes_and_sends_nothing(due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run_sweep()
    changes, sent = StatusChange.objects.count(), len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_sweep() == "orders_expired=0 offers_expired=0 places_offered=0 booths_released=0"
    assert (StatusChange.objects.count(), len(mail.outbox)) == (changes, sent)


def test_offers_not_taken_up_pass_on_at_a_later_sweep(due, event):
    run_sweep()
    later = timezone.now() + datetime.timedelta(hours=event.offer_hours + 1)
    result = services.sweep(now=later)
    assert result["offers_expired"] == 2
    statuses = [WaitingListEntry.objects.get(pk=entry.pk).status for entry in due["waiting"]]
    assert statuses == ["expired", "expired", "expired"]  # nobody left to pass to
    assert services.availability([forum_a(event)], now=later)[forum_a(event).pk].free == 2
    assert services.sweep(now=later) == {
        "orders_expired": 0,
        "offers_expired": 0,
        "places_offered": 0,
        "booths_released": 0,
    }


def test_a_paid_order_or_booth_is_left_alone(event, member, staff):
    user, organization = member
    long_ago = timezone.now() - datetime.timedelta(days=8)
    order = place(event, user, organization=organization, now=long_ago)
    services.record_payment(order, user=staff, amount=order.total)
    booth = make_booths(event)[0]
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
        ),
    )
    application = services.allocate_booth(
        application, booth, user=staff, now=timezone.now() - datetime.timedelta(days=30)
    )
    services.record_booth_payment(application, user=staff, amount=application.amount)
    assert run_sweep() == "orders_expired=0 offers_expired=0 places_offered=0 booths_released=0"
    order.refresh_from_db()
    booth.refresh_from_db()
    assert (order.status, booth.status) == (Order.Status.CONFIRMED, Booth.Status.SOLD)
