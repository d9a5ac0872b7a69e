"""Orders with their attendees, payments, refunds, proofs, invoice requests, the waiting list,
check-ins and training certificates."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.validators import normalize_credit_code, validate_credit_code
from website.core.files import private_storage

from .base import RegistrationError, StateMachine, money, random_code, random_secret
from .events import Activity, Event, TicketType


class OrderQuerySet(models.QuerySet):
    def holding_places(self):
        return self.filter(status__in=Order.HOLDS_PLACES)

    def visible_to(self, user, *, organization_ids: list[int] | None = None):
        """Orders a registrant may see: their own private ones, and those of organizations they
        act for now (someone who left an organization no longer sees its orders).

        `organization_ids`: the user's organizations as this request already read them
        (members.access.member_access); a literal list lets PostgreSQL read the two indexes
        instead of filtering every order, newest first, through a subquery."""
        from members.access import organizations_of

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if organization_ids is None:
            organization_ids = organizations_of(user)
        return self.filter(
            Q(organization__isnull=True, created_by=user) | Q(organization__in=organization_ids)
        )


class Order(StateMachine):
    """One registration: a person for themselves or an organization for several attendees."""

    # Orders and attendees are nobody's content: keeping them out of Wagtail's reference
    # index spares every registration a task row written under the capacity lock.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        APPROVAL_PENDING = "approval_pending", _("Approval pending")
        PENDING_PAYMENT = "pending_payment", _("Pending payment")
        CONFIRMED = "confirmed", _("Confirmed")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", pgettext_lazy("events", "Cancelled")
        CANCELLED_FEE = "cancelled_fee", _("Cancelled with fee")

    # The one table of allowed changes (pretix style). Expired orders come back only when a
    # late payment arrives and the places are still free.
    TRANSITIONS = {
        Status.APPROVAL_PENDING: {
            Status.PENDING_PAYMENT,
            Status.CONFIRMED,
            Status.EXPIRED,
            Status.CANCELLED,
        },
        Status.PENDING_PAYMENT: {Status.CONFIRMED, Status.EXPIRED, Status.CANCELLED},
        Status.EXPIRED: {Status.CONFIRMED},
        Status.CONFIRMED: {Status.CANCELLED, Status.CANCELLED_FEE},
        Status.CANCELLED: set(),
        Status.CANCELLED_FEE: set(),
    }
    HOLDS_PLACES = (Status.APPROVAL_PENDING, Status.PENDING_PAYMENT, Status.CONFIRMED)
    # Holding places without being paid or approved: limited per account and organization,
    # and lapsing at payment_deadline / approval_deadline.
    OPEN = (Status.APPROVAL_PENDING, Status.PENDING_PAYMENT)

    code = models.CharField(_("order number"), max_length=40, unique=True)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.PROTECT, related_name="orders"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="event_orders",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_orders",
        help_text=_("Set when a contact registered on behalf of the organization."),
    )
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=32)
    contact_email = models.EmailField(_("contact email"))
    notes = models.TextField(_("remarks"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=Decimal("0"))
    cancellation_fee = models.DecimalField(
        _("cancellation fee"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    payment_deadline = models.DateTimeField(_("pay by"), null=True, blank=True)
    approval_deadline = models.DateTimeField(
        _("approve by"),
        null=True,
        blank=True,
        help_text=_("Not approved by then, the order expires. Empty: it waits for a decision."),
    )
    cancellation_requested_at = models.DateTimeField(
        _("cancellation requested at"), null=True, blank=True
    )
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    created_at = models.DateTimeField(_("placed at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # The registration form's one-time token: the same form sent twice (a double click, a
    # resend while a rush keeps the first waiting) finds this order instead of placing another.
    submission_key = models.CharField(
        _("form submission"), max_length=64, blank=True, default="", editable=False
    )

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = pgettext_lazy("events", "order")
        verbose_name_plural = _("orders")
        indexes = [
            models.Index(fields=["event", "status"], name="events_order_event_status"),
            # The back office's default sort, cheap at 100,000 rows.
            models.Index(fields=["-created_at", "-id"], name="events_order_listing"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["created_by", "submission_key"],
                condition=~models.Q(submission_key=""),
                name="events_order_one_per_submission",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def holds_places(self) -> bool:
        return self.status in self.HOLDS_PLACES

    def on_status_change(self, previous: str) -> tuple[str, ...]:
        """Places follow their order: held while it holds places, freed when it stops (and
        held again if a late payment revives it)."""
        if (previous in self.HOLDS_PLACES) != self.holds_places:
            Place.objects.filter(attendee__order=self).update(holds=self.holds_places)
        return ()

    @property
    def is_open(self) -> bool:
        """Waiting for payment or approval: the registrant still has something to do."""
        return self.status in self.OPEN

    @property
    def is_payable(self) -> bool:
        """A transfer is still expected: unpaid, or expired (a late payment revives it while
        the places are free)."""
        return self.status in (self.Status.PENDING_PAYMENT, self.Status.EXPIRED)

    @property
    def hold_expires_at(self):
        if self.status == self.Status.PENDING_PAYMENT:
            return self.payment_deadline
        if self.status == self.Status.APPROVAL_PENDING:
            return self.approval_deadline
        return None

    @property
    def lapsed_unapproved(self) -> bool:
        """Expired while awaiting approval (approval sets the payment deadline)."""
        return self.status == self.Status.EXPIRED and self.payment_deadline is None

    @property
    def is_cancelled(self) -> bool:
        return self.status in (self.Status.CANCELLED, self.Status.CANCELLED_FEE)

    def paid_amount(self) -> Decimal:
        return money(self.payments.aggregate(total=Sum("amount"))["total"] or 0)

    def refunded_amount(self) -> Decimal:
        return money(self.refunds.aggregate(total=Sum("amount"))["total"] or 0)

    def amount_due(self) -> Decimal:
        return max(Decimal("0.00"), self.total - self.paid_amount())

    def refund_due(self) -> Decimal:
        """Money the association owes back: what was paid, less refunds, less what it keeps."""
        if self.is_cancelled or self.status == self.Status.EXPIRED:
            keep = self.cancellation_fee
        else:
            keep = self.total
        return max(Decimal("0.00"), self.paid_amount() - self.refunded_amount() - keep)

    def registrant_label(self) -> str:
        if self.organization_id:
            return str(self.organization)
        return self.contact_name


class Attendee(models.Model):
    """A person who will attend, with their own code, QR and confirmation."""

    wagtail_reference_index_ignore = True  # as Order

    class Dietary(models.TextChoices):
        NONE = "", _("No special needs")
        VEGETARIAN = "vegetarian", _("Vegetarian")
        HALAL = "halal", _("Halal")
        OTHER = "other", _("Other (see note)")

    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("events", "order"),
        on_delete=models.CASCADE,
        related_name="attendees",
    )
    ticket_type = models.ForeignKey(
        TicketType, verbose_name=_("ticket type"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=50)
    organization_name = models.CharField(_("organization"), max_length=200)
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=32)
    email = models.EmailField(_("email"))
    dietary = models.CharField(
        _("dietary needs"), max_length=12, choices=Dietary.choices, blank=True, default=""
    )
    dietary_note = models.CharField(_("dietary note"), max_length=200, blank=True)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2)
    member_price = models.BooleanField(_("member price"), default=False)
    code = models.CharField(_("attendee code"), max_length=16, unique=True, default=random_code)
    secret = models.CharField(max_length=32, default=random_secret, editable=False)
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities"), through="Place", related_name="attendees"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        # The back office's default sort, cheap at 100,000 rows (an index scan, no sort).
        indexes = [models.Index(fields=["order", "id"], name="events_attendee_listing")]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return f"{self.name}（{self.organization_name}）"

    def get_ticket_url(self) -> str:
        from django.urls import reverse

        return reverse("events:ticket", args=[self.code, self.secret])


class Place(models.Model):
    """An attendee's place in one activity. Capacity counts these for orders holding places."""

    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="places"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="places"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Whether the order holds this place (Order.HOLDS_PLACES), kept by Order.on_status_change:
    # capacity counts these from one index, without joining every attendee and order, so the
    # count under the lock stays short when an activity has thousands of places.
    holds = models.BooleanField(_("holds the place"), default=True, editable=False)

    class Meta:
        ordering = ["activity", "pk"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(fields=["attendee", "activity"], name="events_one_place"),
        ]
        indexes = [
            models.Index(fields=["activity"], condition=Q(holds=True), name="events_place_held"),
        ]

    def __str__(self) -> str:
        return f"{self.attendee.name} @ {self.activity}"


