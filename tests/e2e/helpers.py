"""Small helpers shared by the browser journeys."""

import re
import time

from django.core import mail

LINK = re.compile(r"https?://\S+")


def link_in_last_email(to: str, path: str) -> str:
    """The link containing `path` in the newest email sent to `to`."""
    messages = [message for message in mail.outbox if to in message.to]
    assert messages, f"no email to {to}; outbox has {[m.to for m in mail.outbox]}"
    links = [link for link in LINK.findall(messages[-1].body) if path in link]
    assert links, f"no link containing {path} in:\n{messages[-1].body}"
    return links[0]


def totp_code(secret: str) -> str:
    """The current code of an authenticator app holding `secret`, not about to expire."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD < 3:
        time.sleep(3)  # the server must see the same 30-second window as we do
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def log_in(page, email: str, password: str) -> None:
    """Fill and send the login form on the current page."""
    form = page.locator("main form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.get_by_role("button", name="登录").click()
