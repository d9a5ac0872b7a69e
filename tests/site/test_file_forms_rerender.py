"""Every form with a file field, re-shown after a mistake elsewhere: the error is shown, what
was typed is kept, and the chosen file is asked for again by name (a browser never re-sends
a file) with a translated message, never a 5xx.

To cover a new upload form, add a row to CASES: a function that logs a user in, builds what
the form needs and returns the Post to send (one invalid field, one valid file)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from tests.factories import UserFactory
from website.accounts import roles

pytestmark = pytest.mark.django_db

ASKED_AGAIN = "请重新选择文件"  # the start of the message, in the default language


@dataclass
class Post:
    url: str
    data: dict
    file_field: str
    file: SimpleUploadedFile
    invalid: str  # the field with the mistake
    kept: str | None = None  # typed text that must come back
    shows: list[str] = field(default_factory=list)  # more text the re-shown page must have


def pdf(name: str) -> SimpleUploadedFile:
    """A real one-page PDF (uploads are checked by parsing them)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Licence")
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 107, 61)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def wrong_check_character(code: str) -> str:
    return code[:-1] + ("0" if code[-1] != "0" else "1")


def logged_in(client, user=None):
    user = user or UserFactory()
    client.force_login(user)
    return user


# Members --------------------------------------------------------------------------------------


def organization_application(**overrides) -> dict:
    from tests.members.factories import make_credit_code

    data = {
        "tier": "member",
        "organization_name": "苏州市洁净环境服务有限公司",
        "short_name": "苏州洁净",
        "credit_code": make_credit_code(515151, region="320500"),
        "organization_kind": "enterprise",
        "legal_representative": "陈建国",
        "province": "32",
        "city": "苏州市",
        "address": "苏州市姑苏区人民路100号",
        "contact_name": "李晓明",
        "contact_job_title": "办公室主任",
        "contact_phone": "13812345678",
        "contact_email": "li@example.com",
        "accepts_charter": "on",
        "submit": "1",
    }
    data.update(overrides)
    return data


def join_organization(client) -> Post:
    logged_in(client)
    data = organization_application()
    data["credit_code"] = wrong_check_character(data["credit_code"])
    return Post(
        "/members/join/organization/",
        data,
        "licence",
        pdf("营业执照.pdf"),
        invalid="credit_code",
        kept="苏州市姑苏区人民路100号",
    )


def join_organization_draft_with_a_licence(client) -> Post:
    """A saved draft already holds a licence: the page links the stored one, not the new."""
    from members import services
    from members.models import MembershipApplication

    user = logged_in(client)
    application = services.new_application(user, MembershipApplication.Kind.ORGANIZATION)
    application.organization_name = "苏州市洁净环境服务有限公司"
    application.licence = pdf("stored.pdf")
    application.licence_name = "原营业执照.pdf"
    services.save_application(application, user=user)
    data = organization_application(contact_phone="电话")
    return Post(
        reverse("members:application", args=[application.pk]),
        data,
        "licence",
        pdf("新营业执照.pdf"),
        invalid="contact_phone",
        kept="苏州市姑苏区人民路100号",
        shows=[reverse("members:application_licence", args=[application.pk]), "原营业执照.pdf"],
    )


def join_individual(client) -> Post:
    logged_in(client)
    data = {
        "person_name": "周志强",
        "employer": "某市环境卫生管理处",
        "job_title": "副处长",
        "professional_title": "senior",
        "province": "11",
        "contact_phone": "13900001111",
        "contact_email": "not an email",
        "accepts_charter": "on",
        "submit": "1",
    }
    return Post(
        "/members/join/individual/",
        data,
        "licence",
        pdf("职称证书.pdf"),
        invalid="contact_email",
        kept="某市环境卫生管理处",
    )


def profile_change_request(client) -> Post:
    from tests.members.helpers import member_organization

    organization, _membership, admin = member_organization()
    logged_in(client, admin)
    return Post(
        reverse("member_portal:change_request", args=[organization.pk]),
        {
            "name": "苏州市新洁净环境集团有限公司",
            "credit_code": wrong_check_character(organization.credit_code),
            "legal_representative": organization.legal_representative,
            "reason": "单位于2026年5月1日更名",
        },
        "document",
        pdf("核准变更登记通知书.pdf"),
        invalid="credit_code",
        kept="单位于2026年5月1日更名",
    )


def dues_payment_proof(client) -> Post:
    from members import services
    from members.models import Invoice
    from tests.members.helpers import fee_schedule, member_organization

    _organization, membership, admin = member_organization()
    year = timezone.localdate().year
    fee_schedule(year)
    invoice = services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=year)
    logged_in(client, admin)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return Post(
        reverse("member_portal:invoice", args=[invoice.pk]),
        {"amount": "3000", "paid_on": tomorrow.isoformat(), "reference": "HX20261203001"},
        "file",
        pdf("转账回单.pdf"),
        invalid="paid_on",
        kept="HX20261203001",
    )


def membership_staff(client):
    roles.sync_roles()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    return logged_in(client, user)


