"""Emails of the award's own steps: the recommending unit is asked, the applicant hears back."""

from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from website.core.mail import send_templated_email

from ..tasks import applicant_recipients


@task()
def notify_nomination(application_id: int, event: str) -> None:
    from ..models import Application

    application = (
        Application.objects.select_related(
            "scheme", "organization", "nomination__recommending_unit", "project"
        )
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return
    nomination = application.nomination
    if event == "requested":
        unit = nomination.recommending_unit
        recipients = sorted(
            {email for email in unit.confirmers().values_list("email", flat=True) if email}
        )
        url = reverse("certification:recommendation_detail", args=[application.number])
    else:
        recipients = applicant_recipients(application)
        url = reverse("certification:project_detail", args=[application.number])
    if not recipients:
        return
    send_templated_email(
        recipients,
        "certification/awards/email/nomination",
        {
            "event": event,
            "application": application,
            "nomination": nomination,
            "project": application.project,
            "url": url,
        },
    )
