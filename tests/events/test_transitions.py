"""Status changes: each stateful model has one transition table; what it does not allow is
refused with a translated message and changes nothing; every change leaves one record (who,
when, from, to, why) written together with the new status, or neither."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from events import services
from events.models import (
    Booth,
    ExhibitorApplication,
    InvoiceRequest,
    Order,
    RegistrationError,
    WaitingListEntry,
)
from website.core.states import StatusChange

from .factories import place

pytestmark = pytest.mark.django_db

MACHINES = [Order, InvoiceRequest, WaitingListEntry, Booth, ExhibitorApplication]


@pytest.mark.parametrize("model", MACHINES, ids=lambda m: m.__name__)
def test_every_status_a_table_names_is_a_status_of_its_model(model):
    # A misspelt status in a table would make a transition that no record can ever take.
    named = {status for t in model.transitions() for status in (*t.sources, t.target)}
    assert named <= model.status_values()


def test_an_illegal_move_is_refused_in_chinese_and_changes_nothing(event, member):
    order = place(event, member[0])
    before = StatusChange.objects.count()
    with pytest.raises(RegistrationError) as error:
        order.transition(Order.Status.APPROVAL_PENDING, reason="x")
    assert str(error.value) == "“待付款”不能变更为“待审核”。"
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    assert StatusChange.objects.count() == before


def _break_the_save(order, monkeypatch):
    monkeypatch.setattr(order, "save", _disk_full)


def _break_the_history(order, monkeypatch):
    monkeypatch.setattr(StatusChange.objects, "create", _disk_full)


def _disk_full(*args, **kwargs):
    raise RuntimeError("disk full")


@pytest.mark.parametrize("breaks", [_break_the_save, _break_the_history])
def test_status_and_record_are_written_together_or_not_at_all(event, member, monkeypatch, breaks):
    order = place(event, member[0])
    before = StatusChange.objects.count()
    breaks(order, monkeypatch)
    with pytest.raises(RuntimeError):
        order.transition(Order.Status.CANCELLED, reason="x")
    assert order.status == Order.Status.PENDING_PAYMENT  # the object is not left half-changed
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    assert StatusChange.objects.count() == before
    assert not ModelLogEntry.objects.filter(
        action="core.status_change", object_id=str(order.pk)
    ).exists()


def test_a_change_leaves_one_history_row_and_one_audit_entry(event, member):
    order = place(event, member[0])
    order.transition(Order.Status.CANCELLED, user=member[0], reason="不去了")
    (change,) = order.status_history().filter(to_status=Order.Status.CANCELLED)
    assert (change.from_status, change.changed_by, change.reason) == (
        "pending_payment",
        member[0],
        "不去了",
    )
    (entry,) = ModelLogEntry.objects.filter(action="core.status_change", object_id=str(order.pk))
    assert entry.data["to"] == "cancelled" and entry.user == member[0]


def test_a_service_change_is_one_audit_entry_named_by_the_service(event, member, staff):
    order = place(event, member[0])
    services.release_hold(order, user=staff, reason="名额调剂")
    entries = ModelLogEntry.objects.for_instance(order).exclude(action="events.order.create")
    assert [(e.action, e.data["to"], e.data["reason"]) for e in entries] == [
        ("events.order.release", "cancelled", "名额调剂")
    ]


def test_admin_refuses_an_action_the_state_does_not_allow(staff_client, event, member):
    order = place(event, member[0])
    response = staff_client.post(
        f"/admin/events/orders/{order.pk}/action/approve/", {"reason": "再批一次"}
    )
    assert response.status_code == 200
    assert "当前状态下不能执行此操作。" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.PENDING_PAYMENT
    assert order.history().count() == 1


def test_registrant_cannot_cancel_an_expired_order(client, event, member):
    user, organization = member
    order = place(
        event,
        user,
        organization=organization,
        now=timezone.now() - datetime.timedelta(days=8),
    )
    services.expire_overdue_orders()
    client.force_login(user)
    response = client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "x"}, follow=True)
    assert "状态为“已过期”时不能执行此操作。" in response.content.decode()
    order.refresh_from_db()
    assert order.status == Order.Status.EXPIRED
    assert [change.to_status for change in order.history()] == ["expired", "pending_payment"]


def test_every_change_records_who_when_from_to_and_why(client, staff_client, staff, event, member):
    event.requires_approval = True
    event.save()
    user, organization = member
    client.force_login(user)
    order = place(event, user, organization=organization)
    staff_client.post(f"/admin/events/orders/{order.pk}/action/approve/", {"reason": "资格符合"})
    staff_client.post(
        f"/admin/events/orders/{order.pk}/action/payment/",
        {"amount": "1000", "method": "bank_transfer", "received_on": "2026-01-05"},
    )
    client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "临时出差"})
    changes = list(order.history().order_by("changed_at", "pk"))
    assert [
        (change.from_status, change.to_status, change.changed_by, change.reason)
        for change in changes
    ] == [
        ("", "approval_pending", user, "提交订单"),
        ("approval_pending", "pending_payment", staff, "资格符合"),
        ("pending_payment", "confirmed", staff, "已全额付款"),
        ("confirmed", "cancelled", user, "临时出差"),
    ]
    moments = [change.changed_at for change in changes]
    assert moments == sorted(moments) and moments[-1] <= timezone.now()
    # Both sides show the statuses by name, not by their codes.
    inspect = staff_client.get(f"/admin/events/orders/inspect/{order.pk}/").content.decode()
    assert "待审核" in inspect and "approval_pending" not in inspect
    portal = client.get(f"/events/my/orders/{order.code}/").content.decode()
    assert "已确认" in portal and ">confirmed<" not in portal


def test_scheduled_changes_record_no_user(event, member):
    order = place(event, member[0], now=timezone.now() - datetime.timedelta(days=8))
    services.expire_overdue_orders()
    change = order.history().first()
    assert (change.to_status, change.changed_by, change.reason) == ("expired", None, "超过付款期限")
