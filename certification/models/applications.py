"""Applications and their state machine, evidence files and the self-assessment."""

from __future__ import annotations

import os

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Organization
from members.regions import Province
from website.core.cache import valid_from, valid_through
from website.core.files import private_storage
from website.core.records import StoredFile
from website.core.states import StateMachine, StatusChange

from .base import CertificationError, points_field_kwargs
from .schemes import CriteriaSet, Criterion, RequiredDocument, Round, Scheme
from .subjects import Plant


class ApplicationQuerySet(models.QuerySet):
    def of_organizations(self, organizations):
        return self.filter(organization__in=organizations)

    def open(self):
        return self.exclude(status__in=Application.Status.final())

    def in_publicity(self):
        return self.filter(status=Application.Status.PUBLICITY)

    def for_public_publicity(self):
        """What the public publicity page lists: open windows, with their scheme and round."""
        return (
            self.in_publicity()
            .select_related("scheme", "round", "organization", "plant", "criteria_set")
            .prefetch_related("criteria_set__grade_bands")
            .order_by("publicity_ends_on", "scheme__sort_order", "number")
        )


class Application(StateMachine):
    """申报: a subject applying to a scheme in a round, from draft to decision."""

    transition_error = CertificationError

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        # A third party (an award's recommending unit) endorses the application and so
        # submits it on the applicant's behalf.
        ENDORSEMENT = "endorsement", _("Awaiting recommendation")
        SUBMITTED = "submitted", _("Submitted")
        FORMAL_REVIEW = "formal_review", _("Formal review")
        # Schemes with an on-site inspection (plant grading) only.
        ON_SITE_INSPECTION = "on_site_inspection", _("On-site inspection")
        RETURNED = "returned", _("Returned for correction")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        EXPERT_REVIEW = "expert_review", _("Expert review")
        PANEL_DECISION = "panel_decision", _("Panel decision")
        PUBLICITY = "publicity", _("Publicity")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

        @classmethod
        def final(cls) -> list[str]:
            return [cls.APPROVED, cls.REJECTED, cls.WITHDRAWN]

        @classmethod
        def editable_by_applicant(cls) -> list[str]:
            return [cls.DRAFT, cls.RETURNED]

        @classmethod
        def withdrawable(cls) -> list[str]:
            """The applicant may withdraw until the panel has decided."""
            return [
                cls.DRAFT,
                cls.ENDORSEMENT,
                cls.SUBMITTED,
                cls.FORMAL_REVIEW,
                cls.RETURNED,
                cls.RESUBMITTED,
                cls.ON_SITE_INSPECTION,
                cls.EXPERT_REVIEW,
                cls.PANEL_DECISION,
            ]

    class Kind(models.TextChoices):
        NEW = "new", _("First evaluation")
        REEVALUATION = "reevaluation", _("Re-evaluation")

    # The state machine: every allowed change of status, in one place.
    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.SUBMITTED, Status.ENDORSEMENT, Status.WITHDRAWN},
        Status.ENDORSEMENT: {Status.SUBMITTED, Status.DRAFT, Status.WITHDRAWN},
        Status.SUBMITTED: {Status.FORMAL_REVIEW, Status.WITHDRAWN},
        Status.FORMAL_REVIEW: {
            Status.RETURNED,
            # One of the two, by the scheme: see can_change_to.
            Status.ON_SITE_INSPECTION,
            Status.EXPERT_REVIEW,
            Status.REJECTED,
            Status.WITHDRAWN,
        },
        Status.ON_SITE_INSPECTION: {Status.EXPERT_REVIEW, Status.REJECTED, Status.WITHDRAWN},
        Status.RETURNED: {Status.RESUBMITTED, Status.WITHDRAWN},
        Status.RESUBMITTED: {Status.FORMAL_REVIEW, Status.WITHDRAWN},
        Status.EXPERT_REVIEW: {Status.PANEL_DECISION, Status.WITHDRAWN},
        Status.PANEL_DECISION: {
            Status.PUBLICITY,
            # Schemes without public notice (publicity length 0) decide at once.
            Status.APPROVED,
            Status.EXPERT_REVIEW,
            Status.REJECTED,
            Status.WITHDRAWN,
        },
        Status.PUBLICITY: {Status.APPROVED, Status.EXPERT_REVIEW},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
    }

    number = models.CharField(
        pgettext_lazy("certification", "application number"), max_length=30, unique=True
    )
    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="applications"
    )
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices, default=Kind.NEW)
    organization = models.ForeignKey(
        Organization,
        verbose_name=pgettext_lazy("certification", "applicant"),
        on_delete=models.PROTECT,
        related_name="certification_applications",
    )
    plant = models.ForeignKey(
        Plant,
        verbose_name=_("plant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # Subjects of schemes added later (an award's project): any model, by content type.
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject_object = GenericForeignKey("subject_type", "subject_id")
    subject_name = models.CharField(_("subject"), max_length=200, db_index=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    previous_application = models.ForeignKey(
        "self",
        verbose_name=_("previous application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    previous_certificate = models.ForeignKey(
        "certification.Certificate",
        verbose_name=_("certificate re-evaluated"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reevaluations",
    )
    # What the applicant fills in.
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    accounting_years = models.PositiveSmallIntegerField(
        _("full accounting years with revenue"), null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    declaration = models.BooleanField(
        _("declaration of truthfulness"),
        default=False,
        help_text=_(
            "We declare that the information and evidence are true and complete, and accept "
            "the association's rules on credit commitments (信用承诺)."
        ),
    )
    # Results.
    self_score = models.DecimalField(_("self-assessed score"), **points_field_kwargs(null=True))
    score = models.DecimalField(_("score"), **points_field_kwargs(null=True, blank=True))
    vetoes = models.JSONField(_("veto items found"), default=list, blank=True)
    proposed_grade = models.CharField(_("proposed grade"), max_length=10, blank=True)
    final_grade = models.CharField(_("grade"), max_length=10, blank=True)
    grade_reason = models.TextField(_("reason for the panel's grade"), blank=True)
    # Staff's notes along the way.
    correction_request = models.TextField(_("corrections requested"), blank=True)
    correction_due_on = models.DateField(_("corrections due on"), null=True, blank=True)
    formal_checklist = models.JSONField(_("formal review checklist"), default=dict, blank=True)
    publicity_starts_on = models.DateField(_("publicity starts on"), null=True, blank=True)
    publicity_ends_on = models.DateField(_("publicity ends on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
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
    # For queries across applications ("ever accepted"); one application reads status_history().
    status_changes = GenericRelation(StatusChange, related_query_name="application")

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = pgettext_lazy("certification", "application")
        verbose_name_plural = pgettext_lazy("certification", "applications")
        indexes = [
            models.Index(fields=["scheme", "status"], name="cert_app_scheme_status"),
            # The back office's default sort, cheap at 100,000 rows.
            models.Index(fields=["-created_at", "-id"], name="cert_app_listing"),
        ]
        permissions = [("process_application", _("Can process certification applications"))]

    def __str__(self) -> str:
        return f"{self.number} {self.subject_name}"

    @property
    def subject(self):
        """What is evaluated: the plant, another subject model, or the organization itself."""
        if self.plant_id:
            return self.plant
        if self.subject_type_id:
            return self.subject_object
        return self.organization

    @property
    def is_final(self) -> bool:
        return self.status in self.Status.final()

    @property
    def is_editable(self) -> bool:
        return self.status in self.Status.editable_by_applicant()

    @property
    def grade(self) -> str:
        return self.final_grade or self.proposed_grade

    @property
    def grade_label(self) -> str:
        return self.criteria_set.grade_label(self.grade) if self.grade else ""

    def transition(self, status: str, *, update_fields=None, **kwargs) -> StatusChange:
        """The services set the step's fields (grade, dates) just before: save them all."""
        return super().transition(status, update_fields=update_fields, **kwargs)

    def can_change_to(self, status: str) -> bool:
        """The table, and the scheme's rule on the inspection: a scheme with an on-site
        inspection goes through it (and leaves it only when it is closed); any other scheme
        never enters it."""
        if not super().can_change_to(status):
            return False
        inspected = self.scheme.on_site_inspection
        if status == self.Status.ON_SITE_INSPECTION:
            return inspected
        if status == self.Status.EXPERT_REVIEW and self.status == self.Status.FORMAL_REVIEW:
            return not inspected
        if status == self.Status.EXPERT_REVIEW and self.status == self.Status.ON_SITE_INSPECTION:
            inspection = getattr(self, "inspection", None)
            return inspection is not None and inspection.state.closed
        return True

    def on_status_change(self, previous: str) -> list[str]:
        if self.status in self.Status.final():
            self.decided_at = timezone.now()
            return ["decided_at"]
        return []

    def publicity_is_open(self, on=None) -> bool:
        if on is None:
            # About today: a cached page that shows the answer expires when it changes.
            on = timezone.localdate()
            if self.status == self.Status.PUBLICITY and self.publicity_starts_on is not None:
                if on < self.publicity_starts_on:
                    valid_from(self.publicity_starts_on)
                else:
                    valid_through(self.publicity_ends_on)
        return (
            self.status == self.Status.PUBLICITY
            and self.publicity_starts_on is not None
            and self.publicity_starts_on <= on <= self.publicity_ends_on
        )

    def publicity_has_closed(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.publicity_ends_on is not None and on > self.publicity_ends_on


def evidence_upload_to(instance: Attachment, filename: str) -> str:
    # The stored name is random; the original name is kept in the row for downloads.
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"certification/{timezone.now():%Y/%m}/{os.urandom(12).hex()}{extension}"


class Attachment(StoredFile):
    """An evidence file of an application: for a checklist line or an indicator, or free."""

    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    requirement = models.ForeignKey(
        RequiredDocument,
        verbose_name=_("required document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_upload_to)
    description = models.CharField(
        pgettext_lazy("certification", "description"), max_length=200, blank=True
    )

    class Meta:
        ordering = ["requirement__sort_order", "uploaded_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class SelfAssessment(models.Model):
    """The applicant's own score for one criterion, with an explanation (自评)."""

    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="self_assessments",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.DecimalField(_("score"), **points_field_kwargs())
    comment = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="unique_self_assessment"
            ),
            models.CheckConstraint(condition=Q(score__gte=0), name="self_assessment_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} {self.criterion.code}: {self.score}"
