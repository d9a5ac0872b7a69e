"""What the applicant side adds to the core: financial figures of a credit-rating application,
the panel's consolidated result as the applicant reads it, and the holder's annual-check
material (年审) with its files and reminders."""

from __future__ import annotations

import os

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from website.core.files import private_storage
from website.core.records import StoredFile
from website.core.states import StateMachine

from .applications import Application
from .base import CertificationError
from .certificates import AnnualCheck


def money_field(label, **extra) -> models.DecimalField:
    # 万元 with two decimals: a large group's assets run to 10^7 万元.
    return models.DecimalField(label, max_digits=14, decimal_places=2, **extra)


class FinancialYear(models.Model):
    """One accounting year's figures from the audited statements (万元), per application."""

    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="financial_years",
    )
    year = models.PositiveSmallIntegerField(_("accounting year"))
    revenue = money_field(_("operating revenue (10k yuan)"))
    profit = money_field(_("net profit (10k yuan)"))
    total_assets = money_field(_("total assets (10k yuan)"))
    total_liabilities = money_field(_("total liabilities (10k yuan)"))
    current_assets = money_field(_("current assets (10k yuan)"))
    current_liabilities = money_field(_("current liabilities (10k yuan)"))

    class Meta:
        ordering = ["application", "year"]
        verbose_name = _("financial year")
        verbose_name_plural = _("financial years")
        constraints = [
            models.UniqueConstraint(fields=["application", "year"], name="unique_financial_year"),
            models.CheckConstraint(
                condition=Q(total_assets__gte=0, revenue__gte=0, current_assets__gte=0),
                name="financial_year_positive_assets",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application.number} {self.year}"


class ApplicationResult(models.Model):
    """What the applicant gets back: the panel's reasoning and the improvement advice the
    secretariat consolidated from the experts' opinions in the decision step."""

    application = models.OneToOneField(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="result",
    )
    reasoning = models.TextField(_("the panel's reasoning"))
    advice = models.TextField(_("improvement advice"))
    consolidated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consolidated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consolidated_at = models.DateTimeField(_("consolidated at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")

    def __str__(self) -> str:
        return str(self.application)


class AnnualCheckSubmission(StateMachine):
    """年审材料: the holder's material for one annual re-check, reviewed by staff."""

    transition_error = CertificationError

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEWED = "reviewed", _("Reviewed")

    TRANSITIONS = {Status.SUBMITTED: {Status.REVIEWED}, Status.REVIEWED: set()}

    annual_check = models.OneToOneField(
        AnnualCheck,
        verbose_name=_("annual re-check"),
        on_delete=models.CASCADE,
        related_name="submission",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    year = models.PositiveSmallIntegerField(_("accounting year"))
    revenue = money_field(_("operating revenue (10k yuan)"))
    profit = money_field(_("net profit (10k yuan)"))
    total_assets = money_field(_("total assets (10k yuan)"))
    total_liabilities = money_field(_("total liabilities (10k yuan)"))
    changes = models.TextField(
        _("changes during the year"),
        blank=True,
        help_text=_("Name, legal representative, ownership, qualifications, main business."),
    )
    incidents = models.TextField(
        _("incidents, penalties and complaints"),
        blank=True,
        help_text=_("Safety accidents, administrative penalties, serious complaints; or none."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("annual check material")
        verbose_name_plural = _("annual check material")

    def __str__(self) -> str:
        return f"{self.annual_check} {self.year}"


def annual_upload_to(instance, filename: str) -> str:
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"certification/annual/{timezone.now():%Y/%m}/{os.urandom(12).hex()}{extension}"


class AnnualCheckFile(StoredFile):
    """A file of the annual-check material (statements, proofs), kept private."""

    class Kind(models.TextChoices):
        STATEMENTS = "statements", _("Financial statements")
        OTHER = "other", _("Other material")

    submission = models.ForeignKey(
        AnnualCheckSubmission,
        verbose_name=_("annual check material"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), storage=private_storage, upload_to=annual_upload_to)

    class Meta:
        ordering = ["kind", "uploaded_at", "pk"]
        verbose_name = _("annual check file")
        verbose_name_plural = _("annual check files")


class AnnualCheckReminder(models.Model):
    """One reminder mail per re-check and kind, so the daily sweep never sends it twice."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Deadline approaching")
        OVERDUE = "overdue", _("Deadline passed")

    annual_check = models.ForeignKey(
        AnnualCheck,
        verbose_name=_("annual re-check"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("annual check reminder")
        verbose_name_plural = _("annual check reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["annual_check", "kind"], name="one_annual_reminder_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.annual_check} {self.kind}"
