"""Who may see what. Every portal, expert and file view asks these, per object."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from django.db.models import QuerySet
from django.http import Http404

from members.access import organizations_of
from website.core.kept_sql import as_user, kept_sql

from . import extensions
from .models import Application, Attachment, Certificate, Review


def is_certification_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm(
        "certification.process_application"
    )


def applications_for(user) -> QuerySet[Application]:
    """Applications of the organizations this user acts for."""
    return Application.objects.filter(organization__in=organizations_of(user))


def application_for_contact(user, number: str) -> Application:
    application = (
        applications_for(user)
        .select_related("scheme", "round", "criteria_set", "organization", "plant")
        .filter(number=number)
        .first()
    )
    if application is None:
        raise Http404
    return application


def certificates_for(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(organization__in=organizations_of(user))


@dataclass(frozen=True)
class PortalRoles:
    """What the signed-in user is to certification besides an applicant's contact."""

    reviews: bool = False  # an expert with assignments
    recommends: bool = False  # confirms nominations for a recommending unit
    inspects: bool = False  # on an inspection team


def portal_roles(request) -> PortalRoles:
    """The user's roles, read once per request in one query (three EXISTS): the portal's front
    page asks for each role's card, and most members have none of them."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return PortalRoles()
    found = getattr(request, "_certification_roles", None)
    if found is not None and found[0] == user.pk:
        return found[1]
    rows = _roles_of_user(user.pk)
    row = rows[0] if rows else None
    roles = PortalRoles(*row) if row else PortalRoles()
    request._certification_roles = (user.pk, roles)
    return roles


@kept_sql
def _roles_of_user(user_id: int):
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, Q

    from .awards.models import RecommendingUnit
    from .models import InspectionMember

    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .values_list(
            Exists(Review.objects.for_expert_user(as_user(user_id))),
            Exists(
                RecommendingUnit.objects.filter(Q(users=user_id) | Q(branch__secretaries=user_id))
            ),
            Exists(
                InspectionMember.objects.filter(Q(expert__person__user=user_id) | Q(user=user_id))
            ),
        )
    )


def reviews_for(user) -> QuerySet[Review]:
    return Review.objects.for_expert_user(user)


def visible_to_expert(attachment: Attachment, scheme) -> bool:
    """In blind review experts see only the documents marked for it (anonymised reports)."""
    if not scheme.blind_review:
        return True
    return attachment.requirement is not None and attachment.requirement.blind_visible


def can_read_attachment(user, attachment: Attachment) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_certification_staff(user):
        return True
    application = attachment.application
    if organizations_of(user).filter(pk=application.organization_id).exists():
        return True
    if extensions.reads_files(user, application):
        return True
    assigned = (
        reviews_for(user)
        .filter(
            application_id=attachment.application_id,
            status__in=[Review.Status.IN_PROGRESS, Review.Status.SUBMITTED],
        )
        .exists()
    )
    return assigned and visible_to_expert(attachment, application.scheme)


def reads_blind(user, attachment: Attachment) -> bool:
    """True when the user may read the file only as an expert of a blind review: the file is
    then shown and served under a neutral name and without the document's metadata."""
    application = attachment.application
    if not application.scheme.blind_review or is_certification_staff(user):
        return False
    if organizations_of(user).filter(pk=application.organization_id).exists():
        return False
    return not extensions.reads_files(user, application)


def blind_name(attachment: Attachment) -> str:
    """The application number and the document's name, never the applicant's file name."""
    suffix = PurePath(attachment.original_name).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ""
    label = attachment.requirement.name if attachment.requirement else str(attachment.pk)
    return f"{attachment.application.number}-{label}{suffix}"


def can_download_certificate(user, certificate: Certificate) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_certification_staff(user):
        return True
    return organizations_of(user).filter(pk=certificate.organization_id).exists()
