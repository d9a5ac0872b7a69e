"""One state machine for every record with a status, and one history of its changes.

Why our own and not django-fsm-2: our transitions are data (a table per model that views,
templates and tests read), every change must leave a history row and an audit log entry in the
same savepoint, and the apps raise their own translated domain errors. That is about a hundred
lines on top of Django; a library would add decorators per transition and still need the
history model and the audit log written here. The events app's machine proved the shape; this
is that machine moved into the core and given guards, permissions and bulk changes.

A model declares::

    class Order(StateMachine):
        transition_error = RegistrationError
        TRANSITIONS = (
            Transition("pending", "paid", name="mark_paid", label=_("Mark paid"),
                       permission="events.change_order"),
            Transition(("pending", "paid"), "cancelled", name="cancel", guard=owner_or_staff),
        )

Services change the status with ``obj.transition(target, user=..., reason=...)`` inside their
transaction on a row read with ``select_for_update()``; views and templates ask
``obj.available_transitions(user)`` / ``obj.state.paid`` instead of comparing strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel
from wagtail.log_actions import LogFormatter

if TYPE_CHECKING:
    from django.db.models import QuerySet

ANY = "*"


class TransitionError(Exception):
    """A change of status the table, a guard or a permission does not allow.

    Models name their app's domain error in ``transition_error`` so callers keep catching it;
    the message is translated and shown to the person as it is."""


@dataclass(frozen=True)
class Transition:
    """One allowed change: from any of ``source`` (or ANY) to ``target``.

    ``permission`` ("app.codename") and ``guard(obj, user) -> bool`` decide who may ask for it
    (``available_transitions``); ``transition()`` itself enforces only the table, because
    scheduled rules and services acting for the system have no user."""

    source: str | tuple[str, ...]
    target: str
    name: str = ""
    label: Any = ""
    permission: str = ""
    guard: Callable[[Any, Any], bool] | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        return (self.source,) if isinstance(self.source, str) else tuple(self.source)

    @property
    def verb(self) -> str:
        return self.name or self.target

    def leaves(self, status: str) -> bool:
        return ANY in self.sources or status in self.sources

    def allowed_for(self, obj, user) -> bool:
        if self.permission and not (user is not None and user.has_perm(self.permission)):
            return False
        return self.guard is None or bool(self.guard(obj, user))


def _as_transitions(table) -> tuple[Transition, ...]:
    if isinstance(table, dict):
        return tuple(
            Transition(source, target) for source, targets in table.items() for target in targets
        )
    return tuple(table)


class StatusChangeQuerySet(models.QuerySet):
    def for_model(self, model: type[models.Model]) -> StatusChangeQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(model))

    def for_object(self, obj: models.Model) -> StatusChangeQuerySet:
        return self.for_model(type(obj)).filter(object_id=obj.pk)


class StatusChange(models.Model):
    """One change of status of any record: who, when, from, to, why (and structured details)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when a scheduled rule made the change."),
    )
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_change_subject")]

    def __str__(self) -> str:
        return f"{self.from_label or '∅'} → {self.to_label}"

    def _label(self, status: str) -> str:
        if not status:
            return ""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        choices = dict(model._meta.get_field("status").choices or ()) if model else {}
        return str(choices.get(status, status))

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class StatusFlags:
    """``obj.state.paid`` for templates; an unknown name raises (not AttributeError, which
    templates would swallow), so a typo fails the tests instead of hiding a branch."""

    def __init__(self, obj: StateMachine):
        self._obj = obj

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._obj.status_values():
            raise ValueError(f"{type(self._obj).__name__} has no status {name!r}")
        return self._obj.status == name

    def __getitem__(self, name: str) -> bool:
        return getattr(self, name)


