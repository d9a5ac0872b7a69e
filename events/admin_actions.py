"""State actions of the back office: each is a small form whose valid data go to one service
function (website.core.backoffice). Where an action is one change of the state machine
(`transition=`), the model's table says when it is offered; the others say it themselves."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from website.core.backoffice import Action

from . import services
from .admin_forms import (
    AllocateForm,
    BoothPaymentForm,
    IssueInvoiceForm,
    PaymentForm,
    ReasonForm,
    RefundForm,
    StaffCancelForm,
)
from .models import Booth, ExhibitorApplication, InvoiceRequest, Order, WaitingListEntry


def _order_payment(order, user, data):
    services.record_payment(order, user=user, **data)
    order.refresh_from_db()
    if order.status == Order.Status.EXPIRED:
        return _(
            "Payment recorded, but the expired order could not come back: its places are "
            "taken. Refund the payment."
        )
    return _("Payment recorded. Order status: %(status)s.") % {"status": order.get_status_display()}


ORDER_ACTIONS = [
    Action(
        "approve",
        pgettext_lazy("events", "Approve"),
        ReasonForm,
        lambda o, u, d: services.approve_order(o, user=u, reason=d["reason"]) and _("Approved."),
        lambda o: o.status == Order.Status.APPROVAL_PENDING,
    ),
    Action(
        "payment",
        pgettext_lazy("events", "Record payment"),
        PaymentForm,
        _order_payment,
        lambda o: (
            o.status in (Order.Status.PENDING_PAYMENT, Order.Status.EXPIRED, Order.Status.CONFIRMED)
        ),
        initial=lambda o: {"amount": o.amount_due() or None, "payer": o.registrant_label()},
    ),
    Action(
        "refund",
        gettext_lazy("Record refund"),
        RefundForm,
        lambda o, u, d: services.record_refund(o, user=u, **d) and _("Refund recorded."),
        lambda o: o.paid_amount() > o.refunded_amount(),
        initial=lambda o: {"amount": o.refund_due() or None},
    ),
    Action(
        "cancel",
        gettext_lazy("Cancel order"),
        StaffCancelForm,
        lambda o, u, d: (
            services.cancel_order(o, user=u, reason=d["reason"], by_staff=True, fee=d.get("fee"))
            and _("Order cancelled.")
        ),
        lambda o: o.status in Order.HOLDS_PLACES,
        initial=lambda o: {
            "fee": o.event.cancellation_fee_for(o.total)
            if o.status == Order.Status.CONFIRMED
            else None
        },
        danger=True,
    ),
    Action(
        "reject_cancellation",
        gettext_lazy("Refuse cancellation request"),
        ReasonForm,
        lambda o, u, d: (
            services.reject_cancellation(o, user=u, reason=d["reason"])
            and _("The cancellation request was refused.")
        ),
        lambda o: o.status == Order.Status.CONFIRMED and bool(o.cancellation_requested_at),
    ),
]

INVOICE_ACTIONS = [
    Action(
        "issue",
        gettext_lazy("Mark issued"),
        IssueInvoiceForm,
        lambda i, u, d: (
            services.issue_invoice(i, user=u, number=d["number"], amount=d.get("amount"))
            and _("Invoice marked as issued.")
        ),
        transition=InvoiceRequest.Status.ISSUED,
    ),
    Action(
        "reverse",
        gettext_lazy("Mark reversed"),
        ReasonForm,
        lambda i, u, d: (
            services.complete_reversal(i, user=u, reason=d["reason"]) and _("Reversal recorded.")
        ),
        transition=InvoiceRequest.Status.REVERSED,
    ),
]

WAITING_ACTIONS = [
    Action(
        "withdraw",
        gettext_lazy("Remove from the waiting list"),
        ReasonForm,
        lambda e, u, d: services.withdraw_entry(e, user=u, reason=d["reason"]) and _("Removed."),
        transition=WaitingListEntry.Status.WITHDRAWN,
        danger=True,
    ),
]

EXHIBITOR_ACTIONS = [
    Action(
        "approve",
        pgettext_lazy("events", "Approve"),
        ReasonForm,
        lambda a, u, d: (
            services.approve_application(a, user=u, reason=d["reason"]) and _("Approved.")
        ),
        transition=ExhibitorApplication.Status.APPROVED,
    ),
    Action(
        "allocate",
        gettext_lazy("Allocate a booth"),
        AllocateForm,
        lambda a, u, d: (
            services.allocate_booth(a, d["booth"], user=u)
            and _("Booth %(booth)s allocated.") % {"booth": d["booth"].number}
        ),
        lambda a: (
            a.status
            in (
                ExhibitorApplication.Status.SUBMITTED,
                ExhibitorApplication.Status.APPROVED,
                ExhibitorApplication.Status.ALLOCATED,
                ExhibitorApplication.Status.RELEASED,
            )
        ),
        initial=lambda a: {"booth": a.wanted_booth_id},
        form_kwargs=lambda a: {"event": a.event},
    ),
    Action(
        "payment",
        pgettext_lazy("events", "Record payment"),
        BoothPaymentForm,
        lambda a, u, d: services.record_booth_payment(a, user=u, **d) and _("Payment recorded."),
        lambda a: a.status == ExhibitorApplication.Status.ALLOCATED,
        initial=lambda a: {"amount": (a.amount - a.paid_amount()) or None, "payer": a.company_name},
    ),
    Action(
        "release",
        gettext_lazy("Release booths"),
        ReasonForm,
        lambda a, u, d: (
            services.release_application(a, user=u, reason=d["reason"]) and _("Booths released.")
        ),
        transition=ExhibitorApplication.Status.RELEASED,
        danger=True,
    ),
    Action(
        "reject",
        gettext_lazy("Reject"),
        ReasonForm,
        lambda a, u, d: (
            services.reject_application(a, user=u, reason=d["reason"]) and _("Rejected.")
        ),
        transition=ExhibitorApplication.Status.REJECTED,
        danger=True,
    ),
]


BOOTH_ACTIONS = [
    Action(
        "block",
        gettext_lazy("Hold back"),
        ReasonForm,
        lambda b, u, d: (
            services.set_booth_blocked(b, user=u, blocked=True, reason=d["reason"])
            and _("The booth is held back.")
        ),
        transition=Booth.Status.BLOCKED,
    ),
    Action(
        "unblock",
        gettext_lazy("Make available"),
        ReasonForm,
        lambda b, u, d: (
            services.set_booth_blocked(b, user=u, blocked=False, reason=d["reason"])
            and _("The booth is available again.")
        ),
        lambda b: b.status == Booth.Status.BLOCKED,
    ),
]
