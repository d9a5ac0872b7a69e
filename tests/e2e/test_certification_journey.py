"""The credit-rating journey in a browser: a member applies, staff run the formal review, an
expert scores, the result goes to publicity, staff approve, the member downloads the
certificate and a visitor verifies it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.models import Application, Certificate, Scheme
from members.models import Membership
from tests.certification.factories import open_round
from tests.factories import PASSWORD, UserFactory
from tests.files import pdf_bytes
from tests.members.factories import (
    ContactFactory,
    ExpertFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from website.accounts.roles import CERTIFICATION_STAFF

from .browser import every
from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = pdf_bytes()


def new_page(browser, live_server, console_log):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    context.on("page", console_log.watch)
    return context.new_page()


def logged_in(browser, live_server, console_log, email):
    page = new_page(browser, live_server, console_log)
    page.goto("/auth/login/")
    log_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/$"))
    return page


def fill_score_sheet(page, share: float) -> None:
    # Fill only once the sheet is on the page: a click that is still loading would otherwise
    # leave nothing to fill, and an empty sheet would be posted.
    page.locator("input[name^=score_], select[name^=score_]").first.wait_for()
    for field in page.locator("tr.criterion--indicator input[name^=score_]").all():
        top = float(field.get_attribute("max"))
        field.fill(str(round(top * share * 2) / 2))
    for field in page.locator("tr.criterion--deduction input[name^=score_]").all():
        field.fill("0")
    for field in page.locator("select[name^=score_]").all():
        field.select_option("0")


FIGURES = {
    "revenue": "10000",
    "profit": "800",
    "total_assets": "20000",
    "total_liabilities": "11000",
    "current_assets": "9000",
    "current_liabilities": "6000",
}


def fill_financials(page) -> None:
    """Three years of figures from the audited statements (the ratios for 2.1–2.4)."""
    page.get_by_role("link", name="填写财务数据").click()
    for field, value in FIGURES.items():
        for box in every(page.locator(f"input[name^={field}_]")):
            box.fill(value)
    page.get_by_role("button", name="保存财务数据").click()
    expect(page.locator(".messages")).to_contain_text("财务数据已保存")


def act(page, action: str) -> None:
    page.locator(
        f"button[name=action][value={action}], form:has(input[name=action][value={action}]) button[type=submit]"
    ).first.click()
    expect(page.locator(".messages, [data-w-messages], .w-messages").first).to_be_visible()


@pytest.fixture
def setting(site_home):
    from django.contrib.auth.models import Group

    scheme = Scheme.objects.get(code="credit-rating")
    scheme.min_reviews = 1
    scheme.save()
    round = open_round(scheme)
    organization = OrganizationFactory(
        name="苏州洁净城市服务有限公司", founded_on=datetime.date(2012, 4, 1)
    )
    MembershipFactory(organization=organization, status=Membership.Status.ACTIVE)
    member = ContactFactory(
        organization=organization, user=UserFactory(email="contact@example.com")
    ).user
    staff = UserFactory(email="staff@example.com", is_staff=True)
    staff.groups.add(Group.objects.get(name=CERTIFICATION_STAFF))
    expert = ExpertFactory(
        person=PersonFactory(name="孙立新", user=UserFactory(email="expert@example.com"))
    )
    return {
        "round": round,
        "organization": organization,
        "member": member,
        "staff": staff,
        "expert": expert,
    }


def test_credit_rating_from_application_to_verification(
    browser, live_server, console_log, setting, mailoutbox
):
    organization = setting["organization"]

    # 1. The member contact applies in the portal.
    member = logged_in(browser, live_server, console_log, "contact@example.com")
    member.goto("/certification/my/")
    member.get_by_role("link", name="申报", exact=True).click()
    member.get_by_role("button", name="开始申报").click()
    expect(member.locator("h1")).to_contain_text(organization.name)
    number = Application.objects.get(organization=organization).number

    member.get_by_role("link", name="填写申报信息").click()
    member.locator("input[name=contact_phone]").fill("0512-6888 1234")
    member.locator("input[name=accounting_years]").fill("8")
    member.locator("textarea[name=summary]").fill(
        "公司承担苏州市区道路清扫保洁和生活垃圾收运服务。"
    )
    member.locator("input[name=declaration]").check()
    member.get_by_role("button", name="保存").click()
    expect(member.locator(".messages")).to_contain_text("申报信息已保存")

    member.get_by_role("link", name="自评").click()
    fill_score_sheet(member, 0.9)
    member.get_by_role("button", name="保存自评").click()
    expect(member.locator(".messages")).to_contain_text("自评已保存")

    fill_financials(member)

    upload = member.locator("form.upload-form")
    for value in upload.locator("select[name=requirement] option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    ):
        upload.locator("select[name=requirement]").select_option(value)
        upload.locator("input[name=file]").set_input_files(
            {"name": f"材料{value}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        upload.get_by_role("button", name="上传").click()
        expect(member.locator(".messages")).to_contain_text("文件已上传")
    member.get_by_role("button", name="提交申报").click()
    expect(member.locator(".messages")).to_contain_text("申报已提交")
    expect(member.locator(".status")).to_contain_text("已提交")

    # 2. Staff run the formal review and assign an expert in the back office.
    staff = logged_in(browser, live_server, console_log, "staff@example.com")
    application = Application.objects.get(number=number)
    staff.goto(f"/admin/certification/applications/process/{application.pk}/")
    act(staff, "start_formal_review")
    for box in every(staff.locator("input[type=checkbox][name^=doc_]")):
        box.check()
    act(staff, "accept")
    staff.locator(f"input[name=expert][value='{setting['expert'].pk}']").check()
    act(staff, "assign")
    expect(staff.locator("main")).to_contain_text("孙立新")

    # 3. The expert declares no conflict and scores.
    expert = logged_in(browser, live_server, console_log, "expert@example.com")
    expert.goto("/certification/reviews/")
    expert.get_by_role("link", name=number).click()
    expert.get_by_label("本人与申报单位不存在利益冲突。").check()
    expert.get_by_role("button", name="确认").click()
    fill_score_sheet(expert, 0.85)
    expert.locator("textarea[name=opinion]").fill("管理体系健全，财务状况良好。")
    expert.get_by_role("button", name="提交评审（提交后不可修改）").click()
    expect(expert.locator(".messages")).to_contain_text("评审已提交")

    # 4. The panel decides; the result goes to publicity and the public sees it.
    staff.reload()
    act(staff, "close_review")
    expect(staff.locator("select[name=grade]")).to_have_value("AA")
    act(staff, "start_publicity")
    visitor = new_page(browser, live_server, console_log)
    visitor.goto("/certification/publicity/")
    expect(visitor.locator("main")).to_contain_text(organization.name)
    expect(visitor.locator("main")).to_contain_text("AA级")

    # 5. After the publicity period, staff approve and the certificate is issued.
    today = timezone.localdate()
    Application.objects.filter(number=number).update(
        publicity_starts_on=today - datetime.timedelta(days=12),
        publicity_ends_on=today - datetime.timedelta(days=3),
    )
    staff.reload()
    act(staff, "approve")
    certificate = Certificate.objects.get(application__number=number)
    expect(staff.locator("main")).to_contain_text(certificate.number)

    # 6. The member downloads the PDF.
    member.goto("/certification/my/")
    with member.expect_download() as download:
        member.get_by_role("link", name="下载 PDF").first.click()
    assert download.value.suggested_filename == f"{certificate.number}.pdf"

    # 7. Anyone verifies the number; a wrong number is clearly not found.
    visitor.goto("/certification/verify/")
    visitor.locator("input[name=number]").fill(certificate.number.lower())
    visitor.get_by_role("button", name="查验").click()
    expect(visitor).to_have_url(re.compile(rf"/certification/verify/{certificate.number}/$"))
    expect(visitor.locator(".verify-result")).to_contain_text("有效")
    expect(visitor.locator(".verify-result")).to_contain_text(organization.name)
    visitor.goto("/certification/verify/XY-1990-0001/")
    expect(visitor.locator("h1")).to_contain_text("未查询到该证书")

    assert [error for error in console_log.errors if "/verify/XY-1990-0001/" not in error] == []