class StateMachine(models.Model):
    """A model whose ``status`` changes only along ``TRANSITIONS``, each change recorded."""

    TRANSITIONS: ClassVar[Sequence[Transition] | dict[str, Iterable[str]]] = ()
    transition_error: ClassVar[type[Exception]] = TransitionError
    # The audit log action written when the caller names none.
    log_action: ClassVar[str] = "core.status_change"

    class Meta:
        abstract = True

    # -- the table ---------------------------------------------------------------------------

    @classmethod
    def transitions(cls) -> tuple[Transition, ...]:
        cache = cls.__dict__.get("_transitions_cache")
        if cache is None:
            cache = _as_transitions(cls.TRANSITIONS)
            cls._transitions_cache = cache
        return cache

    @classmethod
    def status_values(cls) -> set[str]:
        return {value for value, _label in cls._meta.get_field("status").choices or ()}

    def _leaving(self) -> list[Transition]:
        return [t for t in self.transitions() if t.leaves(self.status)]

    def can_change_to(self, status: str) -> bool:
        return any(t.target == status for t in self._leaving())

    def status_label(self, status: str) -> str:
        return str(dict(self._meta.get_field("status").choices or ()).get(status, status))

    @cached_property
    def state(self) -> StatusFlags:
        return StatusFlags(self)

    def require_status(self, *statuses: str) -> None:
        if self.status not in statuses:
            raise self.transition_error(
                _("This is not possible while the status is “%(status)s”.")
                % {"status": self.status_label(self.status)}
            )

    # -- who may do what ---------------------------------------------------------------------

    def available_transitions(self, user) -> list[Transition]:
        """What ``user`` may ask for now: the table, then each transition's permission and
        guard. Views list these as buttons; templates test ``can`` instead of statuses."""
        return [t for t in self._leaving() if t.allowed_for(self, user)]

    def can(self, user, name: str) -> bool:
        return any(t.verb == name for t in self.available_transitions(user))

    # -- the change --------------------------------------------------------------------------

    def on_status_change(self, previous: str) -> Iterable[str]:
        """Hook run inside the change, after ``status`` is set and before the save: set
        dependent fields (a decision date, say) and return their names."""
        return ()

    def transition(
        self,
        status: str,
        *,
        user=None,
        reason: str = "",
        data: dict | None = None,
        update_fields: Iterable[str] | None = (),
        log_action: str | None = None,
    ) -> StatusChange:
        """Change status by the table, save, record the change and write the audit log: all
        or nothing. Call inside the service's transaction on a row read for update.
        ``update_fields=None`` saves the whole row (for services that changed other fields
        just before)."""
        if not self.can_change_to(status):
            raise self.transition_error(
                _("“%(from)s” cannot change to “%(to)s”.")
                % {"from": self.status_label(self.status), "to": self.status_label(status)}
            )
        previous = self.status
        snapshot = {f.attname: getattr(self, f.attname) for f in self._meta.concrete_fields}
        try:
            with transaction.atomic():
                self.status = status
                extra = set(self.on_status_change(previous) or ())
                if update_fields is None:
                    self.save()
                else:
                    fields = {"status", *update_fields, *extra}
                    if any(f.name == "updated_at" for f in self._meta.concrete_fields):
                        fields.add("updated_at")
                    self.save(update_fields=sorted(fields))
                change = record_change(self, previous, status, user=user, reason=reason, data=data)
                _audit(self, log_action or self.log_action, change, user)
                return change
        except BaseException:
            for attname, value in snapshot.items():
                setattr(self, attname, value)
            raise

    def status_history(self) -> QuerySet[StatusChange]:
        return StatusChange.objects.for_object(self).select_related("changed_by")

    # The events app's name for it; kept so templates and views read one vocabulary.
    history = status_history


def record_change(
    obj: models.Model,
    from_status: str,
    to_status: str,
    *,
    user=None,
    reason: str = "",
    data: dict | None = None,
) -> StatusChange:
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        from_status=from_status,
        to_status=to_status,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        reason=reason,
        data=data or {},
    )


def _audit(obj: models.Model, action: str, change: StatusChange, user) -> None:
    from wagtail.log_actions import log

    log(
        obj,
        action,
        user=user if getattr(user, "is_authenticated", False) else None,
        data={
            "from": change.from_status,
            "to": change.to_status,
            "reason": change.reason,
            **({"details": change.data} if change.data else {}),
        },
    )


def transition_many(
    queryset: QuerySet,
    status: str,
    *,
    user=None,
    reason: str = "",
    data: dict | None = None,
    log_action: str | None = None,
    skip_invalid: bool = False,
) -> list[models.Model]:
    """The bulk change: every row locked in primary-key order and changed one by one, so each
    leaves its own history row and audit entry. Rows that may not change raise, or are left
    alone with ``skip_invalid``. Returns the changed objects."""
    changed = []
    with transaction.atomic():
        for obj in queryset.select_for_update().order_by("pk"):
            if obj.status == status or (skip_invalid and not obj.can_change_to(status)):
                continue
            obj.transition(status, user=user, reason=reason, data=data, log_action=log_action)
            changed.append(obj)
    return changed


class StatusChangeFormatter(LogFormatter):
    """How a status change reads in the admin's history and site-history report."""

    label = _("Change status")

    def format_message(self, log_entry) -> str:
        data = log_entry.data or {}
        model = log_entry.content_type.model_class() if log_entry.content_type_id else None
        choices = dict(model._meta.get_field("status").choices or ()) if model else {}
        message = _("Status changed from “%(from)s” to “%(to)s”") % {
            "from": choices.get(data.get("from"), data.get("from") or "—"),
            "to": choices.get(data.get("to"), data.get("to")),
        }
        return f"{message}: {data['reason']}" if data.get("reason") else message


class StatusHistoryPanel(Panel):
    """The status history of the object being edited or inspected, newest first."""

    def __init__(self, heading="", **kwargs):
        super().__init__(heading=heading or _("Status history"), **kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "core/includes/status_history_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            obj = self.instance
            context["changes"] = list(obj.status_history()) if obj is not None and obj.pk else []
            return context
