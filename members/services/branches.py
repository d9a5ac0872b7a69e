"""Branches (分支机构): seats and secretaries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.accounts.roles import BRANCH_SECRETARIES

from ..models import (
    Branch,
    BranchPosition,
    Membership,
    MembershipError,
    Organization,
    Person,
)

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


def sync_secretaries_group(user_ids: Iterable[int]) -> None:
    """The one rule for the branch secretaries' group (admin access): a user is in it while
    they are secretary of at least one active branch. Publications calls it too."""
    user_ids = set(user_ids)
    if not user_ids:
        return
    entitled = set(
        Branch.secretaries.through.objects.filter(
            user_id__in=user_ids, branch__is_active=True
        ).values_list("user_id", flat=True)
    )
    group = Group.objects.get_or_create(name=BRANCH_SECRETARIES)[0]
    group.user_set.add(*entitled)
    group.user_set.remove(*(user_ids - entitled))


def add_secretary(branch: Branch, secretary, *, user=None) -> None:
    """Name a user secretary of a branch; of an active one, they join the secretaries' group."""
    if not secretary.is_active:
        raise MembershipError(_("This user account is disabled."))
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if branch.secretaries.filter(pk=secretary.pk).exists():
            raise MembershipError(_("This user is already a secretary of the branch."))
        branch.secretaries.add(secretary)
        sync_secretaries_group([secretary.pk])
        log(
            branch,
            "members.branch.secretary_add",
            user=user,
            data={"secretary": secretary.pk, "email": secretary.email},
        )


def remove_secretary(branch: Branch, secretary, *, user=None) -> None:
    """Remove a secretary; without another active branch they leave the secretaries' group."""
    with transaction.atomic():
        branch = Branch.objects.select_for_update().get(pk=branch.pk)
        if not branch.secretaries.filter(pk=secretary.pk).exists():
            raise MembershipError(_("This user is not a secretary of the branch."))
        branch.secretaries.remove(secretary)
        sync_secretaries_group([secretary.pk])
        log(
            branch,
            "members.branch.secretary_remove",
            user=user,
            data={"secretary": secretary.pk, "email": secretary.email},
        )
