"""Where members and buyers pay: the association's accounts from the payment settings.

There are no defaults. While the secretariat has not entered an account, everything that tells
someone where to pay (dues invoices and notices, reminders, event orders, booth allocations)
shows `missing_message()` instead, PDFs refuse to draw (`PaymentDetailsMissing`), and staff see
a warning on the admin dashboard with a link to the settings."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

DUES = "dues"
EVENTS = "events"


class PaymentDetailsMissing(Exception):
    """No account is set for this purpose: nothing may tell anyone where to pay."""


@dataclass(frozen=True)
class PaymentAccount:
    payee: str
    bank_name: str
    account_number: str
    tax_number: str = ""

    def rows(self) -> list[tuple[str, str]]:
        """Label and value pairs in the active language, for pages and emails."""
        rows = [
            (_("Payee"), self.payee),
            (_("Bank"), self.bank_name),
            (_("Account number"), self.account_number),
        ]
        if self.tax_number:
            rows.append((_("Taxpayer number"), self.tax_number))
        return rows

    def chinese_rows(self) -> list[tuple[str, str]]:
        """The same in Chinese, for PDFs (documents are Chinese on the English site too)."""
        rows = [("户名", self.payee), ("开户行", self.bank_name), ("账号", self.account_number)]
        if self.tax_number:
            rows.append(("纳税人识别号", self.tax_number))
        return rows


def _account(payee: str, bank_name: str, number: str, tax_number: str) -> PaymentAccount | None:
    payee, bank_name, number = payee.strip(), bank_name.strip(), number.strip()
    if not (payee and bank_name and any(char.isdigit() for char in number)):
        return None
    return PaymentAccount(payee, bank_name, number, tax_number.strip())


def payment_account(purpose: str, config=None) -> PaymentAccount | None:
    """The account to pay `purpose` (DUES or EVENTS) into, or None while it is not set.

    Events pay into the dues account unless the secretariat gave them their own."""
    from .models import PaymentSettings

    config = config or PaymentSettings.load()
    if purpose == DUES or config.events_use_dues_account:
        return _account(config.payee, config.bank_name, config.account_number, config.tax_number)
    if purpose == EVENTS:
        return _account(
            config.events_payee or config.payee,
            config.events_bank_name,
            config.events_account_number,
            config.tax_number,
        )
    raise ValueError(purpose)


def require_payment_account(purpose: str, config=None) -> PaymentAccount:
    account = payment_account(purpose, config)
    if account is None:
        raise PaymentDetailsMissing(purpose)
    return account


def missing_message() -> str:
    """What a member or buyer reads instead of an account while none is set."""
    return _(
        "Payment details are being set up. Please contact the secretariat for the account "
        "to pay into."
    )


def missing_purposes() -> list[str]:
    """The purposes without an account, for the staff warning."""
    from .models import PaymentSettings

    config = PaymentSettings.load()
    return [purpose for purpose in (DUES, EVENTS) if payment_account(purpose, config) is None]


def settings_url() -> str:
    from .models import PaymentSettings

    return reverse(
        "wagtailsettings:edit", args=[PaymentSettings._meta.app_label, "paymentsettings"]
    )


def can_edit_settings(user) -> bool:
    return user.has_perm("core.change_paymentsettings")


def finance_seal_bytes() -> bytes | None:
    """The financial seal image, if one is stored and readable."""
    from .models import PaymentSettings

    seal = PaymentSettings.load().finance_seal
    if not seal:
        return None
    try:
        with seal.storage.open(seal.name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        return None


def missing_response(request, *, back_url: str = ""):
    """The page a member or buyer gets instead of a document that would print the account
    (503: the document will exist once the secretariat has entered the details)."""
    from django.shortcuts import render

    return render(
        request,
        "core/payment_details_missing.html",
        {"message": missing_message(), "back_url": back_url},
        status=503,
    )
