"""Cancellation by the event's policy: deadline, fixed or percentage fee, optional approval;
refunds are their own records."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.models import Event, Order, Refund

from .factories import place

pytestmark = pytest.mark.django_db


def paid_order(event, user, staff, **kwargs):
    order = place(event, user, **kwargs)
    services.record_payment(order, user=staff, amount=order.total)
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    return order


def test_registrant_cancels_an_unpaid_order_without_fee(client, event, member):
    order = place(event, member[0])
    client.force_login(member[0])
    response = client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "不去了"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED and order.cancellation_fee == 0
    assert order.history().first().reason == "不去了"


def test_percentage_fee_before_the_deadline(client, event, outsider, staff):
    event.cancellation_fee_kind = Event.FeeKind.PERCENT
    event.cancellation_fee_value = Decimal("20")
    event.cancellation_deadline = timezone.now() + datetime.timedelta(days=5)
    event.save()
    order = paid_order(event, outsider[0], staff)
    client.force_login(outsider[0])
    page = client.get(f"/events/my/orders/{order.code}/").content.decode()
    assert "300.00" in page  # the fee is announced before cancelling
    client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "冲突"})
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED_FEE
    assert order.cancellation_fee == Decimal("300.00")
    assert order.refund_due() == Decimal("1200.00")
    services.record_refund(order, user=staff, amount=Decimal("1200"), reference="TK1")
    assert Refund.objects.get(order=order).amount == Decimal("1200.00")
    assert order.refund_due() == 0
    with pytest.raises(services.RegistrationError):
        services.record_refund(order, user=staff, amount=Decimal("1000"))


def test_fixed_fee_and_deadline(client, event, outsider, staff):
    event.cancellation_fee_kind = Event.FeeKind.FIXED
    event.cancellation_fee_value = Decimal("200")
    event.cancellation_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    order = paid_order(event, outsider[0], staff)
    client.force_login(outsider[0])
    response = client.post(f"/events/my/orders/{order.code}/cancel/", follow=True)
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED
    assert response.status_code == 200
    # Staff may still cancel, with the policy's fee.
    services.cancel_order(order, user=staff, by_staff=True)
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED_FEE and order.cancellation_fee == Decimal(
        "200.00"
    )


def test_cancellation_needing_approval(
    client, staff_client, event, outsider, staff, django_capture_on_commit_callbacks
):
    event.cancellation_requires_approval = True
    event.save()
    order = paid_order(event, outsider[0], staff)
    client.force_login(outsider[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "出差"})
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED and order.cancellation_requested_at
    assert len(mail.outbox) == 1
    # A second request is refused.
    client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "again"})
    # Staff refuse it, then the registrant asks again and staff accept.
    response = staff_client.post(
        f"/admin/events/orders/{order.pk}/action/reject_cancellation/", {"reason": "已印制证件"}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    order.refresh_from_db()
    assert order.cancellation_requested_at is None
    client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "确实无法参加"})
    response = staff_client.post(
        f"/admin/events/orders/{order.pk}/action/cancel/", {"reason": "同意", "fee": "100"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED_FEE and order.cancellation_fee == Decimal(
        "100.00"
    )


def test_cancelled_orders_cannot_be_cancelled_or_paid_again(event, member, staff):
    order = place(event, member[0])
    services.cancel_order(order, user=member[0])
    with pytest.raises(services.RegistrationError):
        services.cancel_order(order, user=member[0])
    with pytest.raises(services.RegistrationError):
        services.record_payment(order, user=staff, amount=Decimal("1"))
