"""The expert pool (专家库)."""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log

from ..models import (
    Expert,
    ExpertConflict,
    ExpertiseField,
    Organization,
    Person,
)


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
