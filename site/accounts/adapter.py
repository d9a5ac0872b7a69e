from allauth.account.adapter import DefaultAccountAdapter

from website.core.mail import send_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails (verification, password reset) go out through django-tasks."""

    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
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
