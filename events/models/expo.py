"""The exhibition of an event: halls, booths, exhibitor applications and staff passes."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.validators import normalize_credit_code, validate_credit_code
from website.core.files import IMAGES, check_file

from .base import StateMachine, money, random_code
from .events import Event

STANDARD_SIDE = Decimal("3")
RAW_MINIMUM_AREA = Decimal("36")


class Hall(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="halls"
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(
        pgettext_lazy("events", "description"), max_length=200, blank=True
    )
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["event", "sort_order", "pk"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")

    def __str__(self) -> str:
        return self.name


class Booth(StateMachine):
    """A stand: a standard 3×3 m booth or raw space (光地) of at least 36 m²."""

    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard booth (3×3 m)")
        RAW = "raw", _("Raw space")

    class Status(models.TextChoices):
        AVAILABLE = "available", pgettext_lazy("events", "Available")
        RESERVED = "reserved", _("Reserved, awaiting payment")
        SOLD = "sold", _("Sold")
        BLOCKED = "blocked", _("Blocked")

    TRANSITIONS = {
        Status.AVAILABLE: {Status.RESERVED, Status.BLOCKED},
        Status.RESERVED: {Status.SOLD, Status.AVAILABLE},
        Status.SOLD: {Status.AVAILABLE},
        Status.BLOCKED: {Status.AVAILABLE},
    }

    hall = models.ForeignKey(
        Hall, verbose_name=_("hall"), on_delete=models.CASCADE, related_name="booths"
    )
    number = models.CharField(_("booth number"), max_length=20)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.STANDARD)
    width = models.DecimalField(
        _("width (m)"),
        max_digits=5,
        decimal_places=1,
        default=STANDARD_SIDE,
        validators=[MinValueValidator(Decimal("1"))],
    )
    depth = models.DecimalField(
        _("depth (m)"),
        max_digits=5,
        decimal_places=1,
        default=STANDARD_SIDE,
        validators=[MinValueValidator(Decimal("1"))],
    )
    is_corner = models.BooleanField(_("corner booth"), default=False)
    price = models.DecimalField(
        _("price"),
        max_digits=12,
        decimal_places=2,
        blank=True,
        help_text=_("Empty: computed from the event's rates, with the corner surcharge."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.AVAILABLE, db_index=True
    )
    application = models.ForeignKey(
        "ExhibitorApplication",
        verbose_name=_("exhibitor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booths",
    )
    reserved_until = models.DateTimeField(_("reserved until"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["hall", "number"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="events_booth_number"),
        ]

    def __str__(self) -> str:
        return f"{self.hall.name} {self.number}"

    @property
    def area(self) -> Decimal:
        return (self.width or 0) * (self.depth or 0)

    def clean(self) -> None:
        if self.kind == self.Kind.STANDARD and (
            self.width != STANDARD_SIDE or self.depth != STANDARD_SIDE
        ):
            raise ValidationError(_("A standard booth measures 3 × 3 m."))
        if self.kind == self.Kind.RAW and self.area < RAW_MINIMUM_AREA:
            raise ValidationError(_("Raw space starts at 36 m²."))

    def suggested_price(self) -> Decimal:
        event = self.hall.event
        if self.kind == self.Kind.STANDARD:
            base = event.standard_booth_price
        else:
            base = event.raw_space_price_per_sqm * self.area
        if self.is_corner:
            base = base * (Decimal(100) + event.corner_surcharge_percent) / Decimal(100)
        return base.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def save(self, *args, **kwargs):
        if self.price is None:
            self.price = self.suggested_price()
        super().save(*args, **kwargs)

    def pass_allowance(self) -> int:
        event = self.hall.event
        if self.kind == self.Kind.STANDARD:
            return event.passes_per_standard_booth
        return math.ceil(self.area / Decimal(event.raw_space_sqm_per_pass))


class ExhibitorApplicationQuerySet(models.QuerySet):
    def visible_to(self, user, *, organization_ids: list[int] | None = None):
        from members.access import organizations_of

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if organization_ids is None:  # as for orders
            organization_ids = organizations_of(user)
        # As for orders: an organization's application follows who acts for it now.
        return self.filter(
            Q(organization__isnull=True, created_by=user) | Q(organization__in=organization_ids)
        )

    def on_public_list(self):
        return self.filter(status=ExhibitorApplication.Status.CONFIRMED)


LOGO_MAX_SIZE = 2 * 1024 * 1024


def validate_logo(file) -> None:
    """A logo: a JPEG or PNG of at most 2 MB that decodes within the pixel limit."""
    check_file(file, IMAGES, max_size=LOGO_MAX_SIZE)


class ExhibitorApplication(StateMachine):
    """A company's application to exhibit; staff approve it and allocate booths, which are
    confirmed by payment within the event's booth payment days."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        ALLOCATED = "allocated", _("Booth allocated, awaiting payment")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        RELEASED = "released", _("Released (not paid in time)")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS = {
        Status.SUBMITTED: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
        Status.APPROVED: {Status.ALLOCATED, Status.REJECTED, Status.WITHDRAWN},
        Status.ALLOCATED: {Status.CONFIRMED, Status.RELEASED, Status.WITHDRAWN},
        Status.RELEASED: {Status.ALLOCATED, Status.WITHDRAWN},
        Status.CONFIRMED: set(),
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
    }
    OPEN = (Status.SUBMITTED, Status.APPROVED, Status.ALLOCATED, Status.RELEASED)

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="exhibitors"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="exhibitor_applications",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exhibitor_applications",
    )
    company_name = models.CharField(_("company"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=32)
    contact_email = models.EmailField(_("contact email"))
    wanted_kind = models.CharField(
        _("booth type wanted"),
        max_length=10,
        choices=Booth.Kind.choices,
        default=Booth.Kind.STANDARD,
    )
    wanted_area = models.DecimalField(
        _("area wanted (m²)"), max_digits=6, decimal_places=1, default=Decimal("9")
    )
    wanted_booth = models.ForeignKey(
        Booth,
        verbose_name=_("preferred booth"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    products = models.TextField(_("products and services shown"), blank=True)
    catalogue_text = models.TextField(
        _("catalogue entry"), blank=True, help_text=_("会刊: up to 300 characters.")
    )
    logo = models.ImageField(
        _("logo"), upload_to="events/exhibitors/%Y/", blank=True, validators=[validate_logo]
    )
    website = models.URLField(pgettext_lazy("events", "website"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    amount = models.DecimalField(_("amount due"), max_digits=12, decimal_places=2, default=0)
    payment_deadline = models.DateTimeField(_("pay by"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ExhibitorApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("exhibitor application")
        verbose_name_plural = _("exhibitor applications")

    def __str__(self) -> str:
        return self.company_name

    def save(self, *args, **kwargs):
        self.credit_code = normalize_credit_code(self.credit_code)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        """Not yet decided or paid, so the company may still withdraw it."""
        return self.status in self.OPEN

    def paid_amount(self) -> Decimal:
        return money(self.payments.aggregate(total=Sum("amount"))["total"] or 0)

    def pass_allowance(self) -> int:
        return sum(booth.pass_allowance() for booth in self.booths.select_related("hall__event"))

    def booth_numbers(self) -> str:
        return "、".join(str(booth) for booth in self.booths.select_related("hall"))


def pass_code() -> str:
    return random_code(9, prefix="X")


class ExhibitorPass(models.Model):
    """A badge for an exhibitor's staff; the number of passes follows the booth size."""

    application = models.ForeignKey(
        ExhibitorApplication,
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="passes",
    )
    name = models.CharField(_("name"), max_length=50)
    mobile = models.CharField(_("mobile phone"), max_length=32, blank=True)
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    code = models.CharField(_("pass code"), max_length=16, unique=True, default=pass_code)
    checked_in_at = models.DateTimeField(_("first entry"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["application", "pk"]
        verbose_name = _("exhibitor pass")
        verbose_name_plural = _("exhibitor passes")

    def __str__(self) -> str:
        return f"{self.name}（{self.application}）"
