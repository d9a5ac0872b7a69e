"""`{% payment_account "dues" as account %}`: the account to pay into, or None while the
secretariat has not set it (website.core.payments); the includes below show either."""

from django import template

from website.core import payments

register = template.Library()


@register.simple_tag
def payment_account(purpose: str) -> payments.PaymentAccount | None:
    return payments.payment_account(purpose)


@register.inclusion_tag("core/includes/payment_account.html")
def payment_details(purpose: str, note: str = "") -> dict:
    return {
        "account": payments.payment_account(purpose),
        "missing": payments.missing_message(),
        "note": note,
    }


@register.inclusion_tag("core/admin/payment_details_warning.html", takes_context=True)
def payment_details_warning(context, purpose: str) -> dict:
    """For admin pages about invoices and orders: a warning while `purpose` has no account,
    with a link to the settings for those who may edit them."""
    request = context.get("request")
    user = getattr(request, "user", None)
    missing = payments.payment_account(purpose) is None
    can_edit = bool(user and payments.can_edit_settings(user))
    return {"missing": missing, "url": payments.settings_url() if missing and can_edit else ""}
