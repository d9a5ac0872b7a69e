"""Experts as people first: panel draws from the pool and invitations of experts who have no
account yet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Expert
from website.core.records import Invitation

from .applications import Application


class PanelDraw(models.Model):
    """A random draw of a panel from the expert pool, recorded so it can be audited and
    repeated: the same seed over the same pool draws the same experts."""

    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="panel_draws",
    )
    seed = models.PositiveBigIntegerField(_("random seed"))
    size = models.PositiveSmallIntegerField(_("experts drawn"))
    reserve_count = models.PositiveSmallIntegerField(_("reserves drawn"), default=0)
    # Expert ids in the order the draw read them (the candidates after exclusions).
    pool = models.JSONField(_("pool"), default=list)
    # [{"expert": id, "name": ..., "reasons": [...]}] for every expert of the field left out.
    excluded = models.JSONField(_("excluded experts"), default=list, blank=True)
    drawn = models.JSONField(_("drawn experts"), default=list)
    reserves = models.JSONField(_("reserve experts"), default=list, blank=True)
    fields = models.JSONField(_("fields of expertise"), default=list, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    class Meta:
        ordering = ["-drawn_at", "-pk"]
        verbose_name = _("panel draw")
        verbose_name_plural = _("panel draws")

    def __str__(self) -> str:
        return f"{self.application.number} · {self.drawn_at:%Y-%m-%d %H:%M}"

    def experts(self, ids: list[int]) -> list[Expert]:
        """The experts of one of the recorded lists, in its order."""
        found = Expert.objects.select_related("person", "person__organization").in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]


class ExpertInvitation(Invitation):
    """An email inviting a pool expert without an account to create one (or to link the
    account they have under that address); the link is signed and expires."""

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="invitations"
    )
    review = models.ForeignKey(
        "certification.Review",
        verbose_name=_("review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta(Invitation.Meta):
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")

    def __str__(self) -> str:
        return f"{self.expert} <{self.email}>"