def members_import(client) -> Post:
    membership_staff(client)
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    workbook = SimpleUploadedFile(
        "会员单位.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return Post("/admin/members/import/", {"kind": "nonsense"}, "file", workbook, invalid="kind")


def organization_logo_in_the_back_office(client) -> Post:
    from tests.members.factories import OrganizationFactory

    membership_staff(client)
    organization = OrganizationFactory(legal_representative="陈建国", address="人民路1号")
    return Post(
        f"/admin/members/organizations/edit/{organization.pk}/",
        {
            "name": organization.name,
            "short_name": "洁净",
            "credit_code": wrong_check_character(organization.credit_code),
            "kind": "enterprise",
            "size": "",
            "legal_representative": "陈建国",
            "founded_on": "",
            "province": organization.province,
            "city": organization.city,
            "address": "苏州市姑苏区人民路200号",
            "postcode": "",
            "phone": "",
            "website": "",
            "profile": "",
        },
        "logo",
        png("标志.png"),
        invalid="credit_code",
        kept="苏州市姑苏区人民路200号",
    )


# Certification --------------------------------------------------------------------------------


def certification_evidence(client) -> Post:
    from certification import services
    from certification.models import Scheme
    from tests.certification.factories import contact_of, member_organization, open_round

    organization = member_organization(name="深圳市绿色环卫服务有限公司")
    contact = logged_in(client, contact_of(organization))
    round = open_round(Scheme.objects.get(code="credit-rating"))
    application = services.create_application(round, organization, user=contact)
    return Post(
        reverse("certification:attachment_upload", args=[application.number]),
        {"requirement": "999999", "criterion": "", "description": "2025年度审计报告（盖章）"},
        "file",
        pdf("审计报告.pdf"),
        invalid="requirement",
        kept="2025年度审计报告（盖章）",
    )


def award_document(client) -> Post:
    from tests.certification.award_factories import (
        award_round,
        award_scheme,
        nominate,
        recommending_unit,
    )
    from tests.certification.factories import contact_of, member_organization

    organization = member_organization(name="深圳市绿色环卫服务有限公司")
    contact = logged_in(client, contact_of(organization))
    round = award_round(award_scheme())
    application = nominate(round, organization, contact, recommending_unit()[0])
    return Post(
        reverse("certification:attachment_upload", args=[application.number]),
        {"requirement": "999999", "criterion": "", "description": "科技查新报告"},
        "file",
        pdf("查新报告.pdf"),
        invalid="requirement",
        kept="科技查新报告",
        shows=["生活垃圾焚烧烟气超低排放关键技术研究与应用"],  # the project's own page
    )


# Events ---------------------------------------------------------------------------------------


def event_payment_proof(client) -> Post:
    from tests.events.factories import make_event, member_contact, place

    event = make_event()
    user, organization = member_contact()
    order = place(event, user, organization=organization)
    logged_in(client, user)
    return Post(
        reverse("events:order_proof", args=[order.code]),
        {"note": "已转账，" * 60},
        "file",
        pdf("转账凭证.pdf"),
        invalid="note",
        shows=[order.code],
    )


def exhibitor_catalogue_logo(client) -> Post:
    from events import services
    from tests.events.factories import events_staff, make_booths, make_event, member_contact

    event = make_event()
    booths = make_booths(event)  # opens the expo for applications
    user, organization = member_contact()
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
        ),
    )
    services.allocate_booth(application, booths[0], user=events_staff())
    logged_in(client, user)
    return Post(
        reverse("events:exhibitor", args=[application.pk]),
        {"form": "catalogue", "catalogue_text": "专业生产新能源环卫车辆", "website": "不是网址"},
        "logo",
        png("logo.png"),
        invalid="website",
        kept="专业生产新能源环卫车辆",
    )


# Publications ---------------------------------------------------------------------------------


def member_news(client) -> Post:
    from wagtail.models import Site

    from publications.models import NewsSection
    from publications.services import assign_editorial_workflow
    from tests.members.factories import ContactFactory, MembershipFactory
    from tests.publications.factories import news_centre
    from website.core.demo import ensure_home
    from website.core.models import SiteSettings

    home = ensure_home()
    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assign_editorial_workflow(news_centre(home)[NewsSection.MEMBERS])
    contact = ContactFactory(organization=MembershipFactory().organization)
    logged_in(client, contact.user)
    return Post(
        reverse("publications:submission_create"),
        {"title": "", "text": "我公司厨余垃圾处理项目投入试运行。"},
        "images",
        png("现场照片.png"),
        invalid="title",
        kept="我公司厨余垃圾处理项目投入试运行。",
    )


CASES: list[Callable] = [
    join_organization,
    join_organization_draft_with_a_licence,
    join_individual,
    profile_change_request,
    dues_payment_proof,
    members_import,
    organization_logo_in_the_back_office,
    certification_evidence,
    award_document,
    event_payment_proof,
    exhibitor_catalogue_logo,
    member_news,
]


def forms_in(response) -> list[BaseForm]:
    contexts = response.context if isinstance(response.context, list) else [response.context]
    return [
        value
        for context in contexts
        for value in context.flatten().values()
        if isinstance(value, BaseForm)
    ]


@pytest.mark.parametrize("arrange", CASES, ids=[case.__name__ for case in CASES])
def test_a_file_form_comes_back_with_the_error_the_input_and_the_file_asked_again(
    client, site_home, arrange
):
    post = arrange(client)
    response = client.post(post.url, {**post.data, post.file_field: post.file})

    assert response.status_code == 200, f"{post.url} answered {response.status_code}"
    html = response.content.decode()
    form = next((form for form in forms_in(response) if post.invalid in form.errors), None)
    assert form is not None, f"no form came back with an error on {post.invalid!r}"
    for error in form.errors[post.invalid]:
        assert escape(error) in html, f"the error {error!r} is not shown"
    if post.kept:
        assert escape(post.kept) in html, "what was typed is lost"
    asked_again = " ".join(form.errors.get(post.file_field, []))
    assert ASKED_AGAIN in asked_again and post.file.name in asked_again
    assert escape(asked_again) in html or all(
        escape(error) in html for error in form.errors[post.file_field]
    )
    for text in post.shows:
        assert escape(text) in html
