from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.components import Component

from . import payments
from .cache import reads
from .documents import serve_document
from .states import StatusChangeFormatter


@hooks.register("before_serve_page")
def declare_cache_areas(page, request, serve_args, serve_kwargs):
    """A page type's `cache_areas` name what its pages show (website.core.cache); a type
    without them depends on every area."""
    reads(*getattr(page, "cache_areas", ()))


@hooks.register("before_serve_document", order=100)
def hand_documents_to_nginx(document, request):
    """Last of the checks (Wagtail's collection restrictions, members-only bulletins run
    first): with PRIVATE_FILES_ACCEL_REDIRECT set, nginx sends the bytes from its internal
    location instead of a Python worker."""
    if getattr(settings, "PRIVATE_FILES_ACCEL_REDIRECT", ""):
        return serve_document(request, document, cache_control="private, no-cache")
    return None


@hooks.register("register_log_actions")
def register_status_change(actions):
    actions.register_action("core.status_change")(StatusChangeFormatter)


def finance_seal_view(request):
    """The stored seal image, for the settings form's "currently" link: private, staff with
    the settings permission only."""
    from .files import private_file_response
    from .models import PaymentSettings

    if not payments.can_edit_settings(request.user):
        raise PermissionDenied
    return private_file_response(PaymentSettings.load().finance_seal, filename="seal")


@hooks.register("register_admin_urls")
def payment_settings_urls():
    return [path("payment-settings/seal/", finance_seal_view, name="core_finance_seal")]


class PaymentDetailsPanel(Component):
    """A warning on the admin home while an account is missing: invoices, dues notices and
    payment instructions are withheld until the secretariat enters it."""

    name = "payment_details"
    order = 10
    template_name = "core/admin/payment_details_panel.html"

    def __init__(self, missing: list[str], url: str | None):
        self.missing = missing
        self.url = url

    def get_context_data(self, parent_context):
        return {"dues": payments.DUES in self.missing, "url": self.url}


def sees_payment_warning(user) -> bool:
    return any(
        user.has_perm(permission)
        for permission in (
            "core.change_paymentsettings",
            "members.view_invoice",
            "members.change_invoice",
            "events.view_order",
            "events.change_order",
        )
    )


@hooks.register("construct_homepage_panels")
def add_payment_details_panel(request, panels):
    if not sees_payment_warning(request.user):
        return
    missing = payments.missing_purposes()
    if missing:
        url = payments.settings_url() if payments.can_edit_settings(request.user) else None
        panels.append(PaymentDetailsPanel(missing, url))
