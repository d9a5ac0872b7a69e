"""The scheduled sweep (journey 2): next year's invoices, reminders, overdue, grace, lapse."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.cache import one_invalidation
from website.core.payments import DUES, payment_account
from website.core.rows import released
from website.core.states import transition_many

from ..models import (
    FeeSchedule,
    Invoice,
    Membership,
    MembershipError,
    RenewalReminder,
)
from .common import member_emails, notify, portal_url, settings_for_dues
from .dues import issue_invoice, lock_invoice, period_after, set_invoice_status
from .memberships import change_status


@dataclass
class SweepReport:
    invoices_issued: list[str] = dataclass_field(default_factory=list)
    reminders_sent: list[str] = dataclass_field(default_factory=list)
    overdue: list[str] = dataclass_field(default_factory=list)
    to_grace: list[str] = dataclass_field(default_factory=list)
    lapsed: list[str] = dataclass_field(default_factory=list)
    warnings: list[str] = dataclass_field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"invoices issued: {len(self.invoices_issued)} {' '.join(self.invoices_issued)}".rstrip(),
            f"reminders sent: {len(self.reminders_sent)} {' '.join(self.reminders_sent)}".rstrip(),
            f"invoices overdue: {len(self.overdue)} {' '.join(self.overdue)}".rstrip(),
            f"memberships into grace: {len(self.to_grace)} {' '.join(self.to_grace)}".rstrip(),
            f"memberships lapsed: {len(self.lapsed)} {' '.join(self.lapsed)}".rstrip(),
            *[f"warning: {warning}" for warning in self.warnings],
        ]


def dues_expiry(membership: Membership) -> datetime.date | None:
    """The last day the membership's dues cover: its paid-through date or, before the first
    payment, the due date of its first invoice."""
    if membership.paid_through:
        return membership.paid_through
    first = membership.invoices.outstanding().order_by("due_on").first()
    return first.due_on if first else None


def run_sweep(today: datetime.date | None = None) -> SweepReport:
    """Everything dues need each day. Safe to run twice: each step looks at the current state
    and at what was already recorded, never at when it last ran. The directory's cached pages
    are emptied once at the end, not once per membership."""
    today = today or timezone.localdate()
    report = SweepReport()
    config = settings_for_dues()
    with translation.override(settings.LANGUAGE_CODE), one_invalidation():
        _sweep_invoices(today, config, report)
        _sweep_reminders(today, config, report)
        _sweep_overdue(today, report)
        _sweep_grace_and_lapse(today, config, report)
    return report


def _sweep_invoices(today, config, report: SweepReport) -> None:
    horizon = today + datetime.timedelta(days=config.renewal_invoice_days)
    candidates = Membership.objects.filter(
        status__in=Membership.Status.good_standing(), paid_through__lte=horizon
    ).select_related("organization", "person")
    missing_years: set[int] = set()
    for membership in released(candidates.iterator()):
        start, end = period_after(membership.paid_through)
        if (
            membership.invoices.filter(period_start=start)
            .exclude(status=Invoice.Status.CANCELLED)
            .exists()
        ):
            continue
        if not FeeSchedule.objects.filter(year=start.year).exists():
            missing_years.add(start.year)
            continue
        try:
            invoice = issue_invoice(
                membership, kind=Invoice.Kind.RENEWAL, period=(start, end), today=today
            )
        except MembershipError as error:  # e.g. another run issued it a moment ago
            report.warnings.append(f"{membership.number}: {error}")
            continue
        report.invoices_issued.append(invoice.number)
    for year in sorted(missing_years):
        report.warnings.append(f"no fee schedule for {year}: renewal invoices not issued")


def _sweep_reminders(today, config, report: SweepReport) -> None:
    days = config.reminder_day_list
    if not days:
        return
    account = payment_account(DUES)  # None while unset: the mail says to ask the secretariat
    candidates = Membership.objects.filter(
        status__in=Membership.Status.good_standing(),
        paid_through__gte=today,
        paid_through__lte=today + datetime.timedelta(days=max(days)),
    ).select_related("organization", "person__user")
    for membership in released(candidates.iterator()):
        remaining = (membership.paid_through - today).days
        # Only the most urgent reminder that is due; a missed run never sends two at once.
        offset = min(day for day in days if day >= remaining)
        if RenewalReminder.objects.filter(
            membership=membership, paid_through=membership.paid_through, days_before__lte=offset
        ).exists():
            continue
        emails = member_emails(membership)
        invoice = membership.invoices.outstanding().order_by("period_start").first()
        with transaction.atomic():
            _reminder, created = RenewalReminder.objects.get_or_create(
                membership=membership,
                paid_through=membership.paid_through,
                days_before=offset,
                defaults={"sent_to": ", ".join(emails)},
            )
            if not created:
                continue
            log(membership, "members.membership.reminder", data={"days_before": offset})
            notify(
                emails,
                "members/email/renewal_reminder",
                {
                    "membership": membership,
                    "invoice": invoice,
                    "days": remaining,
                    "payment_account": account,
                    "url": portal_url(reverse("member_portal:invoices")),
                },
            )
        report.reminders_sent.append(f"{membership.number}(-{offset})")


def mark_invoice_overdue(invoice: Invoice, *, today: datetime.date | None = None) -> bool:
    """An open invoice past its due date becomes overdue (a scheduled rule, no actor)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        invoice = lock_invoice(invoice)
        if invoice.status != Invoice.Status.OPEN or invoice.due_on >= today:
            return False
        set_invoice_status(invoice, Invoice.Status.OVERDUE, reason=_("The due date has passed."))
    return True


