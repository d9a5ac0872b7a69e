"""Background work: the emails of each step. Services enqueue these after commit."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks import task

from website.accounts.roles import CERTIFICATION_STAFF
from website.core.mail import send_templated_email


def applicant_recipients(application) -> list[str]:
    """The application's contact and the organization's active users, once each."""
    emails = [application.contact_email]
    emails += list(
        application.organization.contacts.filter(user__is_active=True).values_list(
            "user__email", flat=True
        )
    )
    return sorted({email.lower() for email in emails if email})


def _staff_recipients() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=CERTIFICATION_STAFF)
    return sorted({email for email in users.values_list("email", flat=True) if email})


@task()
def notify_applicant(application_id: int, event: str) -> None:
    from .models import Application
    from .services import results

    application = (
        Application.objects.select_related("scheme", "organization", "criteria_set")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return
    send_templated_email(
        applicant_recipients(application),
        "certification/email/applicant",
        {
            "event": event,
            "application": application,
            "url": reverse("certification:application_detail", args=[application.number]),
            "certificate": application.certificates.order_by("holder_order", "-pk").first(),
            "result": results.result_for_applicant(application) if event == "approved" else None,
        },
    )


@task()
def notify_staff(application_id: int, event: str) -> None:
    from .models import Application

    application = Application.objects.select_related("scheme").filter(pk=application_id).first()
    if application is None:
        return
    send_templated_email(
        _staff_recipients(),
        "certification/email/staff",
        {
            "event": event,
            "application": application,
            "url": reverse("certification_applications:process", args=[application.pk]),
        },
    )


@task()
def notify_expert(review_id: int, event: str) -> None:
    from .models import Review

    review = (
        Review.objects.select_related("expert__person__user", "application__scheme", "reopened_for")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        return
    person = review.expert.person
    email = (person.user.email if person.user_id else "") or person.email
    send_templated_email(
        email,
        "certification/email/expert",
        {
            "event": event,
            "review": review,
            "application": review.application,
            "objection": review.reopened_for if event == "reopened" else None,
            "url": reverse("certification:review_detail", args=[review.pk]),
        },
    )


@task()
def notify_expert_invitation(invitation_id: int) -> None:
    """The invitation of an expert without an account, with the signed link."""
    from .models import ExpertInvitation
    from .services.invitations import invitation_token

    invitation = (
        ExpertInvitation.objects.select_related("expert__person", "review__application__scheme")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return
    send_templated_email(
        invitation.email,
        "certification/email/expert_invitation",
        {
            "invitation": invitation,
            "person": invitation.expert.person,
            "application": invitation.review.application if invitation.review_id else None,
            "url": reverse("certification:expert_invitation", args=[invitation_token(invitation)]),
        },
    )


@task()
def notify_objector(objection_id: int) -> None:
    from .models import Objection

    objection = Objection.objects.select_related("application").filter(pk=objection_id).first()
    if objection is None or not objection.email:
        return
    send_templated_email(
        objection.email,
        "certification/email/objector",
        {"objection": objection, "application": objection.application},
    )


@task()
def notify_certificate(certificate_id: int, event: str) -> None:
    from .models import Certificate

    certificate = (
        Certificate.objects.select_related("application__organization", "scheme")
        .filter(pk=certificate_id)
        .first()
    )
    if certificate is None:
        return
    send_templated_email(
        applicant_recipients(certificate.application),
        "certification/email/certificate",
        {
            "event": event,
            "certificate": certificate,
            "url": reverse("certification:verify_number", args=[certificate.number]),
            "portal_url": reverse("certification:portal"),
        },
    )
