"""Member news submission (信息报送): a member contact's news item, moderated by editors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NewsSubmission(models.Model):
    """A news item a member contact wrote in the portal; its page waits in the workflow."""

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned with comments")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", pgettext_lazy("publications", "Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="news_submissions",
    )
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_submissions",
    )
    page = models.OneToOneField(
        "publications.NewsPage",
        verbose_name=_("news page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.IN_REVIEW,
        db_index=True,
    )
    reason = models.TextField(
        _("editor's comments"), blank=True, help_text=_("Why the item was returned or declined.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("news submission")
        verbose_name_plural = _("news submissions")

    def __str__(self) -> str:
        return self.title

    @property
    def can_be_revised(self) -> bool:
        return self.status == self.Status.RETURNED and self.page_id is not None

    @property
    def can_be_declined(self) -> bool:
        return self.status in (self.Status.IN_REVIEW, self.Status.RETURNED)


class NewsSubmissionChange(models.Model):
    """One change of a submission's status: who, when, from, to and why."""

    submission = models.ForeignKey(
        NewsSubmission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=NewsSubmission.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=NewsSubmission.Status.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("submission status change")
        verbose_name_plural = _("submission status changes")

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.from_status} → {self.to_status}"
