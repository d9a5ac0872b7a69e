"""What every stateful record of the events app shares: one transition table per model and
one history table for all of them (who, when, from, to, why)."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Codes that people type at a check-in desk: no 0/O, 1/I/L confusion.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def money(value) -> Decimal:
    """Yuan with two decimals (SQLite's SUM drops the scale of a decimal column)."""
    return Decimal(value).quantize(Decimal("0.01"))


def random_code(length: int = 10, prefix: str = "") -> str:
    return prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def random_secret() -> str:
    return secrets.token_urlsafe(18)


class RegistrationError(Exception):
    """A user or staff member asked for something the event rules do not allow.

    The message is translated and shown to the person as it is.
    """


class CapacityError(RegistrationError):
    """An activity has no places left for this request."""

    def __init__(self, message, activities=()):
        super().__init__(message)
        self.activities = list(activities)


class StatusChange(models.Model):
    """One change of status of an order, invoice request, waiting-list entry, booth or
    exhibitor application."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when a scheduled rule made the change."),
    )
    reason = models.TextField(pgettext_lazy("events", "reason"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id"], name="events_change_subject")]

    def __str__(self) -> str:
        return f"{self.from_label or '∅'} → {self.to_label}"

    def _label(self, status: str) -> str:
        if not status:
            return ""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        choices = dict(model._meta.get_field("status").choices) if model else {}
        return str(choices.get(status, status))

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class StateMachine(models.Model):
    """A model whose `status` changes only along its TRANSITIONS table, with a record."""

    TRANSITIONS: ClassVar[dict[str, set[str]]] = {}

    class Meta:
        abstract = True

    def can_change_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    def status_label(self, status: str) -> str:
        return str(dict(self._meta.get_field("status").choices).get(status, status))

    def require_status(self, *statuses: str) -> None:
        if self.status not in statuses:
            raise RegistrationError(
                _("This is not possible while the status is “%(status)s”.")
                % {"status": self.get_status_display()}
            )

    def transition(
        self, status: str, *, user=None, reason: str = "", update_fields: tuple[str, ...] = ()
    ) -> StatusChange:
        """Change status by the table and record it, both or neither. Services call it inside
        their own transaction, on a row read with select_for_update()."""
        if not self.can_change_to(status):
            raise RegistrationError(
                _("“%(from)s” cannot change to “%(to)s”.")
                % {"from": self.get_status_display(), "to": self.status_label(status)}
            )
        previous = self.status
        fields = {"status", *update_fields}
        if any(field.name == "updated_at" for field in self._meta.fields):
            fields.add("updated_at")
        try:
            with transaction.atomic():
                self.status = status
                self.save(update_fields=sorted(fields))
                return record_change(self, previous, status, user=user, reason=reason)
        except BaseException:
            self.status = previous
            raise

    def history(self):
        return StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(self)), object_id=self.pk
        ).select_related("changed_by")


def record_change(obj: models.Model, from_status: str, to_status: str, *, user=None, reason=""):
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        from_status=from_status,
        to_status=to_status,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        reason=reason,
    )
