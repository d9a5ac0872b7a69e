"""Journey 2: fee schedules, invoices, payments and proofs, through the admin and the portal."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import FeeSchedule, Invoice, Membership, MembershipError, PaymentProof
from tests.factories import UserFactory
from tests.members.helpers import EXE, PNG, committed, fee_schedule, member_organization
from website.accounts import roles

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    return user


def schedule_form(**overrides):
    data = {
        "year": "2031",
        "president": "50000",
        "vice_president": "30000",
        "standing_director": "10000",
        "director": "5000",
        "member": "2000",
        "individual": "300",
        "note": "",
    }
    data.update(overrides)
    return data


def test_fee_schedule_allows_at_most_four_levels(client, staff):
    client.force_login(staff)
    url = reverse("fee_schedules:add")
    response = client.post(url, schedule_form())
    assert response.status_code == 200
    assert not FeeSchedule.objects.exists()
    assert "4" in response.text  # the message names the limit
    response = client.post(url, schedule_form(director="10000"))
    assert response.status_code == 302
    assert FeeSchedule.objects.get(year=2031).amount_for("director") == 10000


def test_fee_schedule_refuses_a_higher_tier_paying_less(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("fee_schedules:add"), schedule_form(president="1000", director="10000")
    )
    assert response.status_code == 200
    assert not FeeSchedule.objects.exists()


def make_invoice(membership, *, year=YEAR, **kwargs):
    fee_schedule(year)
    return services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=year, **kwargs)


def test_invoice_numbers_come_from_a_sequence_and_carry_invoice_details(staff):
    organization, membership, _admin = member_organization()
    first = make_invoice(membership, year=YEAR)
    second = make_invoice(membership, year=YEAR + 1)
    assert first.number == f"HF{YEAR}00001"
    assert second.number == f"HF{YEAR + 1}00001"
    assert first.title == organization.name
    assert first.tax_number == organization.credit_code
    assert first.amount == Decimal("3000")
    with pytest.raises(MembershipError):
        make_invoice(membership, year=YEAR)  # one live invoice per period


def test_staff_record_a_bank_transfer_and_paid_through_moves(client, staff):
    _organization, membership, admin = member_organization(
        paid_through=datetime.date(YEAR - 1, 12, 31)
    )
    invoice = make_invoice(membership)
    client.force_login(staff)
    url = reverse("invoices:pay", args=[invoice.pk])
    # A future date is refused and what was typed stays.
    response = client.post(
        url,
        {
            "amount": "3000",
            "paid_on": str(TODAY + datetime.timedelta(days=3)),
            "method": "bank_transfer",
            "reference": "CMB-778899",
        },
    )
    assert response.status_code == 200
    assert "CMB-778899" in response.text
    with committed():
        response = client.post(
            url,
            {
                "amount": "3000",
                "paid_on": str(TODAY),
                "method": "bank_transfer",
                "reference": "CMB-1",
            },
        )
    assert response.status_code == 302
    invoice.refresh_from_db()
    membership.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID
    assert invoice.paid_on == TODAY
    assert membership.paid_through == datetime.date(YEAR, 12, 31)
    assert any(invoice.number in message.subject for message in mail.outbox)
    assert admin.email in mail.outbox[-1].to


def test_partial_payments_leave_the_invoice_open(staff):
    _organization, membership, _admin = member_organization()
    invoice = make_invoice(membership)
    services.record_payment(invoice, user=staff, amount=Decimal("1000"), paid_on=TODAY)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN
    assert invoice.balance == Decimal("2000")
    with pytest.raises(MembershipError):
        services.record_payment(invoice, user=staff, amount=Decimal("2500"), paid_on=TODAY)
    services.record_payment(invoice, user=staff, amount=Decimal("2000"), paid_on=TODAY)
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID


def test_member_uploads_proof_and_staff_confirm_it(client, staff):
    _organization, membership, admin = member_organization(
        paid_through=datetime.date(YEAR - 1, 12, 31)
    )
    invoice = make_invoice(membership)
    client.force_login(admin)
    page = reverse("member_portal:invoice", args=[invoice.pk])
    # Not a PDF/JPEG/PNG by content: refused, nothing stored.
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("回单.png", EXE, content_type="image/png")
    response = client.post(
        page, {"file": bad, "amount": "3000", "paid_on": str(TODAY), "reference": "X1"}
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not PaymentProof.objects.exists()
    good = SimpleUploadedFile("转账回单.png", PNG, content_type="image/png")
    response = client.post(
        page, {"file": good, "amount": "3000", "paid_on": str(TODAY), "reference": "X1"}
    )
    assert response.status_code == 302
    proof = PaymentProof.objects.get()
    assert proof.status == PaymentProof.Status.PENDING
    assert proof.file.name.startswith("payment-proofs/") and proof.file.name.endswith(".png")
    # The member and staff can open the file; it is not under MEDIA_URL.
    file_url = reverse("member_portal:proof_file", args=[proof.pk])
    assert client.get(file_url).status_code == 200
    client.force_login(staff)
    assert client.get(file_url).status_code == 200
    response = client.get(reverse("payment_proofs:index"), {"status": "pending"})
    assert invoice.number in response.text
    response = client.post(reverse("payment_proofs:confirm", args=[proof.pk]), {"amount": "3000"})
    assert response.status_code == 302
    proof.refresh_from_db()
    invoice.refresh_from_db()
    membership.refresh_from_db()
    assert proof.status == PaymentProof.Status.CONFIRMED
    assert proof.payment.amount == 3000
    assert invoice.status == Invoice.Status.PAID
    assert membership.paid_through == datetime.date(YEAR, 12, 31)


def test_staff_reject_a_proof_with_a_reason(client, staff):
    _organization, membership, admin = member_organization()
    invoice = make_invoice(membership)
    from django.core.files.uploadedfile import SimpleUploadedFile

    proof = services.submit_payment_proof(
        invoice,
        user=admin,
        file=SimpleUploadedFile("a.png", PNG),
        amount=Decimal("3000"),
        paid_on=TODAY,
    )
    client.force_login(staff)
    url = reverse("payment_proofs:reject", args=[proof.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    with committed():
        assert client.post(url, {"reason": "回单金额与通知单不符"}).status_code == 302
    proof.refresh_from_db()
    assert proof.status == PaymentProof.Status.REJECTED
    assert "回单金额与通知单不符" in mail.outbox[-1].body


def test_cancel_needs_a_reason_and_not_after_payment(client, staff):
    _organization, membership, _admin = member_organization()
    invoice = make_invoice(membership)
    client.force_login(staff)
    url = reverse("invoices:cancel", args=[invoice.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "重复开具"}).status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.CANCELLED
    # A cancelled invoice takes no payment: a message, not a 500.
    response = client.post(
        reverse("invoices:pay", args=[invoice.pk]),
        {"amount": "3000", "paid_on": str(TODAY), "method": "bank_transfer"},
    )
    assert response.status_code == 200


def test_invoice_pdf_renders_chinese(client, staff, payment_settings):
    from io import BytesIO

    from pypdf import PdfReader

    organization, membership, admin = member_organization()
    invoice = make_invoice(membership)
    client.force_login(admin)
    response = client.get(reverse("member_portal:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "会费缴费通知单" in text
    assert invoice.number in text
    assert "叁仟元整" in text
    client.force_login(staff)
    assert client.get(reverse("invoices:pdf", args=[invoice.pk])).status_code == 200


def test_admin_invoice_listing_has_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    fee_schedule(YEAR)
    for _ in range(3):
        _organization, membership, _admin = member_organization()
        services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR)
    client.force_login(staff)
    url = reverse("invoices:index")
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        _organization, membership, _admin = member_organization()
        services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_staff_issue_an_invoice_by_hand(client, staff):
    fee_schedule(YEAR)
    _organization, membership, _admin = member_organization()
    client.force_login(staff)
    url = reverse("invoices:issue")
    response = client.post(url, {"membership_number": "D-NOPE", "year": YEAR})
    assert response.status_code == 200
    response = client.post(url, {"membership_number": membership.number.lower(), "year": YEAR})
    assert response.status_code == 302
    assert membership.invoices.get().period_start == datetime.date(YEAR, 1, 1)
    # No schedule for that year: a clear message.
    response = client.post(url, {"membership_number": membership.number, "year": YEAR + 5})
    assert response.status_code == 200


def test_renewal_after_a_lapse_keeps_the_gap_in_history(client, staff):
    _organization, membership, admin = member_organization(
        paid_through=datetime.date(YEAR - 2, 12, 31)
    )
    services.change_status(membership, Membership.Status.GRACE, reason="欠费")
    services.change_status(membership, Membership.Status.LAPSED, reason="宽限期满")
    fee_schedule(YEAR)
    client.force_login(admin)
    response = client.post(reverse("member_portal:renew", args=[membership.pk]))
    invoice = membership.invoices.get()
    assert response.url == reverse("member_portal:invoice", args=[invoice.pk])
    assert invoice.period_start == datetime.date(YEAR, 1, 1)
    services.record_payment(invoice, user=staff, amount=invoice.amount, paid_on=TODAY)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.paid_through == datetime.date(YEAR, 12, 31)
    last = membership.status_history().first()
    assert (last.from_status, last.to_status) == ("lapsed", "active")
    assert str(YEAR - 1) in last.reason  # the unpaid year is named
    statuses = [c.to_status for c in membership.status_history().order_by("changed_at", "pk")]
    assert statuses == ["active", "grace", "lapsed", "active"]
