"""Dues: the secretariat's rules, fee schedules, invoices, proofs, payments and reminders."""

from __future__ import annotations

import calendar
import datetime
import itertools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from website.core.files import PrivateUploadTo, private_storage
from website.core.states import StateMachine

from ..validators import validate_credit_code
from .memberships import Membership, MembershipError


@register_setting(icon="cog")
class MembershipSettings(BaseGenericSetting):
    """The dues rules the secretariat may change (DESIGN §5 gives the defaults)."""

    half_price_from_month = models.PositiveSmallIntegerField(
        _("reduced first year from month"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Members approved on or after this day of the year pay a reduced first year."),
    )
    half_price_from_day = models.PositiveSmallIntegerField(
        _("reduced first year from day"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    reduced_first_year_percent = models.PositiveSmallIntegerField(
        _("reduced first year (percent of the fee)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    payment_term_days = models.PositiveSmallIntegerField(
        _("payment term (days)"),
        default=30,
        help_text=_("A joining invoice is due this many days after it is issued."),
    )
    renewal_invoice_days = models.PositiveSmallIntegerField(
        _("issue renewal invoices (days before expiry)"),
        default=60,
        help_text=_("Next year's invoice is issued this many days before the paid-through date."),
    )
    reminder_days = models.CharField(
        _("renewal reminders (days before expiry)"),
        max_length=50,
        default="60,30,7",
        validators=[
            RegexValidator(
                r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$",
                _("Enter whole numbers of days separated by commas, e.g. 60,30,7."),
            )
        ],
        help_text=_("Each reminder is sent once, e.g. 60,30,7."),
    )
    grace_period_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=365,
        help_text=_(
            "An unpaid membership enters its grace period the day after its paid-through date, "
            "keeps member rights during it and lapses when it ends. The charter: one year of "
            "unpaid dues ends the membership, i.e. 365 days."
        ),
    )
    # The account dues are paid into is in the payment settings (website.core.payments).

    class Meta:
        verbose_name = _("membership settings")
        verbose_name_plural = _("membership settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @property
    def reminder_day_list(self) -> list[int]:
        """Reminder offsets, largest first, without duplicates."""
        days = {int(part) for part in self.reminder_days.split(",") if part.strip().isdigit()}
        return sorted(days, reverse=True)

    def half_price_from(self, year: int) -> datetime.date:
        day = min(
            self.half_price_from_day, calendar.monthrange(year, self.half_price_from_month)[1]
        )
        return datetime.date(year, self.half_price_from_month, day)


class FeeSchedule(models.Model):
    """The dues of one year, one amount per tier (at most four distinct levels, DESIGN §5)."""

    MAX_LEVELS = 4

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    president = models.DecimalField(
        _("president unit"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    vice_president = models.DecimalField(
        _("vice-president unit"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    standing_director = models.DecimalField(
        _("standing director unit"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    director = models.DecimalField(
        _("director unit"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    member = models.DecimalField(
        _("member unit"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    individual = models.DecimalField(
        _("individual member"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("note"), blank=True, help_text=_("e.g. the resolution that set it."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")

    def __str__(self) -> str:
        return _("Dues %(year)s") % {"year": self.year}

    def amount_for(self, tier: str) -> Decimal:
        return getattr(self, Membership.Tier(tier).value)

    def organization_levels(self) -> set[Decimal]:
        return {self.amount_for(tier) for tier in Membership.Tier.organization_tiers()}

    def clean(self) -> None:
        super().clean()
        amounts = [self.amount_for(tier) for tier in Membership.Tier.organization_tiers()]
        if any(amount is None for amount in amounts):
            return
        if len(set(amounts)) > self.MAX_LEVELS:
            raise ValidationError(
                _(
                    "Dues may have at most %(max)d levels for member organizations; "
                    "these amounts make %(count)d. Give some tiers the same amount."
                )
                % {"max": self.MAX_LEVELS, "count": len(set(amounts))}
            )
        # A higher tier never pays less than a lower one.
        for higher, lower in itertools.pairwise(amounts):
            if higher < lower:
                raise ValidationError(_("A higher tier cannot pay less than a lower tier."))


class InvoiceQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(status__in=[Invoice.Status.OPEN, Invoice.Status.OVERDUE])

    def visible_to(self, user):
        """Invoices of the organizations the user acts for and of the user's own membership."""
        from members.access import visible_membership_ids

        if not getattr(user, "is_authenticated", False):
            return self.none()
        # The memberships' ids first (index lookups): an OR across the two joins scanned
        # every invoice's membership at 100,000 organizations.
        return self.filter(membership_id__in=visible_membership_ids(user))


class Invoice(StateMachine):
    """A dues invoice (会费通知单) for one membership year."""

    class Kind(models.TextChoices):
        JOINING = "joining", _("First year")
        RENEWAL = "renewal", _("Renewal")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        OVERDUE = "overdue", _("Overdue")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    transition_error = MembershipError
    TRANSITIONS: dict[str, set[str]] = {
        Status.OPEN: {Status.OVERDUE, Status.PAID, Status.CANCELLED},
        Status.OVERDUE: {Status.PAID, Status.CANCELLED},
    }

    number = models.CharField(_("invoice number"), max_length=20, unique=True)
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("issued on"), default=datetime.date.today)
    due_on = models.DateField(_("due on"), db_index=True)
    title = models.CharField(_("invoice title (发票抬头)"), max_length=200)
    tax_number = models.CharField(
        _("taxpayer number"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        # The back office's default sort, cheap at 100,000 rows (an index scan, no sort).
        indexes = [models.Index(fields=["-issued_on", "-id"], name="members_invoice_listing")]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            # One live invoice per membership and period: the sweep may run twice safely.
            models.UniqueConstraint(
                fields=["membership", "period_start"],
                condition=~Q(status="cancelled"),
                name="one_live_invoice_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.period_start.year}）"

    @property
    def is_outstanding(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.OVERDUE)

    @property
    def paid_amount(self) -> Decimal:
        return sum((payment.amount for payment in self.payments.all()), Decimal("0"))

    @property
    def balance(self) -> Decimal:
        return max(self.amount - self.paid_amount, Decimal("0"))


class PaymentProof(StateMachine):
    """A transfer receipt a member uploads; staff confirm it (a payment) or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    transition_error = MembershipError
    TRANSITIONS: dict[str, set[str]] = {Status.PENDING: {Status.CONFIRMED, Status.REJECTED}}

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="proofs"
    )
    file = models.FileField(
        _("proof of payment"),
        storage=private_storage,
        upload_to=PrivateUploadTo("payment-proofs"),
        max_length=200,
        help_text=_("The bank's transfer receipt: PDF, JPEG or PNG."),
    )
    file_name = models.CharField(_("original file name"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("proof of payment")
        verbose_name_plural = _("proofs of payment")

    def __str__(self) -> str:
        return f"{self.invoice.number} {self.paid_on:%Y-%m-%d} {self.amount}"

    def on_status_change(self, previous: str) -> list[str]:
        self.decided_at = timezone.now()
        return ["decided_at"]


class Payment(models.Model):
    """Money received for an invoice, recorded by staff (bank transfer is the norm)."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CASH = "cash", _("Cash")
        CHEQUE = "cheque", _("Cheque")
        ONLINE = "online", _("Online payment")
        OTHER = "other", _("Other")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    method = models.CharField(
        _("method"), max_length=15, choices=Method.choices, default=Method.BANK_TRANSFER
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    paid_on = models.DateField(_("paid on"))
    proof = models.OneToOneField(
        PaymentProof,
        verbose_name=_("proof of payment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.invoice.number} {self.amount}"


class RenewalReminder(models.Model):
    """A renewal reminder that was sent; its uniqueness keeps the sweep from repeating it."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="renewal_reminders",
    )
    paid_through = models.DateField(_("for the period ending"))
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_to = models.TextField(_("sent to"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "paid_through", "days_before"], name="unique_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.number} −{self.days_before}"