class AttendeeReplacement(models.Model):
    """Who was replaced by whom, so the history of a place survives the change."""

    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="replacements"
    )
    old_name = models.CharField(_("previous name"), max_length=50)
    old_email = models.EmailField(_("previous email"))
    old_mobile = models.CharField(_("previous mobile"), max_length=32)
    old_code = models.CharField(_("previous code"), max_length=16)
    new_name = models.CharField(pgettext_lazy("events", "new name"), max_length=50)
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(pgettext_lazy("events", "reason"), blank=True)

    class Meta:
        ordering = ["-replaced_at"]
        verbose_name = _("attendee replacement")
        verbose_name_plural = _("attendee replacements")

    def __str__(self) -> str:
        return f"{self.old_name} → {self.new_name}"


class CheckIn(models.Model):
    """An attendee came to an activity. One row per attendee and activity: scanning twice
    finds the first row instead of counting again."""

    class Method(models.TextChoices):
        SCAN = "scan", _("Scanned")
        TYPED = "typed", _("Typed")

    attendee = models.ForeignKey(
        Attendee, verbose_name=_("attendee"), on_delete=models.CASCADE, related_name="checkins"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.PROTECT, related_name="checkins"
    )
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.SCAN
    )

    class Meta:
        ordering = ["-checked_in_at"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["attendee", "activity"], name="events_one_checkin"),
        ]

    def __str__(self) -> str:
        return f"{self.attendee.name} @ {self.activity}"


