"""Certificates and the annual re-checks (年度复查), each with its state machine."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Organization
from members.regions import Province
from website.core.states import StateMachine, StatusChange

from .applications import Application
from .base import CertificationError, points_field_kwargs
from .schemes import Scheme
from .subjects import Plant


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Certificates the register lists: valid today."""
        return self.filter(status=Certificate.Status.VALID)

    def for_register(self):
        # The subject's own certificate; an award's unit and person certificates stay out.
        return (
            self.current()
            .filter(holder_order=0)
            .select_related("scheme")
            .only(
                "number",
                "subject_name",
                "holder_name",
                "province",
                "grade",
                "grade_label",
                "issued_on",
                "valid_until",
                "status",
                "scheme__code",
                "scheme__name",
                "scheme__name_en",
            )
            .order_by("-issued_on", "number")
        )

    def of_organizations(self, organizations):
        return self.filter(organization__in=organizations)


class Certificate(StateMachine):
    """A certificate with a unique number per scheme and year, verifiable online."""

    transition_error = CertificationError

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        SUSPENDED = "suspended", _("Suspended")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")
        SUPERSEDED = "superseded", _("Superseded")

    class Origin(models.TextChoices):
        DECISION = "decision", _("Evaluation decision")
        RECHECK = "recheck", _("Annual re-check")

    TRANSITIONS: dict[str, set[str]] = {
        Status.VALID: {Status.SUSPENDED, Status.REVOKED, Status.EXPIRED, Status.SUPERSEDED},
        Status.SUSPENDED: {Status.VALID, Status.REVOKED, Status.EXPIRED, Status.SUPERSEDED},
        Status.REVOKED: set(),
        Status.EXPIRED: set(),
        Status.SUPERSEDED: set(),
    }

    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="certificates"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    origin = models.CharField(
        _("issued by"), max_length=10, choices=Origin.choices, default=Origin.DECISION
    )
    # The holder: 0 is the application's subject; awards number further holders (units, persons).
    holder_order = models.PositiveSmallIntegerField(_("holder"), default=0)
    holder_name = models.CharField(_("holder"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    plant = models.ForeignKey(
        Plant,
        verbose_name=_("plant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    subject_name = models.CharField(_("subject"), max_length=200, db_index=True)
    province = models.CharField(
        _("province"), max_length=2, choices=Province.choices, blank=True, db_index=True
    )
    grade = models.CharField(_("grade"), max_length=10, db_index=True)
    grade_label = models.CharField(_("grade"), max_length=40)
    score = models.DecimalField(_("score"), **points_field_kwargs(null=True, blank=True))
    issued_on = models.DateField(pgettext_lazy("certification", "issued on"))
    # Empty for certificates without an expiry date (awards, evaluation conclusions).
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VALID, db_index=True
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    expiry_reminder_sent_on = models.DateField(_("expiry reminder sent on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        indexes = [
            models.Index(fields=["scheme", "status", "grade"], name="cert_register"),
            # The back office's default sort, cheap at 100,000 rows.
            models.Index(fields=["-issued_on", "-id"], name="cert_certificate_listing"),
            # A holder's latest certificate (the directory's credit-grade column and filter):
            # without it PostgreSQL walks the listing index across every certificate per row.
            models.Index(fields=["organization", "-issued_on", "-id"], name="cert_holder_latest"),
        ]
        constraints = [
            # Two staff approving at once must never produce two certificates.
            models.UniqueConstraint(
                fields=["application", "holder_order"],
                condition=Q(origin="decision"),
                name="one_decision_certificate_per_holder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject_name} {self.grade_label}"

    def get_absolute_url(self) -> str:
        return reverse("certification:verify_number", args=[self.number])

    @property
    def display_name(self) -> str:
        return self.holder_name or self.subject_name

    @property
    def is_permanent(self) -> bool:
        return self.valid_until is None

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.VALID and (
            self.valid_until is None or self.valid_until >= timezone.localdate()
        )

    def transition(self, status: str, *, reason: str = "", **kwargs) -> StatusChange:
        """The verification page shows why a certificate is not valid: keep the last reason."""
        previous_reason, self.status_reason = self.status_reason, reason
        try:
            return super().transition(
                status, reason=reason, update_fields=["status_reason"], **kwargs
            )
        except BaseException:
            self.status_reason = previous_reason
            raise


class AnnualCheck(StateMachine):
    """年度复查: a yearly re-check within a certificate's validity; keep, downgrade or cancel."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("certification", "Pending")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Not needed")

    transition_error = CertificationError
    TRANSITIONS = {Status.PENDING: {Status.DONE, Status.CANCELLED}}

    class Outcome(models.TextChoices):
        KEEP = "keep", _("Keep the grade")
        DOWNGRADE = "downgrade", _("Downgrade")
        SUSPEND = "suspend", _("Suspend the certificate")
        CANCEL = "cancel", _("Cancel the certificate")

    certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.CASCADE,
        related_name="annual_checks",
    )
    sequence = models.PositiveSmallIntegerField(_("re-check"))
    due_on = models.DateField(pgettext_lazy("certification", "due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    new_grade = models.CharField(_("new grade"), max_length=10, blank=True)
    reason = models.TextField(_("findings"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    new_certificate = models.ForeignKey(
        Certificate,
        verbose_name=_("new certificate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("annual re-check")
        verbose_name_plural = _("annual re-checks")

    def __str__(self) -> str:
        return f"{self.certificate.number} #{self.sequence}"
