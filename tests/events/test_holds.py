"""Holds on places: one account (or one organization through its contacts) may hold only so
many places without paying or being approved; holds lapse and the sweep releases them; staff
see who holds what and can release a hold with a reason."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Order, RegistrationError, WaitingListEntry
from tests.factories import UserFactory
from tests.members.factories import ContactFactory
from website.accounts import roles
from website.core.states import StatusChange

from .factories import attendee_row, main, make_event, place, registration_data, ticket

pytestmark = pytest.mark.django_db


def url(event):
    return f"/events/{event.code}/register/"


@pytest.fixture
def seats(event):
    """The reported event: 120 places, every registration needs the secretariat's approval."""
    event.requires_approval = True
    event.save()
    activity = main(event)
    activity.capacity = 120
    activity.save()
    return event


def post_order(client, event, index: int, *, on_behalf=""):
    rows = [attendee_row(ticket(event), f"占座{index}", f"seat{index}@example.com")]
    return client.post(url(event), registration_data(rows, on_behalf=on_behalf))


def free_places(event) -> int:
    return services.availability([main(event)])[main(event).pk].free


def test_one_account_cannot_hold_every_seat(client, seats):
    """The attack: a non-member account sends order after order. After three open orders
    the form refuses, says why, keeps what was typed, and the places stay free."""
    client.force_login(UserFactory())
    for index in range(3):
        assert post_order(client, seats, index).status_code == 302
    response = post_order(client, seats, 3)
    assert response.status_code == 200
    page = response.content.decode()
    assert "等待付款或审核" in page and "占座3" in page and "seat3@example.com" in page
    assert Order.objects.count() == 3
    assert free_places(seats) == 117


def test_the_held_places_of_one_account_are_limited(seats):
    user = UserFactory()
    place(seats, user, names=[f"甲{n}" for n in range(15)])
    with pytest.raises(RegistrationError, match="20"):
        place(seats, user, names=[f"乙{n}" for n in range(6)])
    place(seats, user, names=[f"丙{n}" for n in range(5)])  # exactly 20
    assert free_places(seats) == 100


def test_the_limit_counts_across_the_contacts_of_an_organization(client, seats, outsider):
    user, organization = outsider
    colleague = ContactFactory(organization=organization).user
    seats.max_open_orders_per_organization = 2
    seats.save()
    client.force_login(user)
    assert post_order(client, seats, 1, on_behalf=organization.pk).status_code == 302
    client.force_login(colleague)
    assert post_order(client, seats, 2, on_behalf=organization.pk).status_code == 302
    response = post_order(client, seats, 3, on_behalf=organization.pk)
    assert response.status_code == 200
    assert organization.name in response.content.decode()
    assert Order.objects.filter(organization=organization).count() == 2
    # The same person may still register privately: the account limit is not reached.
    assert post_order(client, seats, 4).status_code == 302


def test_paid_orders_do_not_count_and_zero_means_no_limit(event, staff):
    user = UserFactory()
    orders = [place(event, user, names=[f"付{n}"]) for n in range(3)]
    services.record_payment(orders[0], user=staff, amount=orders[0].total)
    place(event, user, names=["第四"])  # one of the three was paid: two open before this
    with pytest.raises(RegistrationError):
        place(event, user, names=["第五"])
    event.max_open_orders_per_account = event.max_held_places_per_account = 0
    event.save()
    for n in range(5):
        place(event, user, names=[f"无限{n}"])


def test_a_registration_not_approved_in_time_expires_in_the_sweep(
    seats, outsider, django_capture_on_commit_callbacks
):
    seats.approval_hold_days = 2
    seats.save()
    user, _organization = outsider
    long_ago = timezone.now() - datetime.timedelta(days=3)
    stale = place(seats, user, names=["过期"], now=long_ago)
    fresh = place(seats, user, names=["新"])
    assert stale.approval_deadline == long_ago + datetime.timedelta(days=2)
    # Someone waits for the main conference, which is full.
    activity = main(seats)
    activity.capacity = 2
    activity.save()
    waiting = services.join_waiting_list(
        activity, user=UserFactory(), name="候补", email="wait@example.com"
    )
    mail.outbox.clear()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("events_sweep", stdout=out)
    assert "orders_expired=1" in out.getvalue()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == (Order.Status.EXPIRED, Order.Status.APPROVAL_PENDING)
    change = stale.history().first()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "approval_pending",
        "expired",
        None,
    )
    assert change.reason
    waiting.refresh_from_db()
    assert waiting.status == WaitingListEntry.Status.OFFERED
    recipients = [address for message in mail.outbox for address in message.to]
    assert stale.contact_email in recipients and "wait@example.com" in recipients
    expired_mail = next(m for m in mail.outbox if stale.code in m.subject)
    assert "审核" in expired_mail.body
    # An approval that never came cannot be bought back by a late transfer.
    with pytest.raises(RegistrationError):
        services.record_payment(stale, user=UserFactory(), amount=stale.total or 1)
    before = StatusChange.objects.count()
    call_command("events_sweep", stdout=io.StringIO())
    assert StatusChange.objects.count() == before


