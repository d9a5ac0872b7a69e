from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from website.core.identity import absolute_url
from website.core.mail import email_context, send_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (verification, password reset) go out through django-tasks."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, self.email_context(email, context))
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        send_email.enqueue(
            to=list(message.to),
            subject=message.subject,
            body=message.body,
            html=html,
            from_email=message.from_email,
        )

    def get_http_user_agent(self, request) -> str:
        # allauth's stand-in, "Unspecified", would stand in English in a Chinese email.
        return request.META.get("HTTP_USER_AGENT", "")

    def email_context(self, email: str, context: dict) -> dict:
        """What our account emails need: the association's name (without django.contrib.sites
        allauth would print an empty site name) and every link on BASE_URL, not on the host the
        request came in on."""
        shared = email_context()
        context = {
            "email": email,
            "current_site": SimpleNamespace(
                name=shared["site_name"], domain=urlsplit(settings.BASE_URL).netloc
            ),
            **shared,
            **context,
        }
        for key, value in context.items():
            if key.endswith("_url") and key != "base_url" and isinstance(value, str):
                context[key] = absolute_url(value)
        return context
