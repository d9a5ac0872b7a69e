"""Order states move only along the transition table; staff actions in the admin drive
approval and payment; unpaid orders expire and release their places."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events import services
from events.models import Order, RegistrationError

from .factories import forum_a, main, place

pytestmark = pytest.mark.django_db


def action_url(order, name):
    return f"/admin/events/orders/{order.pk}/action/{name}/"


def test_transition_table_refuses_illegal_moves(event, member):
    order = place(event, member[0])
    assert order.status == Order.Status.PENDING_PAYMENT
    for status in (Order.Status.CANCELLED_FEE, Order.Status.APPROVAL_PENDING):
        with pytest.raises(RegistrationError):
            order.transition(status)
    order.transition(Order.Status.CANCELLED, reason="test")
    for status in Order.Status.values:
        assert not order.can_change_to(status)


def test_staff_records_payment_and_each_attendee_gets_a_confirmation(
    staff_client, staff, event, member, django_capture_on_commit_callbacks
):
    user, organization = member
    order = place(
        event,
        user,
        organization=organization,
        names=("甲", "乙"),
        emails=["a@example.com", "b@example.com"],
    )
    mail.outbox.clear()
    response = staff_client.get(action_url(order, "payment"))
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            action_url(order, "payment"),
            {
                "amount": "1000",
                "method": "bank_transfer",
                "reference": "HX1",
                "payer": "x",
                "received_on": "2026-01-05",
            },
        )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT  # half paid
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            action_url(order, "payment"),
            {
                "amount": "1000",
                "method": "bank_transfer",
                "reference": "HX2",
                "received_on": "2026-01-06",
            },
        )
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED and order.confirmed_at
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["a@example.com", "b@example.com", user.email]
    codes = {a.code for a in order.attendees.all()}
    attendee_mails = [m for m in mail.outbox if m.to[0] != user.email]
    assert all(any(code in m.body for code in codes) for m in attendee_mails)
    assert attendee_mails[0].body != attendee_mails[1].body
    change = order.history().first()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "pending_payment",
        "confirmed",
        staff,
    )
    assert (
        ModelLogEntry.objects.filter(action="events.order.payment", object_id=str(order.pk)).count()
        == 2
    )


def test_payment_form_rejects_nonsense_without_error(staff_client, event, member):
    order = place(event, member[0])
    response = staff_client.post(
        action_url(order, "payment"), {"amount": "-5", "method": "zzz", "received_on": "x"}
    )
    assert response.status_code == 200
    assert not order.payments.exists()
    assert staff_client.get(action_url(order, "nonsense")).status_code == 404
    assert staff_client.get("/admin/events/orders/999999/action/payment/").status_code == 404


def test_member_contact_cannot_use_admin_actions(client, event, member):
    order = place(event, member[0])
    client.force_login(member[0])
    response = client.post(
        action_url(order, "payment"),
        {"amount": "1000", "method": "bank_transfer", "received_on": "2026-01-05"},
    )
    assert response.status_code in (302, 403)
    assert not order.payments.exists()


def test_events_requiring_approval(staff_client, event, member):
    event.requires_approval = True
    event.save()
    order = place(event, member[0])
    assert order.status == Order.Status.APPROVAL_PENDING
    assert order.payment_deadline is None
    with pytest.raises(RegistrationError):
        services.record_payment(order, user=None, amount=Decimal("1500"))
    staff_client.post(action_url(order, "approve"), {"reason": "资格审核通过"})
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    assert order.payment_deadline > timezone.now()
    assert order.history().first().reason == "资格审核通过"


def test_free_orders_confirm_at_once(event, member):
    tt = event.ticket_types.get()
    tt.member_price = tt.non_member_price = Decimal("0")
    tt.save()
    order = place(event, member[0])
    assert order.status == Order.Status.CONFIRMED


def test_unpaid_orders_expire_and_release_their_places(
    event, member, outsider, django_capture_on_commit_callbacks
):
    placed = timezone.now() - datetime.timedelta(days=8)
    order = place(event, member[0], names=("甲", "乙"), forums=[forum_a(event)], now=placed)
    assert services.availability([forum_a(event)])[forum_a(event).pk].free == 0
    with pytest.raises(services.CapacityError):
        place(event, outsider[0], forums=[forum_a(event)])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("events_sweep", stdout=open("/dev/null", "w"))
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert order.history().first().changed_by is None
    assert services.availability([forum_a(event)])[forum_a(event).pk].free == 2
    assert len(mail.outbox) == 1 and order.code in mail.outbox[0].subject
    # Idempotent: nothing more happens on the next run.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep() == {
            "orders_expired": 0,
            "offers_expired": 0,
            "places_offered": 0,
            "booths_released": 0,
        }
    assert len(mail.outbox) == 1
    assert place(event, outsider[0], forums=[forum_a(event)]).status == Order.Status.PENDING_PAYMENT


def test_late_payment_revives_an_expired_order_only_if_places_are_free(
    event, member, outsider, staff
):
    placed = timezone.now() - datetime.timedelta(days=8)
    order = place(event, member[0], names=("甲", "乙"), forums=[forum_a(event)], now=placed)
    services.expire_overdue_orders()
    services.record_payment(order, user=staff, amount=Decimal("3000"))
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED

    second = place(
        event,
        member[0],
        names=("丙",),
        emails=["c@example.com"],
        forums=[forum_b(event)],
        now=placed,
    )
    services.expire_overdue_orders()
    mainroom = main(event)
    mainroom.capacity = 2  # the two confirmed above fill it
    mainroom.save()
    services.record_payment(second, user=staff, amount=Decimal("1500"))
    second.refresh_from_db()
    assert second.status == Order.Status.EXPIRED
    assert second.refund_due() == Decimal("1500.00")


def forum_b(event):
    return event.activities.get(name="分论坛B")


def test_order_listing_filters_and_inspect(
    staff_client, event, member, outsider, django_assert_max_num_queries
):
    event.max_open_orders_per_account = 0  # five open orders of one account for the listing
    event.save()
    for index in range(5):
        place(event, member[0], names=(f"甲{index}",), emails=[f"l{index}@example.com"])
    cancelled = place(event, outsider[0])
    services.cancel_order(cancelled, user=outsider[0])
    with django_assert_max_num_queries(30):
        response = staff_client.get("/admin/events/orders/")
    assert response.status_code == 200
    response = staff_client.get(f"/admin/events/orders/?status=cancelled&event={event.pk}")
    assert cancelled.code in response.content.decode()
    assert Order.objects.exclude(pk=cancelled.pk).first().code not in response.content.decode()
    response = staff_client.get(f"/admin/events/orders/inspect/{cancelled.pk}/")
    assert response.status_code == 200 and cancelled.code in response.content.decode()
    # Orders are changed by actions only: the admin has no add, edit or delete for them.
    for view in ("new/", f"edit/{cancelled.pk}/", f"delete/{cancelled.pk}/"):
        assert staff_client.get(f"/admin/events/orders/{view}").status_code == 404
    assert f"/admin/events/orders/edit/{cancelled.pk}/" not in response.content.decode()
    assert staff_client.get(f"/admin/events/orders/history/{cancelled.pk}/").status_code == 200


def test_amounts_show_yuan_and_fen(client, event, member, staff):
    user, organization = member
    order = place(event, user, organization=organization)
    client.force_login(user)
    assert "<dd>¥0.00</dd>" in client.get(f"/events/my/orders/{order.code}/").content.decode()
    services.record_payment(order, user=staff, amount=Decimal("1000"))
    order.refresh_from_db()
    assert order.paid_amount() == Decimal("1000.00") and str(order.paid_amount()) == "1000.00"
    assert "<dd>¥1000.00</dd>" in client.get(f"/events/my/orders/{order.code}/").content.decode()


def test_a_change_that_rolls_back_sends_nothing(
    event, member, staff, django_capture_on_commit_callbacks
):
    user, organization = member
    order = place(event, user, organization=organization, emails=["paid@example.com"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.record_payment(order, user=staff, amount=order.total)
            raise RuntimeError("the caller's transaction fails after the payment")
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT and not order.payments.exists()
    assert mail.outbox == []
    # The same payment, committed, confirms the order and tells the registrant and attendee.
    with django_capture_on_commit_callbacks(execute=True):
        services.record_payment(order, user=staff, amount=order.total)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        ["paid@example.com", user.email]
    )
