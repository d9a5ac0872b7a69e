"""Dues (journey 2): fee schedules, invoices, proofs and payments, renewals."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.files import accept
from website.core.models import Sequence
from website.core.states import transition_many

from ..models import (
    FeeSchedule,
    Invoice,
    Membership,
    MembershipError,
    Payment,
    PaymentProof,
)
from ..validators import normalize_credit_code
from .common import acting, member_emails, notify, portal_url, settings_for_dues
from .memberships import change_status


def fee_for(tier: str, year: int) -> Decimal:
    schedule = FeeSchedule.objects.filter(year=year).first()
    if schedule is None:
        raise MembershipError(
            _("There is no fee schedule for %(year)s yet; the secretariat must set one first.")
            % {"year": year}
        )
    return schedule.amount_for(tier)


def first_year_amount(tier: str, joined_on: datetime.date) -> Decimal:
    """The joining year's dues: reduced (half by default) from 1 July (configurable)."""
    amount = fee_for(tier, joined_on.year)
    config = settings_for_dues()
    if joined_on >= config.half_price_from(joined_on.year):
        amount = (amount * config.reduced_first_year_percent / Decimal(100)).quantize(
            Decimal("0.01")
        )
    return amount


def next_invoice_number(year: int) -> str:
    return f"HF{year}{Sequence.next_value(f'invoice:{year}'):05d}"


def _invoice_party(membership: Membership) -> tuple[str, str]:
    """发票 title and taxpayer number: the last invoice's, else the member's own."""
    last = membership.invoices.exclude(title="").order_by("-period_start", "-pk").first()
    if last is not None:
        return last.title, last.tax_number
    if membership.organization_id:
        return membership.organization.name, membership.organization.credit_code
    return membership.person.name, ""


