"""Membership rules. Views, the admin, commands and other apps call these functions."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.accounts.roles import BRANCH_SECRETARIES
from website.core.models import Sequence

from .models import (
    Branch,
    BranchPosition,
    Expert,
    ExpertConflict,
    ExpertiseField,
    Membership,
    MembershipError,
    MembershipStatusChange,
    Organization,
    Person,
)
from .signals import branch_secretaries_changed

__all__ = [
    "MembershipError",
    "add_position",
    "add_secretary",
    "change_status",
    "create_membership",
    "declare_conflict",
    "make_expert",
    "next_membership_number",
    "remove_position",
    "remove_secretary",
    "reserve_membership_numbers",
]


def next_membership_number(*, individual: bool, year: int | None = None) -> str:
    """D20260001 for organizations, G20260001 for individuals: unique, never reused."""
    year = year or timezone.localdate().year
    prefix = "G" if individual else "D"
    value = Sequence.next_value(f"membership:{prefix}:{year}")
    return f"{prefix}{year}{value:04d}"


def reserve_membership_numbers(
    *, individual: bool, count: int, year: int | None = None
) -> list[str]:
    """A block of consecutive membership numbers for a bulk import, in one locked update."""
    year = year or timezone.localdate().year
    prefix = "G" if individual else "D"
    key = f"membership:{prefix}:{year}"
    with transaction.atomic():
        Sequence.next_value(key)  # creates and locks the row; the first number of the block
        Sequence.objects.filter(key=key).update(value=F("value") + count - 1)
        last = Sequence.objects.get(key=key).value
    return [f"{prefix}{year}{value:04d}" for value in range(last - count + 1, last + 1)]


def create_membership(
    subject: Organization | Person,
    *,
    tier: str,
    user=None,
    status: str = Membership.Status.PENDING,
    joined_on: datetime.date | None = None,
    paid_through: datetime.date | None = None,
    reason: str = "",
) -> Membership:
    """Open the membership of an organization or a person, with a fresh number."""
    individual = isinstance(subject, Person)
    if individual and tier != Membership.Tier.INDIVIDUAL:
        raise MembershipError("A person can only hold an individual membership.")
    if not individual and tier == Membership.Tier.INDIVIDUAL:
        raise MembershipError("An organization cannot hold an individual membership.")
    with transaction.atomic():
        if Membership.objects.filter(
            **{"person" if individual else "organization": subject}
        ).exists():
            raise MembershipError("This member already has a membership.")
        membership = Membership.objects.create(
            number=next_membership_number(individual=individual),
            organization=None if individual else subject,
            person=subject if individual else None,
            tier=tier,
            status=Membership.Status.PENDING,
            joined_on=joined_on,
            paid_through=paid_through,
        )
        log(membership, "members.membership.create", user=user)
        if status != Membership.Status.PENDING:
            membership.transition(status, user=user, reason=reason)
    return membership


def change_status(
    membership: Membership, status: str, *, user=None, reason: str = ""
) -> MembershipStatusChange:
    """Move a membership to another status by the state machine, atomically, with a record."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        change = membership.transition(status, user=user, reason=reason)
        log(
            membership,
            "members.membership.status",
            user=user,
            data={"from": change.from_status, "to": change.to_status, "reason": reason},
        )
    return change


# Branches (分支机构) -------------------------------------------------------------------------

# Seats are listed chair first; the order is kept in sort_order so listings need no CASE.
POSITION_ORDER = {
    BranchPosition.Position.CHAIR: 0,
    BranchPosition.Position.VICE_CHAIR: 10,
    BranchPosition.Position.SECRETARY_GENERAL: 20,
    BranchPosition.Position.MEMBER: 30,
}
SINGLE_SEATS = {BranchPosition.Position.CHAIR, BranchPosition.Position.SECRETARY_GENERAL}


def is_member_person(person: Person) -> bool:
    """An individual member, or someone working for a member organization, in good standing."""
    good = Membership.Status.good_standing()
    if Membership.objects.filter(person=person, status__in=good).exists():
        return True
    return bool(
        person.organization_id
        and Membership.objects.filter(
            organization_id=person.organization_id, status__in=good
        ).exists()
    )


