"""The demo sets payment details that are plainly demo values, so the demo's dues notices and
order pages render with an account (and the seal) instead of "being set up"."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from members.models import Invoice
from website.accounts.models import User
from website.core import payments

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_set_and_marked_as_demo(demo):
    dues = payments.payment_account(payments.DUES)
    events = payments.payment_account(payments.EVENTS)
    assert dues and events and dues.account_number != events.account_number
    assert "演示" in dues.bank_name and "演示" in events.bank_name
    assert payments.finance_seal_bytes().startswith(b"\x89PNG")


def test_the_demo_member_downloads_a_dues_notice_with_the_demo_account(demo, client):
    user = User.objects.get(email="member@example.org")
    invoice = Invoice.objects.filter(membership__organization__contacts__user=user).first()
    client.force_login(user)
    response = client.get(reverse("member_portal:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert payments.payment_account(payments.DUES).account_number in text
