"""Outgoing email goes through django-tasks, so web requests never wait for the mail server."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .identity import association_name


@task()
def send_email(
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    reply_to: list[str] | None = None,
    from_email: str | None = None,
) -> int:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to or None,
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def email_context() -> dict[str, Any]:
    return {"site_name": association_name(), "base_url": settings.BASE_URL}


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Render `<template>_subject.txt`, `<template>.txt` and the optional `<template>.html`.

    Every email can sign with `site_name` (the association's name from the site settings, in
    the active language) and build links on `base_url` (the public address, never localhost)."""
    context = {**email_context(), **context}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    try:
        html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, body, html


def send_templated_email(
    to: str | Iterable[str],
    template: str,
    context: dict[str, Any],
    *,
    language: str | None = None,
    reply_to: list[str] | None = None,
) -> None:
    """Render an email in the recipient's language now and send it in the background."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    if not recipients:
        return
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body, html = render_email(template, context)
    send_email.enqueue(to=recipients, subject=subject, body=body, html=html, reply_to=reply_to)
