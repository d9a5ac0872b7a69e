"""What a rated enterprise gets back, in a browser: after an approved credit rating the member
reads the score per dimension, the reasoning and the advice, and downloads the result letter;
a first evaluation is refused while the certificate is valid; the next year's annual check is
submitted from the portal, reviewed by staff and kept, and the register shows the certificate
valid."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification import services
from certification.models import AnnualCheck, AnnualCheckSubmission, Application, Scheme
from certification.services import results
from tests.certification.factories import (
    advance,
    expert_with_account,
    member_organization,
    open_round,
    staff_member,
)
from tests.factories import PASSWORD, UserFactory
from tests.files import pdf_bytes
from tests.members.factories import ContactFactory

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

S = Application.Status
ADVICE = "完善应收账款管理，缩短回款周期；提高智慧环卫平台对作业车辆的覆盖率。"


def logged_in(browser, live_server, console_log, email):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    context.on("page", console_log.watch)
    page = context.new_page()
    page.goto("/auth/login/")
    log_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/$"))
    return page


@pytest.fixture
def rated(site_home):
    """An approved credit rating of 无锡市洁城环境服务有限公司 with the panel's advice."""
    scheme = Scheme.objects.get(code="credit-rating")
    scheme.min_reviews = 1
    scheme.save()
    round = open_round(scheme)
    organization = member_organization(name="无锡市洁城环境服务有限公司")
    member = ContactFactory(
        organization=organization, user=UserFactory(email="contact@example.com")
    ).user
    staff = staff_member(email="staff@example.com")
    application = services.create_application(round, organization, user=member)
    application = advance(
        application, S.PUBLICITY, contact=member, staff=staff, experts=[expert_with_account()]
    )
    results.consolidate_result(
        application,
        user=staff,
        reasoning="综合得分达到AA级标准，财务状况稳健，管理体系运行有效。",
        advice=ADVICE,
    )
    certificate = services.approve(application, user=staff)
    # A year on: the first annual check falls due in three weeks.
    check = certificate.annual_checks.order_by("sequence").first()
    AnnualCheck.objects.filter(pk=check.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=21)
    )
    return {
        "round": round,
        "application": application,
        "certificate": certificate,
        "check": check,
    }


def test_rated_enterprise_reads_its_result_and_passes_the_annual_check(
    browser, live_server, console_log, rated
):
    application = rated["application"]
    certificate = rated["certificate"]

    # 1. The member reads the result per dimension and the advice, and gets the letter.
    member = logged_in(browser, live_server, console_log, "contact@example.com")
    member.goto("/certification/my/")
    member.get_by_role("link", name=application.number).click()
    result = member.locator("#result")
    expect(result).to_contain_text("财务状况")
    expect(result).to_contain_text("综合素质")
    expect(result).to_contain_text("改进建议")
    expect(result).to_contain_text("完善应收账款管理")
    letter = result.get_by_role("link", name="下载评价结果通知书（PDF）")
    response = member.request.get(letter.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # 2. A first evaluation is refused while the certificate is valid.
    member.goto("/certification/my/")
    member.get_by_role("link", name="申报", exact=True).click()
    expect(member.locator("main")).to_contain_text(certificate.number)
    member.get_by_role("button", name="开始申报").click()
    expect(member.locator(".messages")).to_contain_text("复评")
    assert Application.objects.filter(organization=application.organization).count() == 1

    # 3. The annual check material is submitted from the portal.
    member.goto("/certification/my/")
    annual = member.locator("#annual-checks")
    expect(annual).to_contain_text(certificate.number)
    annual.get_by_role("link", name="提交年审材料").click()
    member.locator("input[name=revenue]").fill("12500")
    member.locator("input[name=profit]").fill("980")
    member.locator("input[name=total_assets]").fill("-21000")  # a slip, refused and kept
    member.locator("input[name=total_liabilities]").fill("11800")
    member.locator("textarea[name=changes]").fill("本年度无重大变更。")
    member.locator("textarea[name=incidents]").fill("无")
    statements = {"name": "年度财务报表.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    member.locator("input[name=statements]").set_input_files(statements)
    member.get_by_role("button", name="提交年审材料").click()
    expect(member.locator(".messages")).to_contain_text("不能为负数")
    expect(member.locator("textarea[name=changes]")).to_have_value("本年度无重大变更。")
    member.locator("input[name=total_assets]").fill("21000")
    member.locator("input[name=statements]").set_input_files(statements)
    member.get_by_role("button", name="提交年审材料").click()
    expect(member.locator(".messages")).to_contain_text("年审材料已提交秘书处")
    submission = AnnualCheckSubmission.objects.get()

    # 4. Staff review it in the back office and keep the certificate.
    staff = logged_in(browser, live_server, console_log, "staff@example.com")
    staff.goto(f"/admin/certification/annual-material/inspect/{submission.pk}/")
    expect(staff.locator("main")).to_contain_text("年度财务报表.pdf")
    staff.get_by_role("link", name="审核年审").first.click()
    staff.locator("select[name=outcome]").select_option("keep")
    staff.locator("textarea[name=reason]").fill("财务状况稳定，未发现失信记录，维持原等级。")
    staff.locator("main form button[type=submit]").first.click()
    expect(staff.locator(".messages, [data-w-messages], .w-messages").first).to_contain_text(
        "年审结论已记录"
    )
    check = AnnualCheck.objects.get(pk=rated["check"].pk)
    assert check.outcome == "keep" and check.state.done

    # 5. The public register and the verification page show the certificate valid.
    visitor = member.context.browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/certification/register/credit-rating/")
    expect(visitor.locator("main")).to_contain_text(certificate.number)
    visitor.goto(f"/certification/verify/{certificate.number}/")
    expect(visitor.locator("main")).to_contain_text("有效")
