"""Spreadsheet imports of organizations and persons."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from website.core.files import private_storage
from website.core.states import StateMachine

from .memberships import MembershipError


class ImportBatch(StateMachine):
    """One uploaded spreadsheet of organizations or persons: previewed, then imported."""

    class Kind(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Organizations")
        PERSONS = "persons", _("Persons")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")

    transition_error = MembershipError
    TRANSITIONS: dict[str, set[str]] = {Status.PREVIEWED: {Status.IMPORTED}}

    kind = models.CharField(_("records"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_valid = models.PositiveIntegerField(_("valid rows"), default=0)
    rows_imported = models.PositiveIntegerField(_("imported rows"), default=0)
    # The preview: per-row errors, as {"rows": [{"row": 5, "errors": [...]}, ...]}.
    report = models.JSONField(_("report"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    def on_status_change(self, previous: str) -> list[str]:
        self.imported_at = timezone.now()
        return ["imported_at"]
