"""Journey 1: join online, from a draft to approval, through the views."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import (
    Invoice,
    Membership,
    MembershipApplication,
    MembershipError,
    Organization,
    OrganizationContact,
)
from tests.factories import UserFactory
from tests.members.factories import OrganizationFactory, make_credit_code
from tests.members.helpers import EXE, committed, fee_schedule, pdf_upload
from website.accounts import roles

pytestmark = pytest.mark.django_db

CODE = make_credit_code(424242, region="320500")


def organization_data(**overrides):
    data = {
        "tier": "member",
        "organization_name": "苏州市洁净环境服务有限公司",
        "short_name": "苏州洁净",
        "credit_code": CODE,
        "organization_kind": "enterprise",
        "legal_representative": "陈建国",
        "province": "32",
        "city": "苏州市",
        "address": "苏州市姑苏区人民路100号",
        "contact_name": "李晓明",
        "contact_job_title": "办公室主任",
        "contact_phone": "13812345678",
        "contact_email": "li@example.com",
        "invoice_title": "",
        "invoice_tax_number": "",
        "accepts_charter": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def applicant(client):
    user = UserFactory(email="applicant@example.com")
    client.force_login(user)
    return user


@pytest.fixture
def staff(db):
    user = UserFactory(email="membership-staff@example.com", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    return user


def test_join_page_is_public_and_shows_the_dues(client, site_home):
    fee_schedule(2026)
    response = client.get("/members/join/")
    assert response.status_code == 200
    assert "单位会员" in response.text or "Organization members" in response.text
    assert "¥3,000.00" in response.text


def test_starting_an_application_asks_to_log_in_first(client, site_home):
    response = client.get("/members/join/organization/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "next=/members/join/organization/" in response.url


def test_draft_is_saved_with_little_and_can_be_resumed(client, applicant, site_home):
    response = client.post(
        "/members/join/organization/",
        {"organization_name": "半成品环卫公司", "save": "1"},
    )
    application = MembershipApplication.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("members:application", args=[application.pk])
    assert application.status == MembershipApplication.Status.DRAFT
    assert application.applicant == applicant
    # Coming back to "join" resumes the same draft instead of starting another.
    response = client.get("/members/join/organization/")
    assert response.url == reverse("members:application", args=[application.pk])
    page = client.get(response.url)
    assert "半成品环卫公司" in page.text


def test_submitting_an_incomplete_application_keeps_the_input_and_names_the_fields(
    client, applicant, site_home
):
    data = organization_data(credit_code="", address="")
    response = client.post("/members/join/organization/", {**data, "submit": "1"})
    assert response.status_code == 200
    assert "苏州市洁净环境服务有限公司" in response.text  # what was typed stays
    form = response.context["form"]
    assert "credit_code" in form.errors
    assert "licence" in form.errors
    assert not MembershipApplication.objects.exists()


def test_wrong_credit_code_is_refused_with_a_clear_message(client, applicant, site_home):
    code = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    response = client.post(
        "/members/join/organization/",
        {**organization_data(credit_code=code), "save": "1"},
    )
    assert response.status_code == 200
    assert "check character" in response.text or "校验" in response.text
    assert code in response.text


def test_licence_must_be_a_pdf_or_image_by_content(client, applicant, site_home):
    fake = pdf_upload("licence.pdf")
    fake.file.write(EXE)
    fake.file.seek(0)
    fake.file.truncate()
    fake.file.write(EXE)
    fake.file.seek(0)
    response = client.post(
        "/members/join/organization/",
        {**organization_data(), "licence": fake, "submit": "1"},
    )
    assert response.status_code == 200
    assert "licence" in response.context["form"].errors
    assert not MembershipApplication.objects.exists()


def test_licence_size_is_limited(client, applicant, site_home, settings):
    settings.PRIVATE_UPLOAD_MAX_SIZE = 10
    response = client.post(
        "/members/join/organization/",
        {**organization_data(), "licence": pdf_upload(), "submit": "1"},
    )
    assert response.status_code == 200
    assert "licence" in response.context["form"].errors


def submit_organization(client):
    with committed():
        response = client.post(
            "/members/join/organization/",
            {
                **organization_data(),
                "licence": pdf_upload("../../etc/营业 执照.pdf"),
                "submit": "1",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    return MembershipApplication.objects.get()


def test_submit_numbers_the_application_emails_the_applicant_and_queues_it(
    client, applicant, site_home
):
    application = submit_organization(client)
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert application.number.startswith("RH")
    assert application.invoice_title == "苏州市洁净环境服务有限公司"
    assert application.invoice_tax_number == CODE
    # Private storage, sanitized name, extension from the content.
    assert application.licence.name.startswith("licences/")
    assert ".." not in application.licence.name and " " not in application.licence.name
    assert application.licence.name.endswith(".pdf")
    assert application.licence_name == "../../etc/营业 执照.pdf" or application.licence_name
    change = application.status_history().get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "draft",
        "submitted",
        applicant,
    )
    assert len(mail.outbox) == 1
    assert application.number in mail.outbox[0].subject
    assert set(mail.outbox[0].to) == {"applicant@example.com", "li@example.com"}
    # Submitted applications are no longer editable by the applicant.
    client.post(
        reverse("members:application", args=[application.pk]),
        {**organization_data(organization_name="改名"), "save": "1"},
    )
    application.refresh_from_db()
    assert application.organization_name == "苏州市洁净环境服务有限公司"


def test_staff_queue_lists_submitted_applications(client, applicant, staff, site_home):
    application = submit_organization(client)
    client.force_login(staff)
    url = reverse("membership_applications:index")
    response = client.get(url, {"status": "submitted"})
    assert response.status_code == 200
    assert application.number in response.text
    inspect = client.get(reverse("membership_applications:inspect", args=[application.pk]))
    assert inspect.status_code == 200
    assert reverse("membership_applications:approve", args=[application.pk]) in inspect.text


def test_return_and_resubmit(client, applicant, staff, site_home):
    application = submit_organization(client)
    client.force_login(staff)
    url = reverse("membership_applications:return", args=[application.pk])
    # A return without a reason is refused, with the form shown again.
    assert client.post(url, {"reason": ""}).status_code == 200
    with committed():
        response = client.post(url, {"reason": "请补充上传加盖公章的营业执照副本。"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.RETURNED
    assert "营业执照副本" in mail.outbox[-1].body

    client.force_login(applicant)
    page = client.get(reverse("members:application", args=[application.pk]))
    assert "营业执照副本" in page.text
    response = client.post(
        reverse("members:application", args=[application.pk]),
        {**organization_data(address="苏州市姑苏区人民路200号"), "submit": "1"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert application.address.endswith("200号")
    assert [c.to_status for c in application.status_history().order_by("changed_at", "pk")] == [
        "submitted",
        "returned",
        "submitted",
    ]


def test_reject_requires_a_reason_and_is_final(client, applicant, staff, site_home):
    application = submit_organization(client)
    client.force_login(staff)
    client.post(reverse("membership_applications:review", args=[application.pk]))
    response = client.post(
        reverse("membership_applications:reject", args=[application.pk]),
        {"reason": "不属于环卫行业单位。"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    # Approving a rejected application is refused with a message, not a 500.
    response = client.post(
        reverse("membership_applications:approve", args=[application.pk]),
        {"tier": "member"},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED


def test_approval_creates_everything_in_one_go(client, applicant, staff, site_home):
    fee_schedule(timezone.localdate().year)
    application = submit_organization(client)
    client.force_login(staff)
    mail.outbox.clear()
    with committed():
        response = client.post(
            reverse("membership_applications:approve", args=[application.pk]),
            {"tier": "director", "reason": "理事会审议通过"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    organization = Organization.objects.get(credit_code=CODE)
    membership = organization.membership
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.membership == membership
    assert membership.status == Membership.Status.ACTIVE
    assert membership.tier == Membership.Tier.DIRECTOR
    assert membership.number.startswith("D")
    contact = OrganizationContact.objects.get(organization=organization, user=applicant)
    assert contact.role == OrganizationContact.Role.ADMIN
    assert set(applicant.groups.values_list("name", flat=True)) >= {
        roles.MEMBER_CONTACTS,
        roles.MEMBERS,
    }
    invoice = Invoice.objects.get(membership=membership)
    assert invoice.kind == Invoice.Kind.JOINING
    assert invoice.title == organization.name and invoice.tax_number == CODE
    assert len(mail.outbox) == 1
    assert membership.number in mail.outbox[0].subject
    assert invoice.number in mail.outbox[0].body
    # The new member finds it all in the portal.
    client.force_login(applicant)
    portal = client.get(reverse("member_portal:membership"))
    assert membership.number in portal.text


def test_approval_without_a_fee_schedule_changes_nothing(client, applicant, staff, site_home):
    application = submit_organization(client)
    client.force_login(staff)
    response = client.post(
        reverse("membership_applications:approve", args=[application.pk]),
        {"tier": "member"},
    )
    assert response.status_code == 200  # the form again, with the reason
    assert "fee schedule" in response.text or "会费标准" in response.text
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert not Organization.objects.filter(credit_code=CODE).exists()
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("joined_on", "expected"),
    [(datetime.date(2026, 6, 30), "3000.00"), (datetime.date(2026, 7, 1), "1500.00")],
)
def test_members_joining_after_1_july_pay_half_the_first_year(
    applicant, staff, joined_on, expected
):
    fee_schedule(2026)
    application = services.new_application(applicant, MembershipApplication.Kind.ORGANIZATION)
    for key, value in organization_data().items():
        if key not in ("accepts_charter",):
            setattr(application, key, value)
    application.accepts_charter = True
    application.invoice_title = application.organization_name
    application.invoice_tax_number = CODE
    application.licence = pdf_upload()
    services.save_application(application, user=applicant)
    services.submit_application(application, user=applicant)
    membership = services.approve_application(application, user=staff, today=joined_on)
    assert str(membership.invoices.get().amount) == expected


def test_half_price_date_is_configurable(applicant, staff):
    from members.models import MembershipSettings

    fee_schedule(2026)
    config = MembershipSettings.load()
    config.half_price_from_month = 10
    config.save()
    assert services.first_year_amount("member", datetime.date(2026, 9, 1)) == 3000
    assert services.first_year_amount("member", datetime.date(2026, 10, 1)) == 1500


def test_individual_application_makes_an_individual_member(client, applicant, staff, site_home):
    fee_schedule(timezone.localdate().year)
    data = {
        "person_name": "周志强",
        "employer": "某市环境卫生管理处",
        "job_title": "副处长",
        "professional_title": "senior",
        "province": "11",
        "contact_phone": "13900001111",
        "contact_email": "zhou@example.com",
        "accepts_charter": "on",
        "submit": "1",
    }
    response = client.post("/members/join/individual/", data)
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.SUBMITTED
    membership = services.approve_application(application, user=staff)
    assert membership.tier == Membership.Tier.INDIVIDUAL
    assert membership.number.startswith("G")
    assert membership.person.user == applicant
    assert membership.person.employer_name == "某市环境卫生管理处"
    assert membership.invoices.get().amount == 300 or membership.invoices.get().amount == 150
    assert applicant.groups.filter(name=roles.MEMBERS).exists()


def test_an_existing_member_cannot_apply_again(client, applicant, site_home):
    from tests.members.factories import MembershipFactory

    MembershipFactory(organization=OrganizationFactory(credit_code=CODE))
    client.post(
        "/members/join/organization/",
        {**organization_data(), "licence": pdf_upload(), "submit": "1"},
    )
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.DRAFT  # saved, not submitted
    with pytest.raises(MembershipError):
        services.submit_application(application, user=applicant)


def test_another_user_cannot_see_or_edit_the_application(client, applicant, site_home):
    application = submit_organization(client)
    other = UserFactory()
    client.force_login(other)
    assert client.get(reverse("members:application", args=[application.pk])).status_code == 404
    assert (
        client.get(reverse("members:application_licence", args=[application.pk])).status_code == 404
    )


def test_admin_queue_listing_has_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    def make(n):
        for i in range(n):
            user = UserFactory()
            MembershipApplication.objects.create(
                kind="organization",
                applicant=user,
                organization_name=f"排队单位{i}",
                status="submitted",
                number=f"RH2026{MembershipApplication.objects.count() + 1:04d}",
            )

    make(2)
    client.force_login(staff)
    url = reverse("membership_applications:index")
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    make(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
