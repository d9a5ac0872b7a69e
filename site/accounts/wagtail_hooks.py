"""Offer two-factor authentication to staff in the back office; nobody is forced to use it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component


def has_authenticator_app(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class TwoFactorReminderPanel(Component):
    """Shown on the admin dashboard to staff who have not set up an authenticator app."""

    name = "two_factor_reminder"
    template_name = "accounts/admin/two_factor_reminder.html"
    order = 50

    def get_context_data(self, parent_context):
        return {"mfa_url": reverse("mfa_index")}


@hooks.register("construct_homepage_panels")
def offer_two_factor_on_dashboard(request, panels) -> None:
    if not has_authenticator_app(request.user):
        panels.append(TwoFactorReminderPanel())


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request) -> dict:
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with an authenticator app and recovery codes."),
    }