def _sweep_overdue(today, report: SweepReport) -> None:
    overdue = Invoice.objects.filter(status=Invoice.Status.OPEN, due_on__lt=today)
    for invoice in released(overdue.iterator()):
        if mark_invoice_overdue(invoice, today=today):
            report.overdue.append(invoice.number)


def _sweep_grace_and_lapse(today, config, report: SweepReport) -> None:
    grace = datetime.timedelta(days=config.grace_period_days)
    account = payment_account(DUES)
    members = Membership.objects.filter(
        status__in=[Membership.Status.ACTIVE, Membership.Status.GRACE]
    ).select_related("organization", "person__user")
    for membership in released(members.iterator()):
        expiry = dues_expiry(membership)
        if expiry is None or expiry >= today:
            continue
        in_grace = membership.status == Membership.Status.GRACE
        if not in_grace:
            reason = _("Dues unpaid after %(date)s.") % {"date": date_format(expiry)}
            change_status(membership, Membership.Status.GRACE, reason=reason)
            report.to_grace.append(membership.number)
            notify(
                member_emails(membership),
                "members/email/membership_grace",
                {
                    "membership": membership,
                    "expiry": expiry,
                    "lapse_on": expiry + grace + datetime.timedelta(days=1),
                    "payment_account": account,
                    "url": portal_url(reverse("member_portal:invoices")),
                },
            )
            in_grace = True
        if in_grace and expiry + grace < today:
            _lapse(membership, expiry=expiry, report=report)


def _lapse(membership: Membership, *, expiry: datetime.date, report: SweepReport) -> None:
    with transaction.atomic():
        reason = _(
            "Dues unpaid since %(date)s and the grace period has ended: the membership lapses."
        ) % {"date": date_format(expiry + datetime.timedelta(days=1))}
        change_status(membership, Membership.Status.LAPSED, reason=reason)
        lapsed = str(_("The membership lapsed."))
        cancelled = transition_many(
            membership.invoices.outstanding(),
            Invoice.Status.CANCELLED,
            reason=lapsed,
            log_action="members.invoice.cancelled",
        )
        Invoice.objects.filter(pk__in=[invoice.pk for invoice in cancelled]).update(
            status_reason=lapsed[:200]
        )
        notify(
            member_emails(membership),
            "members/email/membership_lapsed",
            {"membership": membership, "url": portal_url(reverse("member_portal:membership"))},
        )
    report.lapsed.append(membership.number)
