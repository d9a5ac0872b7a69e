"""Pages that answered 500 on plain data (issue 12.5): each now answers 200 or a form error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import Invoice
from tests.factories import UserFactory
from tests.members.helpers import PNG, fee_schedule, member_organization
from website.accounts import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice():
    _organization, membership, admin = member_organization()
    year = timezone.localdate().year
    fee_schedule(year)
    invoice = services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=year)
    invoice.admin = admin
    return invoice


def membership_staff():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    return user


@pytest.mark.parametrize("who", ["superuser", "membership staff"])
def test_payments_listing_and_invoice_edit_have_no_copy_button(client, invoice, who):
    # Views without "copy" (or "edit") offered a button naming the removed URL: NoReverseMatch.
    user = (
        UserFactory(is_staff=True, is_superuser=True) if who == "superuser" else membership_staff()
    )
    services.record_payment(invoice, user=user, amount=invoice.amount, paid_on=timezone.localdate())
    client.force_login(user)
    for url in (
        reverse("payments:index"),
        reverse("invoices:index"),
        reverse("invoices:edit", args=[invoice.pk]),
        reverse("payment_proofs:index"),
        reverse("change_requests:index"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/copy/" not in response.text, url


def test_site_history_lists_a_rejected_proof_and_a_change_request(client, invoice):
    staff = UserFactory(is_staff=True, is_superuser=True)
    proof = services.submit_payment_proof(
        invoice,
        user=invoice.admin,
        file=SimpleUploadedFile("回单.png", PNG),
        amount=Decimal("100"),
        paid_on=timezone.localdate(),
    )
    services.reject_payment_proof(proof, user=staff, reason="金额不符")
    organization = invoice.membership.organization
    change = services.request_profile_change(
        organization, user=invoice.admin, name=organization.name + "（新）", reason="更名"
    )
    services.reject_profile_change(change, user=staff, reason="缺少证明")
    client.force_login(staff)
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    assert response.status_code == 200
    # Their history entries link to the inspect views (there is no edit view).
    assert reverse("payment_proofs:inspect", args=[proof.pk]) in response.text
    assert reverse("change_requests:inspect", args=[change.pk]) in response.text
    for url in (
        reverse("payment_proofs:history", args=[proof.pk]),
        reverse("change_requests:history", args=[change.pk]),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("number", ["KJ/2026", "a/b/c", "../etc", "KJ\\2026"])
def test_certificate_verification_with_a_slash_is_a_form_error(client, number):
    response = client.get(reverse("certification:verify"), {"number": number})
    assert response.status_code == 200
    assert response.context["form"].errors
