"""Publicity (公示): the holiday calendar for working days, and objections."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from website.core.states import StateMachine

from .applications import Application
from .base import CertificationError


class Holiday(models.Model):
    """A day that breaks the Monday-to-Friday rule: a public holiday, or a weekend worked (调休)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=50)
    is_working_day = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_("Tick for a weekend day worked in exchange for a holiday (调休上班)."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class Objection(StateMachine):
    """A written, real-name objection lodged during publicity, and its resolution."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("certification", "Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    transition_error = CertificationError
    TRANSITIONS = {Status.OPEN: {Status.UPHELD, Status.DISMISSED}}

    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="objections",
    )
    name = models.CharField(_("name"), max_length=50)
    organization = models.CharField(_("organization"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("email"), blank=True)
    grounds = models.TextField(_("grounds"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    outcome = models.TextField(_("written outcome"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.application.number} · {self.name}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
