"""Membership numbers, opening a membership and changing its status."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from website.core.models import Sequence
from website.core.states import StatusChange

from ..models import (
    Membership,
    MembershipError,
    Organization,
    Person,
)


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
            membership.sync_member_groups()
    return membership


def change_status(
    membership: Membership, status: str, *, user=None, reason: str = ""
) -> StatusChange:
    """Move a membership to another status by the state machine, atomically, with a record;
    the members' group follows the new status."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        change = membership.transition(status, user=user, reason=reason)
        membership.sync_member_groups()
    return change
