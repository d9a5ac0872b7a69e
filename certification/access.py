"""Who may see what. Every portal, expert and file view asks these, per object."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from members.access import organizations_of

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


def reviews_for(user) -> QuerySet[Review]:
    return Review.objects.for_expert_user(user)


def can_read_attachment(user, attachment: Attachment) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_certification_staff(user):
        return True
    if organizations_of(user).filter(pk=attachment.application.organization_id).exists():
        return True
    return (
        reviews_for(user)
        .filter(
            application_id=attachment.application_id,
            status__in=[Review.Status.IN_PROGRESS, Review.Status.SUBMITTED],
        )
        .exists()
    )


def can_download_certificate(user, certificate: Certificate) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_certification_staff(user):
        return True
    return organizations_of(user).filter(pk=certificate.organization_id).exists()
