"""On-site inspection of a plant (现场核查), its findings and rectification (整改), and the
plaque (标牌) that comes with a plant's certificate.

An application of a scheme with `on_site_inspection` goes from formal review to on-site
inspection: a team of two or three (experts of the pool or staff) visits on a date, works
through a checklist of the criteria, records findings with photos and the deductions of the
items only inspectors can assess, and asks for rectification with a deadline. The plant
answers with evidence from the portal; the team or staff accept it or return it. When every
request is accepted the inspection closes and the application goes on to expert review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Expert
from website.core.files import PrivateUploadTo, private_storage
from website.core.records import StoredFile
from website.core.states import StateMachine, Transition

from .applications import Application
from .base import CertificationError, points_field_kwargs
from .certificates import Certificate
from .schemes import Criterion

TEAM_MIN, TEAM_MAX = 2, 3


class Inspection(StateMachine):
    """现场核查 of one application: planned → visited → closed."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        VISITED = "visited", _("Visited: findings recorded")
        CLOSED = "closed", _("Closed")

    transition_error = CertificationError
    log_action = "certification.inspection.status"
    TRANSITIONS = (
        Transition("planned", "visited", name="visit", label=_("Record the visit")),
        Transition("visited", "closed", name="close", label=_("Close the inspection")),
    )

    application = models.OneToOneField(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="inspection",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    planned_on = models.DateField(_("inspection date"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    summary = models.TextField(_("inspection summary"), blank=True)
    # Checklist by criterion: {"<criterion id>": {"checked": true, "note": "..."}}.
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("planned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-planned_on", "-pk"]
        verbose_name = _("on-site inspection")
        verbose_name_plural = _("on-site inspections")

    def __str__(self) -> str:
        return f"{self.application.number} · {self.application.subject_name}"

    def on_status_change(self, previous: str) -> list[str]:
        if self.status == self.Status.CLOSED:
            self.closed_at = timezone.now()
            return ["closed_at"]
        return []

    def member_users(self) -> list:
        """The accounts of the team (an expert without an account has none)."""
        return [m.account for m in self.members.all() if m.account is not None]

    def has_member(self, user) -> bool:
        if not getattr(user, "is_authenticated", False):
            return False
        return any(m.account is not None and m.account.pk == user.pk for m in self.members.all())


class InspectionMember(models.Model):
    """One person of the team: an expert of the pool or a staff user."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Team leader")
        MEMBER = "member", pgettext_lazy("inspection team", "Member")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="members"
    )
    expert = models.ForeignKey(
        Expert,
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["inspection", "-role", "pk"]
        verbose_name = _("inspection team member")
        verbose_name_plural = _("inspection team members")
        constraints = [
            models.CheckConstraint(
                condition=Q(expert__isnull=True, user__isnull=False)
                | Q(expert__isnull=False, user__isnull=True),
                name="inspection_member_expert_or_user",
            ),
            models.UniqueConstraint(
                fields=["inspection", "expert"], name="unique_inspection_expert"
            ),
            models.UniqueConstraint(fields=["inspection", "user"], name="unique_inspection_user"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.expert_id:
            return self.expert.person.name
        return self.user.get_full_name() or self.user.email

    @property
    def account(self):
        """The login that acts for this member (None for an expert without an account)."""
        if self.expert_id:
            return self.expert.person.user
        return self.user


class Finding(models.Model):
    """A problem the team found, against a criterion, with the points it takes off (only for
    items assessed on site) and photos."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(pgettext_lazy("certification", "finding"))
    deduction = models.DecimalField(
        _("deduction"),
        **points_field_kwargs(),
        default=0,
        help_text=_("Points taken off an on-site deduction item; 1 marks an on-site veto found."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["inspection", "recorded_at", "pk"]
        verbose_name = pgettext_lazy("certification", "finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(condition=Q(deduction__gte=0), name="finding_deduction_positive")
        ]

    def __str__(self) -> str:
        return self.description[:60]


class FindingPhoto(StoredFile):
    finding = models.ForeignKey(
        Finding,
        verbose_name=pgettext_lazy("certification", "finding"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    file = models.FileField(
        _("photo"), storage=private_storage, upload_to=PrivateUploadTo("certification/inspections")
    )

    class Meta:
        ordering = ["finding", "uploaded_at", "pk"]
        verbose_name = _("finding photo")
        verbose_name_plural = _("finding photos")


class Rectification(StateMachine):
    """整改: what the plant must put right, by when; its evidence is accepted or returned."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Rectification requested")
        SUBMITTED = "submitted", _("Evidence submitted")
        RETURNED = "returned", _("Evidence returned")
        ACCEPTED = "accepted", _("Rectification accepted")

    transition_error = CertificationError
    log_action = "certification.rectification.status"
    TRANSITIONS = (
        Transition(("requested", "returned"), "submitted", name="submit"),
        Transition("submitted", "accepted", name="accept", label=_("Accept the rectification")),
        Transition("submitted", "returned", name="return", label=_("Return the evidence")),
    )

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="rectifications",
    )
    finding = models.ForeignKey(
        Finding,
        verbose_name=pgettext_lazy("certification", "finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    request = models.TextField(_("what to rectify"))
    due_on = models.DateField(_("rectify by"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.REQUESTED,
        db_index=True,
    )
    response = models.TextField(_("the plant's account of the rectification"), blank=True)
    review_note = models.TextField(_("note on the evidence"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "due_on", "pk"]
        verbose_name = _("rectification request")
        verbose_name_plural = _("rectification requests")

    def __str__(self) -> str:
        return self.request[:60]

    def on_status_change(self, previous: str) -> list[str]:
        now = timezone.now()
        if self.status == self.Status.SUBMITTED:
            self.submitted_at = now
            return ["submitted_at"]
        self.decided_at = now
        return ["decided_at"]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ACCEPTED

    @property
    def awaits_plant(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.RETURNED)

    @property
    def is_overdue(self) -> bool:
        return self.awaits_plant and timezone.localdate() > self.due_on


class RectificationEvidence(StoredFile):
    rectification = models.ForeignKey(
        Rectification,
        verbose_name=_("rectification request"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=PrivateUploadTo("certification/rectification")
    )

    class Meta:
        ordering = ["rectification", "uploaded_at", "pk"]
        verbose_name = _("rectification evidence")
        verbose_name_plural = _("rectification evidence")


class Plaque(models.Model):
    """标牌: the plaque a graded plant displays, issued with its certificate."""

    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        on_delete=models.PROTECT,
        related_name="plaque",
    )
    number = models.CharField(_("plaque number"), max_length=30, unique=True)
    issued_on = models.DateField(pgettext_lazy("plaque", "issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("plaque")
        verbose_name_plural = _("plaques")

    def __str__(self) -> str:
        return self.number
