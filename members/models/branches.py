"""Branches (分支机构), their seats and secretaries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .organizations import Organization, Person


class BranchQuerySet(models.QuerySet):
    def for_secretary(self, user):
        """Branches this user is a secretary of."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(secretaries=user)

    def visible_to(self, user):
        """Every branch for the membership staff; a secretary's own branches otherwise."""
        if getattr(user, "is_authenticated", False) and user.has_perm("members.view_branch"):
            return self.all()
        return self.for_secretary(user)


class Branch(models.Model):
    """分支机构: a specialised committee, society or working committee of the association.

    Branches never charge dues, are never regional and have no sub-branches (DESIGN §5).
    """

    class Kind(models.TextChoices):
        SOCIETY = "society", _("Branch society")
        COMMITTEE = "committee", _("Specialised committee")
        WORKING_COMMITTEE = "working_committee", _("Working committee")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True, allow_unicode=False)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    supervising_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_branches",
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretaries"),
        blank=True,
        related_name="branches_as_secretary",
    )
    publish_directly = models.BooleanField(
        _("secretaries publish directly"),
        default=False,
        help_text=_(
            "Otherwise an editor of the secretariat approves each page before it goes live."
        ),
    )
    section_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("website section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The part of the website that this branch's secretaries edit."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = BranchQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self) -> str:
        return self.name


class BranchPosition(models.Model):
    """A seat in a branch, held by a member person or a member organization."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY_GENERAL = "secretary_general", _("Secretary general")
        MEMBER = "member", _("Committee member")

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="positions"
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="branch_positions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="branch_positions",
    )
    since = models.DateField(_("since"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["branch", "sort_order", "pk"]
        verbose_name = _("branch position")
        verbose_name_plural = _("branch positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="branch_position_has_holder",
            ),
            # One chair and one secretary general per branch; one seat per holder.
            models.UniqueConstraint(
                fields=["branch"], condition=Q(position="chair"), name="one_chair_per_branch"
            ),
            models.UniqueConstraint(
                fields=["branch"],
                condition=Q(position="secretary_general"),
                name="one_secretary_general_per_branch",
            ),
            models.UniqueConstraint(
                fields=["branch", "person"],
                condition=Q(person__isnull=False),
                name="one_seat_per_person",
            ),
            models.UniqueConstraint(
                fields=["branch", "organization"],
                condition=Q(person__isnull=True),
                name="one_seat_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch}: {self.get_position_display()} {self.holder}"

    @property
    def holder(self) -> Person | Organization:
        return self.person if self.person_id else self.organization