def add_position(
    branch: Branch,
    *,
    position: str,
    person: Person | None = None,
    organization: Organization | None = None,
    user=None,
    since: datetime.date | None = None,
) -> BranchPosition:
    """Seat a member person or a member organization in a branch.

    A person may sit for their organization: give both, the person then holds the seat.
    """
    if person is None and organization is None:
        raise MembershipError(_("Choose the person or organization who holds the position."))
    if (
        person is not None
        and organization is not None
        and person.organization_id != organization.pk
    ):
        raise MembershipError(_("The person does not work for this organization."))
    if person is not None and not is_member_person(person):
        raise MembershipError(
            _("%(name)s is neither an individual member nor employed by a member organization.")
            % {"name": person.name}
        )
    if (
        person is None
        and not Membership.objects.filter(
            organization=organization, status__in=Membership.Status.good_standing()
        ).exists()
    ):
        raise MembershipError(
            _("%(name)s is not a member organization in good standing.") % {"name": organization}
        )
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if position in SINGLE_SEATS and branch.positions.filter(position=position).exists():
            raise MembershipError(
                _("This branch already has a %(position)s; remove them first.")
                % {"position": BranchPosition.Position(position).label}
            )
        holder_filter = (
            {"person": person} if person else {"organization": organization, "person": None}
        )
        if branch.positions.filter(**holder_filter).exists():
            raise MembershipError(_("This holder already has a position in the branch."))
        seat = BranchPosition.objects.create(
            branch=branch,
            position=position,
            person=person,
            organization=organization if organization else getattr(person, "organization", None),
            since=since or timezone.localdate(),
            sort_order=POSITION_ORDER.get(position, 99),
        )
        log(
            branch,
            "members.branch.position_add",
            user=user,
            data={"position": position, "holder": str(seat.holder), "seat": seat.pk},
        )
    return seat


def remove_position(seat: BranchPosition, *, user=None, reason: str = "") -> None:
    """Free a seat in a branch; the Wagtail log keeps who held it."""
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=seat.branch_id)
        data = {"position": seat.position, "holder": str(seat.holder), "reason": reason}
        seat.delete()
        log(branch, "members.branch.position_remove", user=user, data=data)


def _secretaries_group() -> Group:
    return Group.objects.get_or_create(name=BRANCH_SECRETARIES)[0]


def add_secretary(branch: Branch, secretary, *, user=None) -> None:
    """Name a user secretary of a branch; they join the branch secretaries' group."""
    if not secretary.is_active:
        raise MembershipError(_("This user account is disabled."))
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if branch.secretaries.filter(pk=secretary.pk).exists():
            raise MembershipError(_("This user is already a secretary of the branch."))
        branch.secretaries.add(secretary)
        secretary.groups.add(_secretaries_group())
        log(
            branch,
            "members.branch.secretary_add",
            user=user,
            data={"secretary": secretary.pk, "email": secretary.email},
        )
        # Inside the transaction, so what receivers grant (page permissions) is atomic too.
        branch_secretaries_changed.send(
            sender=Branch, branch=branch, secretary=secretary, added=True, user=user
        )


def remove_secretary(branch: Branch, secretary, *, user=None) -> None:
    """Remove a secretary; without other branches they also leave the secretaries' group."""
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if not branch.secretaries.filter(pk=secretary.pk).exists():
            raise MembershipError(_("This user is not a secretary of the branch."))
        branch.secretaries.remove(secretary)
        if not secretary.branches_as_secretary.exists():
            secretary.groups.remove(_secretaries_group())
        log(
            branch,
            "members.branch.secretary_remove",
            user=user,
            data={"secretary": secretary.pk, "email": secretary.email},
        )
        branch_secretaries_changed.send(
            sender=Branch, branch=branch, secretary=secretary, added=False, user=user
        )


# Expert pool (专家库) ----------------------------------------------------------------------


def make_expert(
    person: Person,
    *,
    fields: list[ExpertiseField] | None = None,
    availability: str = Expert.Availability.AVAILABLE,
    biography: str = "",
    user=None,
) -> Expert:
    """Put a person in the expert pool (or reactivate them), with fields of expertise."""
    with transaction.atomic():
        expert, created = Expert.objects.get_or_create(
            person=person, defaults={"availability": availability, "biography": biography}
        )
        if not created:
            expert.is_active = True
            expert.availability = availability
            expert.biography = biography or expert.biography
            expert.save()
        if fields:
            expert.fields.add(*fields)
        log(expert, "wagtail.create" if created else "wagtail.edit", user=user)
    return expert


def declare_conflict(
    expert: Expert, organization: Organization, *, reason: str = "", user=None
) -> ExpertConflict:
    """Record an organization the expert must not review."""
    with transaction.atomic():
        conflict, created = ExpertConflict.objects.get_or_create(
            expert=expert, organization=organization, defaults={"reason": reason}
        )
        if created:
            log(
                expert,
                "members.expert.conflict",
                user=user,
                data={"organization": organization.pk, "name": organization.name, "reason": reason},
            )
    return conflict
