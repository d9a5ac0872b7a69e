"""The annual check's emails (年审): material received (to staff) and reminders (to holders)."""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from website.core.mail import send_templated_email

from .tasks import _staff_recipients, applicant_recipients


@task()
def notify_annual_check(check_id: int, event: str) -> None:
    from .models import AnnualCheck

    check = (
        AnnualCheck.objects.select_related(
            "certificate__scheme", "certificate__application__organization"
        )
        .filter(pk=check_id)
        .first()
    )
    if check is None:
        return
    certificate = check.certificate
    recipients = (
        _staff_recipients()
        if event == "submitted"
        else applicant_recipients(certificate.application)
    )
    send_templated_email(
        recipients,
        "certification/email/annual_check",
        {
            "event": event,
            "check": check,
            "certificate": certificate,
            "url": reverse("certification:annual_check", args=[check.pk]),
        },
    )
