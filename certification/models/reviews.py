"""Expert reviews: an assignment, the conflict-of-interest declaration and the scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Expert
from website.core.files import PrivateUploadTo, private_storage
from website.core.states import StateMachine

from .applications import Application
from .base import CertificationError, points_field_kwargs
from .schemes import Criterion


class ReviewQuerySet(models.QuerySet):
    def for_expert_user(self, user):
        """The assignments of the expert this user is; nothing for anyone else."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(expert__person__user=user)

    def active(self):
        return self.exclude(status__in=[Review.Status.DECLINED, Review.Status.WITHDRAWN])

    def submitted(self):
        return self.filter(status=Review.Status.SUBMITTED)


class Review(StateMachine):
    """One expert's review of one application. Final once submitted."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Awaiting conflict declaration")
        IN_PROGRESS = "in_progress", _("Scoring")
        SUBMITTED = "submitted", _("Submitted")
        DECLINED = "declined", _("Declined: conflict of interest")
        WITHDRAWN = "withdrawn", _("Withdrawn by staff")

    transition_error = CertificationError
    TRANSITIONS = {
        Status.ASSIGNED: {Status.IN_PROGRESS, Status.DECLINED, Status.WITHDRAWN},
        Status.IN_PROGRESS: {Status.SUBMITTED, Status.DECLINED, Status.WITHDRAWN},
        # Staff give a submitted review back to its expert (after an upheld objection, say).
        Status.SUBMITTED: {Status.IN_PROGRESS},
    }

    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.PROTECT, related_name="reviews"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED, db_index=True
    )
    same_organization = models.BooleanField(
        _("expert works for the applicant"),
        default=False,
        help_text=_("Staff were warned and assigned anyway."),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    due_on = models.DateField(pgettext_lazy("certification", "due on"), null=True, blank=True)
    declared_at = models.DateTimeField(_("conflict declared at"), null=True, blank=True)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    opinion = models.TextField(_("overall opinion"), blank=True)
    recommendation = models.CharField(_("recommended grade"), max_length=10, blank=True)
    total = models.DecimalField(_("total score"), **points_field_kwargs(null=True, blank=True))
    vetoes = models.JSONField(_("veto items found"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # A paper score sheet signed by the expert and entered by staff on their behalf.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    paper_sheet = models.FileField(
        _("signed paper score sheet"),
        storage=private_storage,
        upload_to=PrivateUploadTo("certification/score-sheets"),
        max_length=200,
        blank=True,
    )
    paper_sheet_name = models.CharField(_("score sheet file name"), max_length=200, blank=True)
    # Why staff gave a submitted review back: their reason and the objection behind it.
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    reopened_for = models.ForeignKey(
        "certification.Objection",
        verbose_name=_("objection behind the reopening"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reopened_reviews",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["application", "assigned_at", "pk"]
        # The back office's default sort, cheap at 100,000 rows (an index scan, no sort).
        indexes = [
            models.Index(fields=["application", "assigned_at", "id"], name="cert_review_listing")
        ]
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"],
                condition=~Q(status="withdrawn"),
                name="one_active_review_per_expert",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} · {self.expert.person.name}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.ASSIGNED, self.Status.IN_PROGRESS)

    @property
    def on_paper(self) -> bool:
        return self.entered_by_id is not None

    @property
    def may_see_evidence(self) -> bool:
        return self.status in (self.Status.IN_PROGRESS, self.Status.SUBMITTED)


class ReviewScore(models.Model):
    """An expert's score for one criterion, within its bounds, with a comment."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.DecimalField(_("score"), **points_field_kwargs())
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="unique_review_score"),
            models.CheckConstraint(condition=Q(score__gte=0), name="review_score_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.score}"
