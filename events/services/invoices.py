"""发票 requests: kept editable until issued, frozen afterwards; a cancellation after issue
records a reversal request (红字冲销) for the finance office."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.validators import normalize_credit_code, validate_credit_code
from website.core.states import record_change

from ..models import InvoiceRequest, Order, RegistrationError
from . import notifications


@dataclass
class InvoiceData:
    kind: str
    title: str
    tax_number: str
    email: str
    address: str = ""
    phone: str = ""
    bank_name: str = ""
    bank_account: str = ""
    remarks: str = ""

    def validate(self) -> None:
        if self.kind not in InvoiceRequest.Kind.values:
            raise RegistrationError(_("Choose the type of invoice."))
        if not self.title.strip():
            raise RegistrationError(_("Enter the invoice title (the organization's name)."))
        if not self.email.strip():
            raise RegistrationError(_("Enter the email address for the electronic invoice."))
        try:
            validate_credit_code(self.tax_number)
        except ValidationError as error:
            raise RegistrationError(" ".join(error.messages)) from error
        if self.kind == InvoiceRequest.Kind.SPECIAL:
            missing = [
                label
                for label, value in (
                    (_("registered address"), self.address),
                    (_("registered phone"), self.phone),
                    (_("bank"), self.bank_name),
                    (_("bank account"), self.bank_account),
                )
                if not value.strip()
            ]
            if missing:
                raise RegistrationError(
                    _("A special VAT invoice also needs: %(fields)s.")
                    % {"fields": "、".join(str(label) for label in missing)}
                )

    def as_fields(self) -> dict:
        fields = {key: str(value).strip() for key, value in asdict(self).items()}
        fields["tax_number"] = normalize_credit_code(fields["tax_number"])
        return fields


def save_invoice_request(order: Order, *, user, data: InvoiceData) -> InvoiceRequest:
    """Create or change an order's invoice request while it has not been issued."""
    data.validate()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.is_cancelled or order.status == Order.Status.EXPIRED:
            raise RegistrationError(_("This order is no longer active."))
        invoice = InvoiceRequest.objects.select_for_update().filter(order=order).first()
        if invoice is None:
            invoice = InvoiceRequest.objects.create(order=order, **data.as_fields())
            record_change(invoice, "", invoice.status, user=user)
            log(invoice, "events.invoice.request", user=user)
        else:
            if not invoice.is_editable:
                raise RegistrationError(_("An issued invoice cannot be changed."))
            for key, value in data.as_fields().items():
                setattr(invoice, key, value)
            invoice.save()
            log(invoice, "events.invoice.edit", user=user)
    return invoice


def issue_invoice(
    invoice: InvoiceRequest, *, user, number: str, amount: Decimal | None = None, now=None
) -> InvoiceRequest:
    """The finance office issued the invoice: record its number and amount, freeze the data."""
    number = (number or "").strip()
    if not number:
        raise RegistrationError(_("Enter the invoice number."))
    with transaction.atomic():
        invoice = (
            InvoiceRequest.objects.select_for_update(of=("self",))
            .select_related("order")
            .get(pk=invoice.pk)
        )
        invoice.require_status(InvoiceRequest.Status.REQUESTED)
        order = invoice.order
        if order.status != Order.Status.CONFIRMED:
            raise RegistrationError(_("Invoices are issued for confirmed (paid) orders only."))
        paid = order.paid_amount() - order.refunded_amount()
        invoice.amount = Decimal(amount) if amount is not None else paid
        if paid <= 0:
            raise RegistrationError(_("Nothing has been paid on this order yet."))
        if not 0 < invoice.amount <= paid:
            raise RegistrationError(
                _("The invoiced amount must be more than zero and at most ¥%(paid)s (paid).")
                % {"paid": paid}
            )
        invoice.invoice_number = number
        invoice.issued_at = now or timezone.now()
        invoice.transition(
            InvoiceRequest.Status.ISSUED,
            user=user,
            reason=number,
            update_fields=("amount", "invoice_number", "issued_at"),
            log_action="events.invoice.issue",
        )
    notifications.invoice_issued(invoice)
    return invoice


def cancel_invoice_for(order: Order, *, user, reason: str) -> InvoiceRequest | None:
    """Called inside the cancellation's transaction: withdraw an unissued request, or ask for
    the reversal of an issued invoice. The issued data stay as they are."""
    invoice = InvoiceRequest.objects.select_for_update().filter(order=order).first()
    if invoice is None:
        return None
    if invoice.status == InvoiceRequest.Status.REQUESTED:
        invoice.transition(
            InvoiceRequest.Status.WITHDRAWN,
            user=user,
            reason=reason,
            log_action="events.invoice.withdraw",
        )
    elif invoice.status == InvoiceRequest.Status.ISSUED:
        invoice.reversal_reason = reason
        invoice.reversal_requested_at = timezone.now()
        invoice.transition(
            InvoiceRequest.Status.REVERSAL_REQUESTED,
            user=user,
            reason=reason,
            update_fields=("reversal_reason", "reversal_requested_at"),
            log_action="events.invoice.reversal_request",
        )
    return invoice


def complete_reversal(invoice: InvoiceRequest, *, user, reason: str = "") -> InvoiceRequest:
    with transaction.atomic():
        invoice = InvoiceRequest.objects.select_for_update().get(pk=invoice.pk)
        invoice.transition(
            InvoiceRequest.Status.REVERSED,
            user=user,
            reason=reason,
            log_action="events.invoice.reverse",
        )
    return invoice