def test_zero_approval_days_wait_for_the_secretariat(seats):
    seats.approval_hold_days = 0
    seats.save()
    order = place(seats, UserFactory(), now=timezone.now() - datetime.timedelta(days=50))
    assert order.approval_deadline is None
    assert services.sweep()["orders_expired"] == 0


def holds_url(event):
    return f"/admin/events/on-site/{event.pk}/holds/"


def test_staff_see_who_holds_the_places_and_can_release_a_hold(
    seats, staff_client, outsider, django_capture_on_commit_callbacks
):
    user, organization = outsider
    hoarder = UserFactory(email="hoarder@example.com")
    orders = [place(seats, hoarder, names=[f"囤{n}", f"积{n}"]) for n in range(3)]
    place(seats, user, organization=organization, names=["单位"])
    response = staff_client.get(holds_url(seats) + "?sort=places")
    page = response.content.decode()
    assert response.status_code == 200
    # The largest holder comes first, with its count of places and orders.
    assert page.index("hoarder@example.com") < page.index(user.email)
    assert organization.name in page and orders[0].code in page

    mail.outbox.clear()
    refused = staff_client.post(holds_url(seats), {"order": orders[0].pk, "reason": ""})
    assert refused.status_code == 200
    orders[0].refresh_from_db()
    assert orders[0].status == Order.Status.APPROVAL_PENDING

    with django_capture_on_commit_callbacks(execute=True):
        released = staff_client.post(
            holds_url(seats), {"order": orders[0].pk, "reason": "一人占座"}
        )
    assert released.status_code == 302
    orders[0].refresh_from_db()
    assert orders[0].status == Order.Status.CANCELLED
    change = orders[0].history().first()
    assert (change.to_status, change.reason) == ("cancelled", "一人占座")
    assert change.changed_by is not None
    assert any("一人占座" in message.body for message in mail.outbox)
    assert free_places(seats) == 120 - 5

    # A tampered id answers with a message, not a 500.
    assert staff_client.post(holds_url(seats), {"order": "x", "reason": "r"}).status_code == 200

    # An order that no longer holds places is refused with a message; nothing changes.
    again = staff_client.post(holds_url(seats), {"order": orders[0].pk, "reason": "再次释放"})
    assert again.status_code == 200
    assert orders[0].history().count() == 2  # created and cancelled, nothing more

    # A refused reason stays in its field, for the order it was typed for.
    typed = "太长" * 251
    kept = staff_client.post(holds_url(seats), {"order": orders[1].pk, "reason": typed})
    assert kept.status_code == 200
    assert typed in kept.content.decode()
    orders[1].refresh_from_db()
    assert orders[1].status == Order.Status.APPROVAL_PENDING

    # Another event's order cannot be released from this event's page.
    other = make_event("other2030")
    response = staff_client.post(holds_url(other), {"order": orders[1].pk, "reason": "r"})
    assert response.status_code == 200
    assert "不存在" in response.content.decode() or "does not exist" in response.content.decode()
    orders[1].refresh_from_db()
    assert orders[1].status == Order.Status.APPROVAL_PENDING


def test_the_holds_page_is_for_events_staff_only(seats, member):
    place(seats, UserFactory())
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    for user in (member[0], editor):
        browser = Client()
        browser.force_login(user)
        assert browser.get(holds_url(seats)).status_code in (302, 403)
        order = Order.objects.get()
        response = browser.post(holds_url(seats), {"order": order.pk, "reason": "x"})
        assert response.status_code in (302, 403)
        assert Order.objects.get().status == Order.Status.APPROVAL_PENDING


def test_free_orders_confirmed_at_once_hold_nothing_and_are_not_limited(event):
    """The limits are on places held without payment or approval: free tickets of an event
    without approval are confirmed at once, so an account may register more than three."""
    free = ticket(event)
    free.member_price = free.non_member_price = 0
    free.save()
    event.max_open_orders_per_account = 1
    event.save()
    user = UserFactory()
    orders = [place(event, user, names=[f"免{n}"]) for n in range(3)]
    assert {order.status for order in orders} == {Order.Status.CONFIRMED}