class Payment(models.Model):
    """Money received for an order or an exhibitor's booths, recorded by the secretariat."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        ONLINE = "online", _("Online payment")
        CASH = "cash", _("Cash or card on site")

    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("events", "order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    application = models.ForeignKey(
        "events.ExhibitorApplication",
        verbose_name=_("exhibitor application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.BANK_TRANSFER
    )
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Bank transaction number.")
    )
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = pgettext_lazy("events", "payment")
        verbose_name_plural = pgettext_lazy("events", "payments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(order__isnull=False) & Q(application__isnull=True))
                | (Q(order__isnull=True) & Q(application__isnull=False)),
                name="events_payment_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"¥{self.amount} {self.reference}"


class Refund(models.Model):
    """Money paid back for an order (after a cancellation, or an overpayment)."""

    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("events", "order"),
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    refunded_on = models.DateField(_("refunded on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    reason = models.TextField(pgettext_lazy("events", "reason"), blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"-¥{self.amount} {self.reference}"


class PaymentProof(models.Model):
    """A transfer slip uploaded by the registrant; private, served only after an access check."""

    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("events", "order"),
        on_delete=models.CASCADE,
        related_name="proofs",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="events/proofs/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(pgettext_lazy("events", "size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("payment proof")
        verbose_name_plural = _("payment proofs")

    def __str__(self) -> str:
        return self.original_name


class InvoiceRequest(StateMachine):
    """发票 details for an order. Once issued, the details never change; cancelling the order
    afterwards records a reversal request (红字冲销) instead."""

    class Kind(models.TextChoices):
        NORMAL = "normal", _("Ordinary VAT invoice")
        SPECIAL = "special", _("Special VAT invoice")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("events", "Requested")
        ISSUED = "issued", _("Issued")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REVERSAL_REQUESTED = "reversal_requested", _("Reversal requested")
        REVERSED = "reversed", _("Reversed")

    TRANSITIONS = {
        Status.REQUESTED: {Status.ISSUED, Status.WITHDRAWN},
        Status.ISSUED: {Status.REVERSAL_REQUESTED},
        Status.REVERSAL_REQUESTED: {Status.REVERSED},
        Status.WITHDRAWN: set(),
        Status.REVERSED: set(),
    }
    # What the invoice says; frozen from the moment it is issued.
    DATA_FIELDS = (
        "kind",
        "title",
        "tax_number",
        "address",
        "phone",
        "bank_name",
        "bank_account",
        "email",
        "remarks",
        "amount",
        "invoice_number",
    )

    order = models.OneToOneField(
        Order,
        verbose_name=pgettext_lazy("events", "order"),
        on_delete=models.CASCADE,
        related_name="invoice_request",
    )
    kind = models.CharField(_("invoice type"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("invoice title (organization name)"), max_length=200)
    tax_number = models.CharField(
        _("taxpayer number"),
        max_length=18,
        validators=[validate_credit_code],
        help_text=_("The unified social credit code, 18 characters."),
    )
    address = models.CharField(_("registered address"), max_length=200, blank=True)
    phone = models.CharField(_("registered phone"), max_length=40, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account"), max_length=40, blank=True)
    email = models.EmailField(_("email for the electronic invoice"))
    remarks = models.CharField(_("remarks"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    amount = models.DecimalField(
        _("invoiced amount"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    invoice_number = models.CharField(
        pgettext_lazy("events", "invoice number"), max_length=40, blank=True
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    reversal_reason = models.TextField(_("reason for reversal"), blank=True)
    reversal_requested_at = models.DateTimeField(_("reversal requested at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invoice request")
        verbose_name_plural = _("invoice requests")

    def __str__(self) -> str:
        return f"{self.order.code} {self.title}"

    def save(self, *args, **kwargs):
        self.tax_number = normalize_credit_code(self.tax_number)
        if self.pk:
            stored = (
                InvoiceRequest.objects.filter(pk=self.pk)
                .values("status", *self.DATA_FIELDS)
                .first()
            )
            if stored and stored["status"] != self.Status.REQUESTED:
                changed = [f for f in self.DATA_FIELDS if stored[f] != getattr(self, f)]
                if changed:
                    raise RegistrationError(_("An issued invoice cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.REQUESTED


class WaitingListQuerySet(models.QuerySet):
    def of_user(self, user):
        """Entries this user queued; for a registered attendee, only while the user still
        reaches the attendee's order."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user).filter(
            Q(attendee__isnull=True) | Q(attendee__order__in=Order.objects.visible_to(user))
        )

    def active(self):
        return self.filter(
            status__in=[WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED]
        )

    def live_offers(self, now=None):
        return self.filter(
            status=WaitingListEntry.Status.OFFERED, offer_expires_at__gt=now or timezone.now()
        )


