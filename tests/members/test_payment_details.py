"""Dues invoices, notices and reminders tell members where to pay only from the payment
settings: while no account is set they say "being set up" (never a made-up account, never a
500) and staff are warned; once set, the account and the seal are printed."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from members import pdf, services
from members.models import Invoice
from tests.factories import TEST_ACCOUNT, TEST_BANK, UserFactory, set_payment_settings
from tests.members.helpers import committed, fee_schedule, member_organization
from tests.members.test_sweep import END, sweep
from website.accounts import roles
from website.core.demo import demo_seal_png
from website.core.models import PaymentSettings
from website.core.payments import PaymentDetailsMissing

pytestmark = pytest.mark.django_db

OLD_FAKE_ACCOUNT = "0200 0000 0000 0000 000"
SETTING_UP = "正在设置"  # zh_Hans of "Payment details are being set up"
YEAR = timezone.localdate().year


@pytest.fixture
def invoice():
    fee_schedule(YEAR)
    _organization, membership, admin = member_organization()
    invoice = services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR)
    return invoice, admin


@pytest.fixture
def staff():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    return user


def _pdf_text(content: bytes) -> str:
    return PdfReader(BytesIO(content)).pages[0].extract_text()


def test_nothing_is_set_on_a_fresh_database():
    config = PaymentSettings.load()
    assert not (config.payee or config.bank_name or config.account_number or config.tax_number)
    assert not config.finance_seal


def test_the_pdf_kit_refuses_to_draw_an_unset_account(invoice):
    with pytest.raises(PaymentDetailsMissing):
        pdf.invoice_pdf(invoice[0])


def test_member_invoice_page_and_pdf_refuse_cleanly_while_unset(client, invoice):
    invoice, admin = invoice
    client.force_login(admin)
    page = client.get(reverse("member_portal:invoice", args=[invoice.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert SETTING_UP in body and "联系秘书处" in body
    assert OLD_FAKE_ACCOUNT not in body
    assert reverse("member_portal:invoice_pdf", args=[invoice.pk]) not in body

    listing = client.get(reverse("member_portal:invoices")).content.decode()
    assert SETTING_UP in listing
    assert reverse("member_portal:invoice_pdf", args=[invoice.pk]) not in listing

    response = client.get(reverse("member_portal:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert SETTING_UP in response.content.decode()


def test_member_invoice_in_english_says_the_same(client, invoice):
    invoice, admin = invoice
    client.force_login(admin)
    response = client.get(
        "/en" + reverse("member_portal:invoice_pdf", args=[invoice.pk]), follow=True
    )
    assert "Payment details are being set up" in response.content.decode()


def test_staff_pdf_redirects_with_a_warning_and_the_inspect_page_links_the_settings(
    client, invoice
):
    invoice, _admin = invoice
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get(reverse("invoices:pdf", args=[invoice.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("invoices:inspect", args=[invoice.pk])
    body = response.content.decode()
    settings_url = reverse("wagtailsettings:edit", args=["core", "paymentsettings"])
    assert settings_url in body
    assert OLD_FAKE_ACCOUNT not in body


def test_staff_dashboard_warns_until_the_account_is_set(client, staff):
    client.force_login(staff)
    assert (
        "payment-details-panel-heading" in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    set_payment_settings()
    assert (
        "payment-details-panel-heading"
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_set_account_is_shown_and_printed_with_the_seal(client, invoice):
    config = set_payment_settings()
    config.finance_seal.save("seal.png", ContentFile(demo_seal_png()), save=True)
    invoice, admin = invoice
    client.force_login(admin)
    page = client.get(reverse("member_portal:invoice", args=[invoice.pk])).content.decode()
    assert TEST_ACCOUNT in page and TEST_BANK in page and SETTING_UP not in page
    response = client.get(reverse("member_portal:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert TEST_ACCOUNT in text and TEST_BANK in text
    assert OLD_FAKE_ACCOUNT not in text
    assert PdfReader(BytesIO(response.content)).pages[0].images  # the seal


def test_approval_mail_says_being_set_up_while_unset():
    from members.models import MembershipApplication
    from tests.members.helpers import pdf_upload
    from tests.members.test_join import CODE, organization_data

    applicant = UserFactory()
    staff_user = UserFactory(is_staff=True, is_superuser=True)
    fee_schedule(YEAR)
    application = services.new_application(applicant, MembershipApplication.Kind.ORGANIZATION)
    for key, value in organization_data().items():
        if key != "accepts_charter":
            setattr(application, key, value)
    application.accepts_charter = True
    application.invoice_title = application.organization_name
    application.invoice_tax_number = CODE
    application.licence = pdf_upload()
    services.save_application(application, user=applicant)
    services.submit_application(application, user=applicant)
    mail.outbox.clear()
    with committed():
        services.approve_application(application, user=staff_user)
    (approved,) = mail.outbox
    assert SETTING_UP in approved.body
    assert OLD_FAKE_ACCOUNT not in approved.body


def test_reminder_and_grace_mails_without_and_with_the_account():
    fee_schedule(2026)
    fee_schedule(2027)
    member_organization(paid_through=END)
    sweep(datetime.date(2026, 11, 1))  # the 60-day reminder
    (reminder,) = mail.outbox
    assert SETTING_UP in reminder.body and OLD_FAKE_ACCOUNT not in reminder.body
    set_payment_settings()
    mail.outbox.clear()
    sweep(datetime.date(2027, 1, 1))  # the grace notice
    (grace,) = mail.outbox
    assert TEST_ACCOUNT in grace.body and SETTING_UP not in grace.body
