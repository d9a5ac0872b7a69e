"""Projects: the subject of science and technology awards and achievement evaluations.

A project is prepared by an applicant organization together with its completing units and
completing persons, each in the order the applicant gives them (the order is what the award
certificates and the publicity show). The application itself is the core `Application`, whose
subject is the project.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import ExpertiseField, Organization
from members.regions import Province

from .applications import Application


class Project(models.Model):
    """项目/成果: a science and technology project or achievement."""

    application = models.OneToOneField(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="project",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=pgettext_lazy("certification", "applicant"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("project title"), max_length=200)
    field = models.ForeignKey(
        ExpertiseField,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The professional field; expert panels are formed by field."),
    )
    innovations = models.TextField(_("main innovations"), blank=True)
    application_and_benefits = models.TextField(_("application and benefits"), blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # What the expert pages show of the project (the core includes it).
    expert_template = "certification/projects/expert_subject.html"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title

    def get_portal_url(self) -> str | None:
        if self.application_id is None:
            return None
        return reverse("certification:project_detail", args=[self.application.number])

    def related_organizations(self) -> list[Organization]:
        """Registered organizations among the completing units (for conflicts of interest)."""
        return [unit.organization for unit in self.units.all() if unit.organization_id]


class ProjectUnit(models.Model):
    """主要完成单位: a completing unit, in order."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="units"
    )
    position = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("unit"), max_length=200)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("registered organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)

    class Meta:
        ordering = ["project", "position"]
        verbose_name = _("completing unit")
        verbose_name_plural = _("completing units")
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="unique_unit_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class ProjectPerson(models.Model):
    """主要完成人: a completing person, in order, with their contribution."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="persons"
    )
    position = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=50)
    unit_name = models.CharField(_("work unit"), max_length=200)
    professional_title = models.CharField(_("professional title"), max_length=50, blank=True)
    contribution = models.TextField(_("contribution"))

    class Meta:
        ordering = ["project", "position"]
        verbose_name = _("completing person")
        verbose_name_plural = _("completing persons")
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="unique_person_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