class WaitingListEntry(StateMachine):
    """A request for a place in a full activity. Entries are served in order; an offer holds a
    place for a limited time and passes to the next entry when it is not taken up."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Offer expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    TRANSITIONS = {
        Status.WAITING: {Status.OFFERED, Status.WITHDRAWN},
        Status.OFFERED: {Status.ACCEPTED, Status.EXPIRED, Status.WITHDRAWN},
        Status.ACCEPTED: set(),
        Status.EXPIRED: set(),
        Status.WITHDRAWN: set(),
    }

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="waiting_list"
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="waiting_list"
    )
    attendee = models.ForeignKey(
        Attendee,
        verbose_name=_("registered attendee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="waiting_list_entries",
        help_text=_("Set when an attendee already registered waits for a place in this activity."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="event_waiting_list_entries",
    )
    name = models.CharField(_("name"), max_length=50)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organization_name = models.CharField(_("organization"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    offer_token = models.CharField(max_length=32, unique=True, default=random_secret)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = WaitingListQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        indexes = [
            models.Index(fields=["activity", "status"], name="events_waiting_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.activity}"

    def offer_is_live(self, now=None) -> bool:
        return (
            self.status == self.Status.OFFERED
            and self.offer_expires_at is not None
            and self.offer_expires_at > (now or timezone.now())
        )


class TrainingCertificate(models.Model):
    """Completion certificate of a training with the hours the attendee was checked in for."""

    attendee = models.OneToOneField(
        Attendee, verbose_name=_("attendee"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("training certificate")
        verbose_name_plural = _("training certificates")

    def __str__(self) -> str:
        return self.number
