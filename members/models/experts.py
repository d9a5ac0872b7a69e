"""The expert pool (专家库): fields of expertise, experts and declared conflicts."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .organizations import Organization, Person


class ExpertiseField(models.Model):
    """A field of expertise in the expert pool (垃圾焚烧, 环卫装备, 财务 ...)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class ExpertQuerySet(models.QuerySet):
    def available(self):
        return self.filter(is_active=True).exclude(availability=Expert.Availability.UNAVAILABLE)

    def without_conflict_with(self, organization: Organization):
        """Experts who may review this organization: no declared conflict with it."""
        return self.exclude(conflicts__organization=organization)

    def in_field(self, *fields: ExpertiseField | int):
        """Experts with at least one of these fields of expertise (no duplicate rows)."""
        through = Expert.fields.through
        return self.filter(
            Exists(
                through.objects.filter(
                    expert_id=OuterRef("pk"),
                    expertisefield_id__in=[getattr(field, "pk", field) for field in fields],
                )
            )
        )

    def eligible_for(self, organization: Organization):
        """Experts who may be assigned to review this organization: available, no declared
        conflict, and not employed by it."""
        return (
            self.available()
            .without_conflict_with(organization)
            .exclude(person__organization=organization)
        )


class Expert(ClusterableModel):
    """专家库: a person in the association's pool of reviewers."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited")
        UNAVAILABLE = "unavailable", _("Unavailable")

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="expert"
    )
    fields = models.ManyToManyField(
        ExpertiseField, verbose_name=_("fields of expertise"), blank=True, related_name="experts"
    )
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    biography = models.TextField(_("biography"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    since = models.DateField(_("in the pool since"), default=datetime.date.today)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def user(self):
        return self.person.user

    @property
    def field_names(self) -> str:
        """Fields of expertise as one line (uses prefetch_related("fields"))."""
        return "、".join(field.name for field in self.fields.all())

    def has_conflict_with(self, organization: Organization) -> bool:
        return self.conflicts.filter(organization=organization).exists()

    def is_same_organization(self, organization: Organization) -> bool:
        return self.person.organization_id == organization.pk


class ExpertConflict(models.Model):
    """An organization an expert must not review (employer, client, relative ...)."""

    # A ParentalKey so the expert's admin form edits the declared conflicts inline.
    expert = ParentalKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="conflicts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="expert_conflicts",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    declared_on = models.DateField(_("declared on"), default=datetime.date.today)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["expert", "organization"], name="unique_conflict"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} ≠ {self.organization}"
