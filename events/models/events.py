"""Events, their activities (each with its own capacity) and ticket types."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from website.core.cache import valid_through, valid_until

# URL words of the events app that an event code may not take.
RESERVED_CODES = {"my", "ticket", "offer", "proof", "expo", "admin", "static"}


def validate_event_code(value: str) -> None:
    if value.lower() in RESERVED_CODES:
        raise ValidationError(_("This code is reserved; choose another."))


class EventQuerySet(models.QuerySet):
    def upcoming(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(ends_on__gte=today).order_by("starts_on", "pk")

    def past(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(ends_on__lt=today).order_by("-starts_on", "-pk")


class Event(models.Model):
    """The registration side of an event: dates, venue, window, rules. Its EventPage shows it."""

    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Annual conference and expo")
        FORUM = "forum", _("Forum")
        TRAINING = "training", _("Training")

    class FeeKind(models.TextChoices):
        NONE = "none", _("No fee")
        FIXED = "fixed", _("Fixed amount")
        PERCENT = "percent", _("Percentage of the order")

    title = models.CharField(_("title"), max_length=200)
    code = models.SlugField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[validate_event_code],
        help_text=_("Short code used in links and order numbers, e.g. nh2026."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.FORUM)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    city = models.CharField(_("city"), max_length=50, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)

    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("Orders wait for the secretariat's approval before payment."),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"),
        default=7,
        help_text=_("An unpaid order expires this many days after it is placed (or approved)."),
    )
    payment_instructions = models.TextField(
        _("payment instructions"),
        blank=True,
        help_text=_(
            "Notes shown to registrants under the association's bank account, e.g. what to "
            "quote with the transfer. The account itself is kept in the payment settings."
        ),
    )
    max_attendees_per_order = models.PositiveSmallIntegerField(
        _("most attendees per order"), default=20, validators=[MinValueValidator(1)]
    )
    # Limits on places held without payment or approval, so that one account (or one
    # organization through its contacts) cannot hold every seat. 0 means no limit.
    max_open_orders_per_account = models.PositiveSmallIntegerField(
        _("open orders per account"),
        default=3,
        help_text=_("Orders awaiting payment or approval one account may have. 0: no limit."),
    )
    max_held_places_per_account = models.PositiveSmallIntegerField(
        _("held places per account"),
        default=20,
        help_text=_("Attendees those open orders may hold together. 0: no limit."),
    )
    max_open_orders_per_organization = models.PositiveSmallIntegerField(
        _("open orders per organization"),
        default=5,
        help_text=_("The same, for all contacts of one organization together. 0: no limit."),
    )
    max_held_places_per_organization = models.PositiveSmallIntegerField(
        _("held places per organization"),
        default=50,
        help_text=_("Attendees held by one organization's open orders. 0: no limit."),
    )
    approval_hold_days = models.PositiveSmallIntegerField(
        _("days an order awaits approval"),
        default=14,
        help_text=_(
            "An order not approved within this time expires and releases its places. "
            "0: it waits until the secretariat decides."
        ),
    )
    replacement_deadline = models.DateTimeField(
        _("attendee replacement until"),
        null=True,
        blank=True,
        help_text=_("Empty: until the event starts."),
    )

    cancellation_deadline = models.DateTimeField(
        _("cancellation until"),
        null=True,
        blank=True,
        help_text=_("Registrants may cancel confirmed orders until then. Empty: until the start."),
    )
    cancellation_fee_kind = models.CharField(
        _("cancellation fee"), max_length=10, choices=FeeKind.choices, default=FeeKind.NONE
    )
    cancellation_fee_value = models.DecimalField(
        _("fee amount or percentage"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    cancellation_requires_approval = models.BooleanField(
        _("cancellations need approval"), default=False
    )

    waiting_list_enabled = models.BooleanField(_("waiting list"), default=True)
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to take up an offer"),
        default=48,
        validators=[MinValueValidator(1)],
        help_text=_("A waiting-list offer not taken up within this time passes to the next."),
    )

    has_expo = models.BooleanField(_("has an exhibition"), default=False)
    expo_applications_open = models.BooleanField(_("exhibitor applications open"), default=False)
    booth_payment_days = models.PositiveSmallIntegerField(
        _("days to pay for a booth"),
        default=10,
        help_text=_("An allocated booth not paid within this time is released."),
    )
    standard_booth_price = models.DecimalField(
        _("standard booth price (3×3 m)"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    raw_space_price_per_sqm = models.DecimalField(
        _("raw space price per m²"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    corner_surcharge_percent = models.DecimalField(
        _("corner surcharge (%)"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    passes_per_standard_booth = models.PositiveSmallIntegerField(
        _("exhibitor passes per standard booth"), default=2
    )
    raw_space_sqm_per_pass = models.PositiveSmallIntegerField(
        _("m² of raw space per exhibitor pass"), default=9, validators=[MinValueValidator(1)]
    )

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        permissions = [
            ("check_in", _("Can check attendees in")),
            ("print_badges", _("Can print badges and certificates")),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The event cannot end before it starts.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError(
                {"registration_closes_at": _("Registration must close after it opens.")}
            )
        if self.cancellation_fee_kind == self.FeeKind.PERCENT and self.cancellation_fee_value > 100:
            raise ValidationError(
                {"cancellation_fee_value": _("A percentage cannot be more than 100.")}
            )

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.starts_on, datetime.time.min))

    @property
    def gives_training_certificates(self) -> bool:
        """Only a training ends with completion certificates (培训结业证书)."""
        return self.kind == self.Kind.TRAINING

    @property
    def is_past(self) -> bool:
        past = self.ends_on < timezone.localdate()
        if not past:
            valid_through(self.ends_on)  # a cached page showing it expires when it ends
        return past

    def registration_state(self, now: datetime.datetime | None = None) -> str:
        """ "open", "not_yet" or "closed"."""
        about_now = now is None
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            if about_now:
                valid_until(self.registration_opens_at)
            return "not_yet"
        closes = self.registration_closes_at or self.starts_at
        if now >= closes:
            return "closed"
        if about_now:
            valid_until(closes)
        return "open"

    def is_registration_open(self, now: datetime.datetime | None = None) -> bool:
        return self.registration_state(now) == "open"

    def payment_deadline_from(self, moment: datetime.datetime) -> datetime.datetime:
        deadline = moment + datetime.timedelta(days=self.payment_days)
        # Never after the event starts: places must be settled before the doors open.
        return min(deadline, max(self.starts_at, moment + datetime.timedelta(hours=1)))

    def approval_deadline_from(self, moment: datetime.datetime) -> datetime.datetime | None:
        if not self.approval_hold_days:
            return None
        return moment + datetime.timedelta(days=self.approval_hold_days)

    def replacement_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return now < (self.replacement_deadline or self.starts_at)

    def cancellation_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return now < (self.cancellation_deadline or self.starts_at)

    def cancellation_fee_for(self, total: Decimal) -> Decimal:
        if total <= 0 or self.cancellation_fee_kind == self.FeeKind.NONE:
            return Decimal("0.00")
        if self.cancellation_fee_kind == self.FeeKind.FIXED:
            fee = self.cancellation_fee_value
        else:
            fee = total * self.cancellation_fee_value / Decimal(100)
        return min(total, fee).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def get_public_url(self) -> str:
        page = getattr(self, "page", None)
        if page is not None and page.live:
            return page.url or ""
        return ""


class Activity(models.Model):
    """A part of an event with its own capacity: the main conference, a sub-forum, a training
    session, a site visit."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Main conference")
        FORUM = "forum", _("Sub-forum")
        SESSION = "session", _("Training session")
        VISIT = "visit", _("Site visit")
        EXPO = "expo", _("Exhibition")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("room or place"), max_length=120, blank=True)
    description = models.TextField(pgettext_lazy("events", "description"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("Places for confirmed and pending registrations together.")
    )
    hours = models.DecimalField(
        _("training hours"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        help_text=_("Counted on completion certificates for attendees who checked in."),
    )
    is_optional = models.BooleanField(
        _("attendees choose it"),
        default=False,
        help_text=_("Otherwise every ticket that admits to it includes it."),
    )
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["event", "sort_order", "starts_at", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name


class TicketType(models.Model):
    """What a registrant buys for one attendee: prices, window, who may buy, what it admits to."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="ticket_types"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(pgettext_lazy("events", "description"), blank=True)
    badge_label = models.CharField(
        _("attendee type on the badge"), max_length=20, default="参会代表", blank=True
    )
    member_price = models.DecimalField(
        _("member price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    non_member_price = models.DecimalField(
        _("non-member price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    early_bird_member_price = models.DecimalField(
        _("early-bird member price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    early_bird_non_member_price = models.DecimalField(
        _("early-bird non-member price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    early_bird_until = models.DateField(
        _("early bird until"), null=True, blank=True, help_text=_("Inclusive.")
    )
    members_only = models.BooleanField(
        _("members only"),
        default=False,
        help_text=_("Only for attendees whose organization or own membership is active."),
    )
    sales_start = models.DateTimeField(_("on sale from"), null=True, blank=True)
    sales_end = models.DateTimeField(_("on sale until"), null=True, blank=True)
    activities = models.ManyToManyField(
        Activity,
        verbose_name=_("admits to"),
        related_name="ticket_types",
        help_text=_("Activities this ticket admits to; optional ones are chosen per attendee."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["event", "sort_order", "pk"]
        verbose_name = _("ticket type")
        verbose_name_plural = _("ticket types")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.sales_start and self.sales_end and self.sales_end <= self.sales_start:
            raise ValidationError({"sales_end": _("Sales must end after they start.")})

    def is_early_bird(self, today: datetime.date | None = None) -> bool:
        if today is None:
            today = timezone.localdate()
            if self.early_bird_until is not None and today <= self.early_bird_until:
                valid_through(self.early_bird_until)  # the price changes after that day
        return self.early_bird_until is not None and today <= self.early_bird_until

    def price_for(self, *, member: bool, today: datetime.date | None = None) -> Decimal:
        """Member or non-member price; the early-bird price while it runs, if it is lower."""
        price = self.member_price if member else self.non_member_price
        if self.is_early_bird(today):
            early = self.early_bird_member_price if member else self.early_bird_non_member_price
            if early is not None:
                price = min(price, early)
        return price

    def sale_state(self, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if not self.is_active:
            return "closed"
        if self.sales_start and now < self.sales_start:
            return "not_yet"
        if self.sales_end and now >= self.sales_end:
            return "closed"
        return "open"
