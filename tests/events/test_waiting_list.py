"""Waiting list: entries in order; a freed place is offered for a limited time by email; an
offer not taken passes on; offers hold their place against other buyers."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Order, Place, WaitingListEntry

from .factories import forum_a, main, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_forum(event, outsider):
    """Forum A (two places) booked by an outsider's order."""
    order = place(event, outsider[0], names=("甲", "乙"), forums=[forum_a(event)])
    return order


def test_attendee_waits_is_offered_and_takes_the_place(
    client, event, member, full_forum, django_capture_on_commit_callbacks
):
    user, organization = member
    order = place(event, user, organization=organization, names=("丙",), emails=["c@example.com"])
    attendee = order.attendees.get()
    client.force_login(user)
    page = client.get(f"/events/my/orders/{order.code}/").content.decode()
    assert f"/events/my/attendees/{attendee.pk}/wait/{forum_a(event).pk}/" in page
    client.post(f"/events/my/attendees/{attendee.pk}/wait/{forum_a(event).pk}/")
    entry = WaitingListEntry.objects.get()
    assert entry.status == "waiting" and entry.attendee == attendee
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_order(full_forum, user=full_forum.created_by)
    entry.refresh_from_db()
    assert entry.status == "offered"
    assert entry.offer_expires_at > timezone.now()
    offer_mail = [m for m in mail.outbox if "c@example.com" in m.to]
    assert user.email in offer_mail[0].to  # the registrant takes the offer up
    assert offer_mail and entry.offer_token in offer_mail[0].body
    response = client.post(f"/events/offer/{entry.offer_token}/", {"action": "accept"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "accepted"
    assert Place.objects.filter(attendee=attendee, activity=forum_a(event)).exists()


def test_an_offer_holds_its_place_and_passes_on_when_not_taken(event, member, outsider, full_forum):
    user, organization = member
    first = place(
        event, user, organization=organization, names=("丙",), emails=["c@example.com"]
    ).attendees.get()
    second = place(
        event, user, organization=organization, names=("丁",), emails=["d@example.com"]
    ).attendees.get()
    services.join_waiting_list(forum_a(event), user=user, attendee=first)
    services.join_waiting_list(forum_a(event), user=user, attendee=second)
    # One place frees up: the first in line is offered it.
    services.cancel_order(full_forum, user=outsider[0])
    offers = WaitingListEntry.objects.filter(status="offered")
    assert [entry.attendee for entry in offers] == [first, second]  # two places freed
    # Offered places are held: nobody else can book them.
    with pytest.raises(services.CapacityError):
        place(event, outsider[0], names=("戊",), emails=["e@example.com"], forums=[forum_a(event)])
    # The first offer lapses: it passes to nobody (no one else waits) and the place is free.
    later = timezone.now() + datetime.timedelta(hours=event.offer_hours + 1)
    assert services.expire_offers(now=later) == 2
    assert services.expire_offers(now=later) == 0  # idempotent
    assert set(WaitingListEntry.objects.values_list("status", flat=True)) == {"expired"}


def test_a_lapsed_offer_goes_to_the_next_in_line(
    event, member, outsider, full_forum, django_capture_on_commit_callbacks
):
    user, organization = member
    attendees = [
        place(
            event, user, organization=organization, names=(name,), emails=[f"{name}@example.com"]
        ).attendees.get()
        for name in ("c", "d")
    ]
    for attendee in attendees:
        services.join_waiting_list(forum_a(event), user=user, attendee=attendee)
    # Free exactly one place: move one of the two forum seats away.
    Place.objects.filter(activity=forum_a(event), attendee__order=full_forum).first().delete()
    services.offer_all_free_places()
    first, second = WaitingListEntry.objects.order_by("pk")
    first.refresh_from_db()
    assert (first.status, second.status) == ("offered", "waiting")
    mail.outbox.clear()
    later = timezone.now() + datetime.timedelta(hours=event.offer_hours + 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.sweep(now=later)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "expired"
    assert second.status == "offered"
    assert {m.to[0] for m in mail.outbox} == {"c@example.com", "d@example.com"}


def test_declining_passes_the_offer_on(client, event, member, outsider, full_forum):
    user, organization = member
    attendees = [
        place(
            event, user, organization=organization, names=(name,), emails=[f"{name}@example.com"]
        ).attendees.get()
        for name in ("c", "d")
    ]
    for attendee in attendees:
        services.join_waiting_list(forum_a(event), user=user, attendee=attendee)
    Place.objects.filter(activity=forum_a(event), attendee__order=full_forum).first().delete()
    services.offer_all_free_places()
    first = WaitingListEntry.objects.order_by("pk").first()
    client.force_login(user)
    client.post(f"/events/offer/{first.offer_token}/", {"action": "decline"})
    assert list(WaitingListEntry.objects.order_by("pk").values_list("status", flat=True)) == [
        "withdrawn",
        "offered",
    ]


def test_someone_without_a_place_waits_and_registers_with_the_offer(
    client, event, member, outsider
):
    m = main(event)
    m.capacity = 1
    m.save()
    blocker = place(event, outsider[0])
    user, organization = member
    client.force_login(user)
    response = client.post(
        f"/events/{event.code}/waiting-list/{m.pk}/",
        {
            "name": "候补甲",
            "email": "w@example.com",
            "phone": "13900000001",
            "organization_name": organization.name,
        },
    )
    assert response.status_code == 302
    entry = WaitingListEntry.objects.get()
    services.cancel_order(blocker, user=outsider[0])
    entry.refresh_from_db()
    assert entry.status == "offered"
    # Another buyer cannot take the held place.
    with pytest.raises(services.CapacityError):
        place(event, outsider[0], names=("抢",), emails=["q@example.com"])
    response = client.post(f"/events/offer/{entry.offer_token}/", {"action": "accept"})
    assert response.status_code == 302 and f"offer={entry.offer_token}" in response["Location"]
    from .factories import attendee_row, registration_data, ticket

    data = registration_data(
        [attendee_row(ticket(event), "候补甲", "w@example.com")], extra={"offer": entry.offer_token}
    )
    response = client.post(f"/events/{event.code}/register/", data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "accepted"
    assert Order.objects.filter(
        status=Order.Status.PENDING_PAYMENT, attendees__email="w@example.com"
    ).exists()


def test_joining_is_refused_while_places_are_free_and_twice(event, member):
    user, organization = member
    attendee = place(event, user, organization=organization).attendees.get()
    with pytest.raises(services.RegistrationError):
        services.join_waiting_list(forum_a(event), user=user, attendee=attendee)


def test_offer_pages_are_private(client, event, member, outsider, full_forum):
    user, organization = member
    attendee = place(event, user, organization=organization).attendees.get()
    entry = services.join_waiting_list(forum_a(event), user=user, attendee=attendee)
    client.force_login(outsider[0])
    assert client.get(f"/events/offer/{entry.offer_token}/").status_code == 404
    assert client.post(f"/events/my/waiting/{entry.pk}/withdraw/").status_code == 404


def test_cancelling_an_order_takes_its_attendees_off_the_waiting_list(event, member, full_forum):
    """A cancelled registration cannot take an offer up, so its entries close at once and the
    place goes to the next person who can use it."""
    user, organization = member
    leaving = place(
        event, user, organization=organization, names=("走",), emails=["go@example.com"]
    )
    staying = place(
        event, user, organization=organization, names=("留",), emails=["stay@example.com"]
    )
    first = services.join_waiting_list(forum_a(event), user=user, attendee=leaving.attendees.get())
    second = services.join_waiting_list(forum_a(event), user=user, attendee=staying.attendees.get())
    services.cancel_order(leaving, user=user)
    first.refresh_from_db()
    assert first.status == "withdrawn"
    change = first.history().first()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "waiting",
        "withdrawn",
        user,
    )
    Place.objects.filter(activity=forum_a(event), attendee__order=full_forum).first().delete()
    services.offer_all_free_places()
    second.refresh_from_db()
    assert second.status == "offered"


def test_an_expired_order_gives_its_offer_back(event, member, outsider, full_forum):
    user, organization = member
    placed = timezone.now() - datetime.timedelta(days=8)
    unpaid = place(
        event,
        user,
        organization=organization,
        names=("欠",),
        emails=["owe@example.com"],
        now=placed,
    )
    waiting = place(
        event, user, organization=organization, names=("候",), emails=["wait@example.com"]
    )
    offered = services.join_waiting_list(forum_a(event), user=user, attendee=unpaid.attendees.get())
    later = services.join_waiting_list(forum_a(event), user=user, attendee=waiting.attendees.get())
    Place.objects.filter(activity=forum_a(event), attendee__order=full_forum).first().delete()
    services.offer_all_free_places()
    offered.refresh_from_db()
    assert offered.status == "offered"
    result = services.sweep()
    assert result["orders_expired"] == 1
    offered.refresh_from_db()
    later.refresh_from_db()
    assert (offered.status, later.status) == ("withdrawn", "offered")
    assert services.sweep() == {
        "orders_expired": 0,
        "offers_expired": 0,
        "places_offered": 0,
        "booths_released": 0,
    }


def test_entries_of_inactive_orders_are_skipped_when_places_are_offered(event, member, full_forum):
    user, organization = member
    gone = place(event, user, organization=organization, names=("旧",), emails=["old@example.com"])
    next_in_line = place(
        event, user, organization=organization, names=("新",), emails=["new@example.com"]
    )
    stale = services.join_waiting_list(forum_a(event), user=user, attendee=gone.attendees.get())
    fresh = services.join_waiting_list(
        forum_a(event), user=user, attendee=next_in_line.attendees.get()
    )
    Order.objects.filter(pk=gone.pk).update(status=Order.Status.CANCELLED)  # e.g. an old row
    Place.objects.filter(activity=forum_a(event), attendee__order=full_forum).first().delete()
    services.offer_all_free_places()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == ("withdrawn", "offered")


def test_a_replacement_receives_the_offer_instead_of_the_person_replaced(
    event, member, full_forum, django_capture_on_commit_callbacks
):
    user, organization = member
    order = place(event, user, organization=organization, names=("原",), emails=["was@example.com"])
    attendee = order.attendees.get()
    entry = services.join_waiting_list(forum_a(event), user=user, attendee=attendee)
    services.replace_attendee(
        attendee,
        user=user,
        name="替",
        organization_name=organization.name,
        mobile="13900000009",
        email="now@example.com",
    )
    entry.refresh_from_db()
    assert (entry.name, entry.email) == ("替", "now@example.com")
    mail.outbox.clear()
    Place.objects.filter(activity=forum_a(event), attendee__order=full_forum).first().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_all_free_places()
    assert [sorted(m.to) for m in mail.outbox] == [sorted(["now@example.com", user.email])]