def period_after(paid_through: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The membership year that follows paid_through (a calendar year in the usual case)."""
    start = paid_through + datetime.timedelta(days=1)
    if (start.month, start.day) == (1, 1):
        return start, datetime.date(start.year, 12, 31)
    try:
        end = start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + 1, day=28)
    return start, end


def issue_invoice(
    membership: Membership,
    *,
    kind: str,
    year: int | None = None,
    period: tuple[datetime.date, datetime.date] | None = None,
    amount: Decimal | None = None,
    due_on: datetime.date | None = None,
    title: str = "",
    tax_number: str = "",
    user=None,
    today: datetime.date | None = None,
) -> Invoice:
    """Issue the dues invoice of one membership year. Refuses a second live invoice for
    the same period (the sweep relies on it to be idempotent)."""
    today = today or timezone.localdate()
    config = settings_for_dues()
    if period is None:
        year = year or today.year
        period = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    start, end = period
    if amount is None:
        if kind == Invoice.Kind.JOINING:
            amount = first_year_amount(membership.tier, membership.joined_on or today)
        else:
            amount = fee_for(membership.tier, start.year)
    if due_on is None:
        if kind == Invoice.Kind.JOINING or start <= today:
            due_on = today + datetime.timedelta(days=config.payment_term_days)
        else:
            due_on = start - datetime.timedelta(days=1)
    default_title, default_tax = _invoice_party(membership)
    with transaction.atomic():
        if (
            membership.invoices.filter(period_start=start)
            .exclude(status=Invoice.Status.CANCELLED)
            .exists()
        ):
            raise MembershipError(
                _("This membership already has an invoice for the period from %(start)s.")
                % {"start": date_format(start)}
            )
        invoice = Invoice(
            number=next_invoice_number(start.year),
            membership=membership,
            kind=kind,
            period_start=start,
            period_end=end,
            amount=amount,
            issued_on=today,
            due_on=due_on,
            title=title or default_title,
            tax_number=normalize_credit_code(tax_number or default_tax),
            created_by=acting(user),
        )
        invoice.full_clean(exclude=["membership", "created_by"])
        invoice.save()
        log(invoice, "members.invoice.issue", user=acting(user), data={"amount": str(amount)})
    return invoice


def lock_invoice(invoice: Invoice) -> Invoice:
    return Invoice.objects.select_for_update().select_related("membership").get(pk=invoice.pk)


def set_invoice_status(invoice: Invoice, status: str, *, user=None, reason: str = "") -> None:
    """Change a locked invoice's status with its reason, logged as members.invoice.<status>."""
    invoice.status_reason = reason[:200]
    invoice.transition(
        status,
        user=user,
        reason=reason,
        update_fields=["status_reason", "paid_on"],
        log_action=f"members.invoice.{status}",
    )


def record_payment(
    invoice: Invoice,
    *,
    user,
    amount: Decimal,
    paid_on: datetime.date,
    method: str = Payment.Method.BANK_TRANSFER,
    reference: str = "",
    note: str = "",
    proof: PaymentProof | None = None,
) -> Payment:
    """Record money received. When the invoice is paid in full, the membership's
    paid-through date moves to the end of the invoiced period, and a membership in grace
    or lapsed becomes active again (the gap stays in its history)."""
    if amount is None or amount <= 0:
        raise MembershipError(_("The amount must be greater than zero."))
    if paid_on > timezone.localdate():
        raise MembershipError(_("The payment date cannot be in the future."))
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        if not invoice.is_outstanding:
            raise MembershipError(
                _("Invoice %(number)s is %(status)s; no payment can be recorded.")
                % {"number": invoice.number, "status": invoice.get_status_display()}
            )
        if amount > invoice.balance:
            raise MembershipError(
                _("The amount is more than the %(balance)s yuan still due on this invoice.")
                % {"balance": invoice.balance}
            )
        payment = Payment.objects.create(
            invoice=invoice,
            amount=amount,
            method=method,
            reference=reference,
            paid_on=paid_on,
            proof=proof,
            note=note,
            recorded_by=acting(user),
        )
        log(
            invoice,
            "members.invoice.payment",
            user=acting(user),
            data={"amount": str(amount), "reference": reference, "paid_on": paid_on.isoformat()},
        )
        if invoice.balance <= 0:
            invoice.paid_on = paid_on
            set_invoice_status(invoice, Invoice.Status.PAID, user=user)
            _extend_membership(invoice, user=user)
            notify(
                member_emails(invoice.membership),
                "members/email/payment_received",
                {
                    "invoice": invoice,
                    "membership": invoice.membership,
                    "url": portal_url(reverse("member_portal:invoice", kwargs={"pk": invoice.pk})),
                },
            )
    return payment


def _extend_membership(invoice: Invoice, *, user) -> None:
    membership = Membership.objects.select_for_update().get(pk=invoice.membership_id)
    previous = membership.paid_through
    if previous is None or invoice.period_end > previous:
        membership.paid_through = invoice.period_end
        membership.save(update_fields=["paid_through", "updated_at"])
    today = timezone.localdate()
    if membership.status in (Membership.Status.GRACE, Membership.Status.LAPSED) and (
        membership.paid_through and membership.paid_through >= today
    ):
        if membership.status == Membership.Status.LAPSED and previous:
            gap_from = previous + datetime.timedelta(days=1)
            reason = _(
                "Renewed after a lapse: dues for %(period)s paid (invoice %(number)s); "
                "not a member in good standing from %(gap_from)s to %(gap_to)s."
            ) % {
                "period": invoice.period_start.year,
                "number": invoice.number,
                "gap_from": date_format(gap_from),
                "gap_to": date_format(invoice.period_start - datetime.timedelta(days=1)),
            }
        else:
            reason = _("Dues paid (invoice %(number)s).") % {"number": invoice.number}
        change_status(membership, Membership.Status.ACTIVE, user=user, reason=reason)


def cancel_invoice(invoice: Invoice, *, user, reason: str) -> Invoice:
    if not reason.strip():
        raise MembershipError(_("Please give a reason for cancelling the invoice."))
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        if not invoice.is_outstanding:
            raise MembershipError(_("Only an open or overdue invoice can be cancelled."))
        if invoice.payments.exists():
            raise MembershipError(_("This invoice has payments recorded; it cannot be cancelled."))
        set_invoice_status(invoice, Invoice.Status.CANCELLED, user=user, reason=reason)
        decision = str(_("The invoice was cancelled."))
        rejected = transition_many(
            invoice.proofs.filter(status=PaymentProof.Status.PENDING),
            PaymentProof.Status.REJECTED,
            user=user,
            reason=decision,
            log_action="members.proof.reject",
        )
        PaymentProof.objects.filter(pk__in=[proof.pk for proof in rejected]).update(
            decided_by=acting(user), decision_reason=decision
        )
    return invoice


def submit_payment_proof(
    invoice: Invoice,
    *,
    user,
    file,
    amount: Decimal,
    paid_on: datetime.date,
    reference: str = "",
    note: str = "",
) -> PaymentProof:
    """A member uploads a transfer receipt; staff confirm it in the back office."""
    if not Invoice.objects.visible_to(user).filter(pk=invoice.pk).exists():
        raise MembershipError(_("You cannot pay this invoice."))
    if paid_on > timezone.localdate():
        raise MembershipError(_("The payment date cannot be in the future."))
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        if not invoice.is_outstanding:
            raise MembershipError(_("This invoice is not open for payment."))
        original_name = getattr(file, "name", "")
        accept(file)
        proof = PaymentProof.objects.create(
            invoice=invoice,
            file=file,
            file_name=original_name[:200],
            amount=amount,
            paid_on=paid_on,
            reference=reference,
            note=note,
            uploaded_by=acting(user),
        )
        log(invoice, "members.invoice.proof", user=acting(user), data={"proof": proof.pk})
    return proof


def confirm_payment_proof(proof: PaymentProof, *, user, amount: Decimal | None = None) -> Payment:
    with transaction.atomic():
        proof = PaymentProof.objects.select_for_update().get(pk=proof.pk)
        if proof.status != PaymentProof.Status.PENDING:
            raise MembershipError(_("This proof of payment has already been decided."))
        payment = record_payment(
            proof.invoice,
            user=user,
            amount=amount or proof.amount,
            paid_on=proof.paid_on,
            reference=proof.reference,
            note=_("Confirmed from an uploaded proof of payment."),
            proof=proof,
        )
        proof.decided_by = acting(user)
        proof.transition(
            PaymentProof.Status.CONFIRMED,
            user=user,
            update_fields=["decided_by"],
            log_action="members.proof.confirm",
        )
    return payment


def reject_payment_proof(proof: PaymentProof, *, user, reason: str) -> PaymentProof:
    if not reason.strip():
        raise MembershipError(_("Please give a reason; the member will read it."))
    with transaction.atomic():
        proof = (
            PaymentProof.objects.select_for_update()
            .select_related("invoice__membership")
            .get(pk=proof.pk)
        )
        if proof.status != PaymentProof.Status.PENDING:
            raise MembershipError(_("This proof of payment has already been decided."))
        proof.decided_by = acting(user)
        proof.decision_reason = reason[:200]
        proof.transition(
            PaymentProof.Status.REJECTED,
            user=user,
            reason=reason,
            update_fields=["decided_by", "decision_reason"],
            log_action="members.proof.reject",
        )
        notify(
            member_emails(proof.invoice.membership),
            "members/email/proof_rejected",
            {
                "proof": proof,
                "invoice": proof.invoice,
                "reason": reason,
                "url": portal_url(
                    reverse("member_portal:invoice", kwargs={"pk": proof.invoice_id})
                ),
            },
        )
    return proof


def renew_membership(
    membership: Membership, *, user, today: datetime.date | None = None
) -> Invoice:
    """The renewal invoice a lapsed (or never renewed) member pays to come back: the current
    year, at the full rate. The unpaid years stay unpaid, so the gap shows in history."""
    today = today or timezone.localdate()
    if membership.status == Membership.Status.TERMINATED:
        raise MembershipError(_("A terminated membership cannot be renewed; apply to join again."))
    existing = membership.invoices.outstanding().order_by("-period_start").first()
    if existing is not None:
        return existing
    if membership.status == Membership.Status.LAPSED or membership.paid_through is None:
        period = (datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31))
    else:
        period = period_after(membership.paid_through)
    if membership.paid_through and membership.paid_through >= period[0]:
        raise MembershipError(_("This membership is already paid for that period."))
    return issue_invoice(
        membership, kind=Invoice.Kind.RENEWAL, period=period, user=user, today=today
    )
