"""Memberships: tiers, statuses (history in website.core.states), and the members' group."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from website.core.states import StateMachine

from .organizations import Organization, Person


class MembershipError(Exception):
    """What a user or staff member asked for breaks a membership rule."""


class MembershipQuerySet(models.QuerySet):
    def in_good_standing(self):
        return self.filter(status__in=Membership.Status.good_standing())


class Membership(StateMachine):
    """The membership of one organization or one person, renewed year after year."""

    class Tier(models.TextChoices):
        PRESIDENT = "president", _("President unit")
        VICE_PRESIDENT = "vice_president", _("Vice-president unit")
        STANDING_DIRECTOR = "standing_director", _("Standing director unit")
        DIRECTOR = "director", _("Director unit")
        MEMBER = "member", _("Member unit")
        INDIVIDUAL = "individual", _("Individual member")

        @classmethod
        def organization_tiers(cls) -> list[str]:
            return [tier for tier in cls.values if tier != cls.INDIVIDUAL]

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        GRACE = "grace", _("In grace period")
        LAPSED = "lapsed", _("Lapsed")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

        @classmethod
        def good_standing(cls) -> list[str]:
            """Statuses that keep member rights (prices, members-only content, applying)."""
            return [cls.ACTIVE, cls.GRACE]

    # The state machine: every allowed change of status, in one place (website.core.states).
    transition_error = MembershipError
    log_action = "members.membership.status"
    TRANSITIONS: dict[str, set[str]] = {
        Status.PENDING: {Status.ACTIVE, Status.TERMINATED},
        Status.ACTIVE: {Status.GRACE, Status.LAPSED, Status.SUSPENDED, Status.TERMINATED},
        Status.GRACE: {Status.ACTIVE, Status.LAPSED, Status.SUSPENDED, Status.TERMINATED},
        Status.LAPSED: {Status.ACTIVE, Status.TERMINATED},
        Status.SUSPENDED: {Status.ACTIVE, Status.TERMINATED},
        Status.TERMINATED: set(),
    }

    number = models.CharField(_("membership number"), max_length=30, unique=True)
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership",
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    paid_through = models.DateField(_("paid through"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(person__isnull=True))
                | (Q(organization__isnull=True) & Q(person__isnull=False)),
                name="membership_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def subject(self) -> Organization | Person:
        return self.organization if self.organization_id else self.person

    @property
    def is_individual(self) -> bool:
        return self.person_id is not None

    @property
    def in_good_standing(self) -> bool:
        return self.status in self.Status.good_standing()

    def member_users(self):
        """The user accounts that hold this membership's rights."""
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.all()
        if self.person_id:
            return users.filter(person__pk=self.person_id)
        return users.filter(organization_contacts__organization_id=self.organization_id)

    def sync_member_groups(self) -> None:
        """Keep the members' group (members-only pages) in step with the status: a user
        keeps it while any membership they hold or act for is in good standing."""
        from django.contrib.auth.models import Group

        from website.accounts.roles import MEMBERS

        group = Group.objects.filter(name=MEMBERS).first()
        if group is None:
            return
        good = self.Status.good_standing()
        for user in self.member_users().distinct():
            entitled = (
                Membership.objects.filter(status__in=good)
                .filter(Q(person__user=user) | Q(organization__contacts__user=user))
                .exists()
            )
            if entitled:
                user.groups.add(group)
            else:
                user.groups.remove(group)
