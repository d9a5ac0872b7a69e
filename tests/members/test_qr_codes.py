"""The membership certificate's (会员证) QR code reads with a real decoder as a regular QR code
(not Micro QR, which phones and WeChat cannot read) and opens the public verification page
by its absolute address. The dues notice has no QR code."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Invoice
from members.verification import verification_url
from tests.members.helpers import fee_schedule, individual_member, member_organization
from tests.qr import read_pdf

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def certificate_qr(client, membership) -> str:
    response = client.get(reverse("member_portal:certificate", args=[membership.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    ((text,),) = read_pdf(response.content)
    return text


@pytest.mark.parametrize("individual", [False, True], ids=["organization", "individual"])
def test_the_membership_certificate_qr_code_opens_the_verification_page(client, individual):
    paid_through = datetime.date(YEAR, 12, 31)
    if individual:
        subject, membership, user = individual_member(paid_through=paid_through)
    else:
        subject, membership, user = member_organization(paid_through=paid_through)
    client.force_login(user)
    text = certificate_qr(client, membership)
    assert text == verification_url(membership)
    assert text.startswith(
        "http://testserver" + reverse("members:verify", args=[membership.number])
    )
    # A phone that scans it (no login) sees the member's live status; an individual's name
    # is masked there.
    page = Client().get(urlsplit(text).path + "?" + urlsplit(text).query)
    assert page.status_code == 200 and membership.number in page.content.decode()
    assert (subject.name[:1] if individual else subject.name) in page.content.decode()


def test_the_dues_notice_has_no_qr_code(client, payment_settings):
    fee_schedule(YEAR)
    _organization, membership, user = member_organization()
    invoice = services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR)
    client.force_login(user)
    response = client.get(reverse("member_portal:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Should one be added, this test has to say what it reads.
    assert read_pdf(response.content) == [[]]
