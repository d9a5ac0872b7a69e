"""One live certificate per subject and scheme, and a subject's history across rounds.

A subject (an organization, or a plant) that holds a valid or suspended certificate of a
scheme is re-checked yearly and re-evaluated (复评) before expiry; it does not start a first
evaluation (首次评价) of the same scheme.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..models import AnnualCheck, Application, Certificate, Plant
from .common import day

LIVE = (Certificate.Status.VALID, Certificate.Status.SUSPENDED)


def _subject_filter(organization, subject) -> dict:
    if isinstance(subject, Plant):
        return {"plant": subject}
    return {"organization": organization, "plant__isnull": True}


def live_certificate(scheme, organization, subject=None) -> Certificate | None:
    """The subject's certificate of this scheme that is still in force, if any."""
    if scheme.uses_projects:
        return None
    return (
        Certificate.objects.filter(
            scheme=scheme, status__in=LIVE, holder_order=0, **_subject_filter(organization, subject)
        )
        .order_by("-issued_on", "-pk")
        .first()
    )


def first_evaluation_refusal(certificate: Certificate) -> str:
    return _(
        "%(subject)s already holds certificate %(number)s (%(grade)s, valid until %(date)s) of "
        "this scheme. Submit its annual check, or start a re-evaluation (复评) from the "
        "certificate, instead of a first evaluation."
    ) % {
        "subject": certificate.subject_name,
        "number": certificate.number,
        "grade": certificate.grade_label,
        "date": day(certificate.valid_until),
    }


def live_certificate_problems(scheme, organization, subject, application, today) -> list[str]:
    """An eligibility rule (extensions): a first evaluation while a certificate is live."""
    if application is not None and (
        application.kind != Application.Kind.NEW or application.is_final
    ):
        return []
    if scheme.uses_plants and not isinstance(subject, Plant):
        return []
    certificate = live_certificate(scheme, organization, subject)
    if certificate is None or (
        application is not None and certificate.application_id == application.pk
    ):
        return []
    return [first_evaluation_refusal(certificate)]


@dataclass(frozen=True)
class SubjectHistory:
    applications: list[Application]
    certificates: list[Certificate]
    checks: list[AnnualCheck]

    def __bool__(self) -> bool:
        return bool(self.applications or self.certificates)


def subject_history(application: Application) -> SubjectHistory:
    """Every other application, certificate and annual check of the same subject, any round."""
    if application.plant_id:
        applications = Application.objects.filter(plant_id=application.plant_id)
        certificates = Certificate.objects.filter(plant_id=application.plant_id)
    elif application.subject_type_id:
        applications = Application.objects.filter(
            subject_type_id=application.subject_type_id, subject_id=application.subject_id
        )
        certificates = Certificate.objects.filter(application__in=applications)
    else:
        applications = Application.objects.filter(
            organization_id=application.organization_id,
            plant__isnull=True,
            subject_type__isnull=True,
        )
        certificates = Certificate.objects.filter(
            organization_id=application.organization_id, plant__isnull=True, holder_order=0
        )
    certificates = list(certificates.select_related("scheme").order_by("-issued_on", "-pk"))
    checks = list(
        AnnualCheck.objects.filter(certificate__in=certificates)
        .select_related("certificate", "submission")
        .order_by("-due_on")
    )
    return SubjectHistory(
        applications=list(
            applications.exclude(pk=application.pk)
            .select_related("scheme", "round")
            .order_by("-created_at")
        ),
        certificates=certificates,
        checks=checks,
    )
