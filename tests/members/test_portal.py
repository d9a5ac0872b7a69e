"""Journey 3: the member portal — profile, key-field changes, contacts, invoices, certificate."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from members import services
from members.models import (
    ContactInvitation,
    Invoice,
    Membership,
    OrganizationContact,
    ProfileChangeRequest,
)
from tests.factories import UserFactory
from tests.members.factories import make_credit_code
from tests.members.helpers import (
    committed,
    fee_schedule,
    individual_member,
    member_organization,
    pdf_upload,
)
from website.accounts import roles

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def org(client):
    organization, membership, admin = member_organization(paid_through=datetime.date(YEAR, 12, 31))
    client.force_login(admin)
    return organization, membership, admin


def test_dashboard_shows_membership_and_nav_links(client, org):
    organization, membership, _admin = org
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 200
    assert membership.number in response.text
    assert reverse("member_portal:organization", args=[organization.pk]) in response.text
    assert reverse("member_portal:invoices") in response.text


def test_dashboard_offers_joining_to_a_non_member(client, user):
    client.force_login(user)
    response = client.get(reverse("portal:dashboard"))
    assert reverse("members:join") in response.text


def test_admin_edits_ordinary_fields_but_not_key_fields(client, org):
    organization, _membership, _admin = org
    url = reverse("member_portal:organization", args=[organization.pk])
    response = client.post(
        url,
        {
            "short_name": "新简称",
            "kind": "enterprise",
            "province": "11",
            "city": "北京市",
            "address": "北京市朝阳区新地址1号",
            "website": "https://example.com",
            "profile": "新的单位简介",
            # Key fields in the POST are ignored: they are not in the form.
            "name": "偷偷改名有限公司",
            "credit_code": make_credit_code(999),
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.short_name == "新简称"
    assert organization.address.endswith("新地址1号")
    assert organization.name != "偷偷改名有限公司"


def test_bad_profile_input_keeps_what_was_typed(client, org):
    organization, _membership, _admin = org
    url = reverse("member_portal:organization", args=[organization.pk])
    response = client.post(
        url, {"short_name": "保留", "kind": "enterprise", "province": "99", "website": "nope"}
    )
    assert response.status_code == 200
    assert "保留" in response.text
    assert response.context["form"].errors


def test_staff_contact_sees_but_cannot_edit(client, org):
    organization, _membership, _admin = org
    colleague = UserFactory()
    OrganizationContact.objects.create(organization=organization, user=colleague)
    client.force_login(colleague)
    url = reverse("member_portal:organization", args=[organization.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"short_name": "x"}).status_code == 403
    assert (
        client.get(reverse("member_portal:change_request", args=[organization.pk])).status_code
        == 403
    )


def test_key_field_change_goes_through_staff_approval(client, org):
    organization, _membership, admin = org
    new_code = make_credit_code(31337)
    response = client.post(
        reverse("member_portal:change_request", args=[organization.pk]),
        {
            "name": "北京新名称环境集团有限公司",
            "credit_code": new_code,
            "legal_representative": organization.legal_representative or "张三",
            "reason": "公司已更名并换发营业执照。",
            "document": pdf_upload("新执照.pdf"),
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.name != "北京新名称环境集团有限公司"  # not yet
    request = ProfileChangeRequest.objects.get()
    assert request.changes()["name"] == "北京新名称环境集团有限公司"
    # A second request while one is pending is refused, with the input kept.
    response = client.post(
        reverse("member_portal:change_request", args=[organization.pk]),
        {
            "name": "又一个名字",
            "credit_code": new_code,
            "legal_representative": "李四",
            "reason": "x",
        },
    )
    assert response.status_code == 200 and "又一个名字" in response.text

    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    client.force_login(staff)
    inspect = client.get(reverse("change_requests:inspect", args=[request.pk]))
    assert "北京新名称环境集团有限公司" in inspect.text
    document = client.get(reverse("member_portal:change_request_document", args=[request.pk]))
    assert document.status_code == 200
    with committed():
        response = client.post(
            reverse("change_requests:approve", args=[request.pk]), {"reason": ""}
        )
    assert response.status_code == 302
    organization.refresh_from_db()
    request.refresh_from_db()
    assert organization.name == "北京新名称环境集团有限公司"
    assert organization.credit_code == new_code
    assert request.previous["name"] != organization.name
    assert admin.email in mail.outbox[-1].to


def test_invite_accept_and_remove_a_colleague(client, org):
    organization, _membership, admin = org
    contacts_url = reverse("member_portal:contacts", args=[organization.pk])
    with committed():
        response = client.post(contacts_url, {"email": "Colleague@Example.com", "role": "staff"})
    assert response.status_code == 302
    invitation = ContactInvitation.objects.get()
    assert invitation.email == "colleague@example.com"
    link = reverse("member_portal:invitation", args=[invitation.token])
    assert link in mail.outbox[-1].body

    # Someone else who got hold of the link cannot use it.
    stranger = UserFactory(email="stranger@example.com")
    client.force_login(stranger)
    response = client.post(link)
    assert response.status_code == 200
    assert not OrganizationContact.objects.filter(user=stranger).exists()

    colleague = UserFactory(email="colleague@example.com")
    client.force_login(colleague)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    contact = OrganizationContact.objects.get(user=colleague)
    assert contact.role == OrganizationContact.Role.STAFF
    assert colleague.groups.filter(name=roles.MEMBER_CONTACTS).exists()
    # The link is used up.
    assert client.post(link).status_code == 200
    assert OrganizationContact.objects.filter(user=colleague).count() == 1
    # The colleague now sees the organization's invoices.
    assert client.get(reverse("member_portal:invoices")).status_code == 200

    client.force_login(admin)
    response = client.post(
        reverse("member_portal:contact_remove", args=[organization.pk, contact.pk])
    )
    assert response.status_code == 302
    assert not OrganizationContact.objects.filter(user=colleague).exists()
    assert not colleague.groups.filter(name=roles.MEMBER_CONTACTS).exists()


def test_login_is_asked_before_accepting_an_invitation(client, org):
    organization, _membership, admin = org
    invitation = services.invite_contact(organization, user=admin, email="new@example.com")
    client.logout()
    link = reverse("member_portal:invitation", args=[invitation.token])
    response = client.get(link)
    assert response.status_code == 302
    assert reverse("account_login") in response.url and "next=" in response.url


def test_the_last_administrator_cannot_be_removed_or_demoted(client, org):
    organization, _membership, admin = org
    own = OrganizationContact.objects.get(user=admin)
    response = client.post(
        reverse("member_portal:contact_remove", args=[organization.pk, own.pk]), follow=True
    )
    assert response.status_code == 200
    assert OrganizationContact.objects.filter(pk=own.pk).exists()
    client.post(
        reverse("member_portal:contact_role", args=[organization.pk, own.pk]), {"role": "staff"}
    )
    own.refresh_from_db()
    assert own.role == OrganizationContact.Role.ADMIN


def test_staff_contact_cannot_invite_or_remove(client, org):
    organization, _membership, admin = org
    colleague = UserFactory()
    OrganizationContact.objects.create(organization=organization, user=colleague)
    client.force_login(colleague)
    assert (
        client.post(
            reverse("member_portal:contacts", args=[organization.pk]), {"email": "x@example.com"}
        ).status_code
        == 403
    )
    own_admin = OrganizationContact.objects.get(user=admin)
    assert (
        client.post(
            reverse("member_portal:contact_remove", args=[organization.pk, own_admin.pk])
        ).status_code
        == 403
    )


def test_invoice_list_and_pdf(client, org, django_assert_max_num_queries):
    organization, membership, _admin = org
    fee_schedule(YEAR)
    fee_schedule(YEAR + 1)
    services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR)
    url = reverse("member_portal:invoices")
    with django_assert_max_num_queries(25) as few:
        assert client.get(url).status_code == 200
    services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR + 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert all(invoice.number in response.text for invoice in membership.invoices.all())


def test_membership_certificate_pdf_has_the_number_and_a_qr_code(client, org):
    organization, membership, _admin = org
    response = client.get(reverse("member_portal:certificate", args=[membership.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "会员证" in text.replace(" ", "")
    assert membership.number in text and organization.name in text
    # The QR code points at the public verification page, which shows the live status.
    from members.verification import verification_key

    verify = client.get(
        reverse("members:verify", args=[membership.number]),
        {"key": verification_key(membership.number)},
    )
    assert verify.status_code == 200 and organization.name in verify.text


def test_no_certificate_for_a_lapsed_membership(client, org):
    _organization, membership, _admin = org
    services.change_status(membership, Membership.Status.LAPSED)
    response = client.get(reverse("member_portal:certificate", args=[membership.pk]))
    assert response.status_code == 302


def test_individual_member_sees_own_profile_membership_and_invoices(client):
    fee_schedule(YEAR)
    person, membership, user = individual_member(paid_through=datetime.date(YEAR, 12, 31))
    invoice = services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR)
    client.force_login(user)
    assert membership.number in client.get(reverse("member_portal:membership")).text
    assert invoice.number in client.get(reverse("member_portal:invoices")).text
    response = client.post(
        reverse("member_portal:person"),
        {
            "name": person.name,
            "job_title": "总工程师",
            "phone": "13900002222",
            "email": "a@example.com",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "总工程师"
    assert client.get(reverse("member_portal:certificate", args=[membership.pk])).status_code == 200


def test_membership_page_shows_the_application_status(client, user):
    from members.models import MembershipApplication

    MembershipApplication.objects.create(
        kind="organization",
        applicant=user,
        organization_name="申请中的单位",
        status="submitted",
        number="RH20260099",
    )
    client.force_login(user)
    response = client.get(reverse("member_portal:membership"))
    assert "RH20260099" in response.text
