"""Emails at every step, in Chinese (the association's language), sent in the background by
django-tasks through website.core.mail once the change they describe has committed."""

from __future__ import annotations

from website.core.mail import send_templated_email
from website.core.notify import after_commit
from website.core.payments import EVENTS, payment_account

from ..models import (
    Attendee,
    Booth,
    ExhibitorApplication,
    InvoiceRequest,
    Order,
    Refund,
    WaitingListEntry,
)

PREFIX = "events/email/"


def _send(to, name: str, **context) -> None:
    after_commit(send_templated_email, to, PREFIX + name, context)


def _order_context(order: Order) -> dict:
    return {
        "order": order,
        "event": order.event,
        "attendees": list(order.attendees.select_related("ticket_type")),
    }


def order_placed(order: Order) -> None:
    if order.status == Order.Status.CONFIRMED:
        order_confirmed(order)
    elif order.status == Order.Status.APPROVAL_PENDING:
        _send(order.contact_email, "order_approval_pending", **_order_context(order))
    else:
        _pending_payment(order)


def order_approved(order: Order) -> None:
    if order.status == Order.Status.CONFIRMED:
        order_confirmed(order)
    else:
        _pending_payment(order, approved=True)


def _pending_payment(order: Order, *, approved: bool = False) -> None:
    _send(
        order.contact_email,
        "order_pending_payment",
        approved=approved,
        payment_account=payment_account(EVENTS),
        **_order_context(order),
    )


def order_confirmed(order: Order) -> None:
    context = _order_context(order)
    _send(order.contact_email, "order_confirmed", **context)
    for attendee in context["attendees"]:
        attendee_confirmation(attendee, order=order)


def attendee_confirmation(attendee: Attendee, *, order: Order | None = None) -> None:
    order = order or attendee.order
    _send(
        attendee.email,
        "attendee_confirmation",
        attendee=attendee,
        order=order,
        event=order.event,
        activities=list(attendee.activities.all()),
    )


def order_expired(order: Order) -> None:
    _send(order.contact_email, "order_expired", **_order_context(order))


def order_cancelled(order: Order) -> None:
    _send(order.contact_email, "order_cancelled", **_order_context(order))


def cancellation_requested(order: Order) -> None:
    _send(order.contact_email, "cancellation_requested", **_order_context(order))


def cancellation_rejected(order: Order, reason: str) -> None:
    _send(order.contact_email, "cancellation_rejected", reason=reason, **_order_context(order))


def refund_recorded(order: Order, refund: Refund) -> None:
    _send(order.contact_email, "refund_recorded", refund=refund, **_order_context(order))


def attendee_replaced(attendee: Attendee, *, old_email: str, old_name: str) -> None:
    order = attendee.order
    _send(
        old_email,
        "attendee_replaced_notice",
        old_name=old_name,
        attendee=attendee,
        order=order,
        event=order.event,
    )
    if order.status == Order.Status.CONFIRMED:
        attendee_confirmation(attendee, order=order)


def waiting_list_joined(entry: WaitingListEntry) -> None:
    _send(entry.email, "waiting_list_joined", entry=entry, event=entry.event)


def waiting_list_offer(entry: WaitingListEntry) -> None:
    # The offer is taken up by the account that queued (for an attendee: the registrant), so
    # that account hears of it too, not only the person who would attend.
    recipients = [entry.email]
    if entry.user is not None and entry.user.email.lower() != entry.email.lower():
        recipients.append(entry.user.email)
    _send(recipients, "waiting_list_offer", entry=entry, event=entry.event)


def waiting_list_offer_expired(entry: WaitingListEntry) -> None:
    _send(entry.email, "waiting_list_offer_expired", entry=entry, event=entry.event)


def invoice_issued(invoice: InvoiceRequest) -> None:
    _send(
        [invoice.email, invoice.order.contact_email],
        "invoice_issued",
        invoice=invoice,
        order=invoice.order,
        event=invoice.order.event,
    )


def _exhibitor(name: str, application: ExhibitorApplication, **context) -> None:
    _send(
        application.contact_email,
        name,
        application=application,
        event=application.event,
        **context,
    )


def exhibitor_application_received(application: ExhibitorApplication) -> None:
    _exhibitor("exhibitor_received", application)


def exhibitor_rejected(application: ExhibitorApplication, reason: str) -> None:
    _exhibitor("exhibitor_rejected", application, reason=reason)


def booth_allocated(application: ExhibitorApplication, booth: Booth) -> None:
    _exhibitor("booth_allocated", application, booth=booth, payment_account=payment_account(EVENTS))


def exhibitor_confirmed(application: ExhibitorApplication) -> None:
    _exhibitor("exhibitor_confirmed", application, booths=list(application.booths.all()))


def booth_released(application: ExhibitorApplication) -> None:
    _exhibitor("booth_released", application)
