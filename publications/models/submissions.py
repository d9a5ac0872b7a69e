"""Member news submission (信息报送): a member contact's news item, moderated by editors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from website.core.states import StateMachine

from .common import PublicationError


class NewsSubmission(StateMachine):
    """A news item a member contact wrote in the portal; its page waits in the workflow."""

    class Status(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        RETURNED = "returned", _("Returned with comments")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", pgettext_lazy("publications", "Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    transition_error = PublicationError
    # The editors' workflow decides; the page going live publishes whatever came before (an
    # editor may publish a returned or declined draft directly); deleting the page withdraws.
    TRANSITIONS = {
        Status.IN_REVIEW: {Status.RETURNED, Status.PUBLISHED, Status.DECLINED, Status.WITHDRAWN},
        Status.RETURNED: {Status.IN_REVIEW, Status.PUBLISHED, Status.DECLINED, Status.WITHDRAWN},
        Status.DECLINED: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.WITHDRAWN},
        Status.WITHDRAWN: set(),
    }

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
        # The back office's default sort, cheap at 100,000 rows (an index scan, no sort).
        indexes = [models.Index(fields=["-submitted_at", "-id"], name="pub_submission_listing")]
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
