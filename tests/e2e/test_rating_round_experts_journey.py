"""A credit-rating round as the secretariat runs it with real experts: a panel of three is
drawn at random with a conflicted expert left out; one expert has no account and is invited
by email, accepts, sets a password and scores; another scores on paper and staff enter the
signed sheet with its scan; an objection is upheld, the review reopens with its reason shown
to the expert; staff write the panel's reasoning and advice and approve. The applicant then reads
the score per dimension, the reasoning and the advice and downloads the result letter; a year
on the annual check material is submitted from the portal, staff keep the certificate, and the
public register and verification show it valid."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from certification.models import (
    AnnualCheck,
    AnnualCheckSubmission,
    Application,
    Certificate,
    PanelDraw,
    Review,
    Scheme,
)
from members.models import ExpertConflict, ExpertiseField
from tests.certification.factories import advance, contact_of, member_organization, open_round
from tests.factories import PASSWORD, UserFactory
from tests.files import pdf_bytes
from tests.members.factories import ExpertFactory, PersonFactory
from website.accounts.roles import CERTIFICATION_STAFF

from .helpers import link_in_last_email
from .test_certification_journey import act, fill_score_sheet, logged_in, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = pdf_bytes()
REASONING = "综合得分达到AA级标准，财务状况稳健，管理体系运行有效。"
ADVICE = "完善应收账款管理，缩短回款周期；提高智慧环卫平台对作业车辆的覆盖率。"


def zh_date(value) -> str:
    with translation.override("zh-hans"):
        return formats.date_format(value, "DATE_FORMAT")


@pytest.fixture
def round_setting(site_home):
    from django.contrib.auth.models import Group

    finance = ExpertiseField.objects.get_or_create(name="财务")[0]
    scheme = Scheme.objects.get(code="credit-rating")
    scheme.min_reviews = 3
    scheme.save()
    scheme.panel_fields.add(finance)
    today = timezone.localdate()
    round = open_round(scheme, name=f"{today.year}年度第二批")
    organization = member_organization(name="无锡城市环境服务有限公司")
    contact = contact_of(organization, user=UserFactory(email="contact@example.com"))
    staff = UserFactory(email="staff@example.com", is_staff=True)
    staff.groups.add(Group.objects.get(name=CERTIFICATION_STAFF))

    def expert(name, **person):
        made = ExpertFactory(person=PersonFactory(name=name, **person))
        made.fields.add(finance)
        return made

    online = expert("孙立新", user=UserFactory(email="sun@example.com"))
    invited = expert("周明", user=None, email="zhou@example.com")
    paper = expert("吴国平", user=None, email="")
    conflicted = expert("郑回避", user=UserFactory(email="zheng@example.com"))
    ExpertConflict.objects.create(
        expert=conflicted, organization=organization, reason="近两年为该公司提供财务咨询"
    )
    from certification import services

    application = services.create_application(round, organization, user=contact)
    application = advance(
        application, Application.Status.EXPERT_REVIEW, contact=contact, staff=staff
    )
    return {
        "application": application,
        "staff": staff,
        "online": online,
        "invited": invited,
        "paper": paper,
        "conflicted": conflicted,
    }


def test_a_rating_round_with_drawn_invited_and_paper_experts(
    browser, live_server, console_log, round_setting, settings
):
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    application = round_setting["application"]
    number = application.number
    process = f"/admin/certification/applications/process/{application.pk}/"

    # 1. Staff draw three experts at random; the conflicted expert is left out, with why.
    staff = logged_in(browser, live_server, console_log, "staff@example.com")
    staff.goto(process)
    candidates = staff.locator("table.candidates")
    for name in ("孙立新", "周明", "吴国平"):
        expect(candidates).to_contain_text(name)
    expect(candidates.locator("tr", has_text="周明")).to_contain_text("无账户")
    expect(candidates).not_to_contain_text("郑回避")
    staff.locator("#id_draw_size").fill("3")
    staff.locator("#id_draw_reserves").fill("0")
    act(staff, "draw_panel")
    draw = PanelDraw.objects.get(application=application)
    record = staff.locator(".panel-draw")
    expect(record).to_contain_text(str(draw.seed))
    expect(record.locator(".draw-excluded")).to_contain_text("郑回避")
    expect(record.locator(".draw-excluded")).to_contain_text("利益冲突")
    assert {r.expert_id for r in Review.objects.filter(application=application)} == {
        round_setting[key].pk for key in ("online", "invited", "paper")
    }

    # 2. The expert without an account reads the invitation, accepts, sets a password, scores.
    link = link_in_last_email("zhou@example.com", "/experts/invitation/")
    invited = new_page(browser, live_server, console_log)
    invited.goto(link)
    expect(invited.locator("h1")).to_contain_text("专家邀请")
    invited.locator("input[name=new_password1]").fill(PASSWORD)
    invited.locator("input[name=new_password2]").fill(PASSWORD)
    invited.get_by_role("button", name="开通账户").click()
    expect(invited.locator(".messages")).to_contain_text("专家账户已开通")
    invited.get_by_label("本人与申报单位不存在利益冲突。").check()
    invited.get_by_role("button", name="确认").click()
    fill_score_sheet(invited, 0.85)
    invited.locator("textarea[name=opinion]").fill("财务指标稳健，建议加强应收账款管理。")
    invited.get_by_role("button", name="提交评审（提交后不可修改）").click()
    expect(invited.locator(".messages")).to_contain_text("评审已提交")

    # 3. The expert with an account scores online.
    online = logged_in(browser, live_server, console_log, "sun@example.com")
    online.goto("/certification/reviews/")
    online.get_by_role("link", name=number).click()
    online.get_by_label("本人与申报单位不存在利益冲突。").check()
    online.get_by_role("button", name="确认").click()
    fill_score_sheet(online, 0.8)
    online.locator("textarea[name=opinion]").fill("管理体系健全。")
    online.get_by_role("button", name="提交评审（提交后不可修改）").click()
    expect(online.locator(".messages")).to_contain_text("评审已提交")

    # 4. The third expert scored on paper: staff enter the signed sheet and attach its scan.
    staff.reload()
    staff.locator("table.listing tr", has_text="吴国平").get_by_role(
        "link", name="录入纸质评分表"
    ).click()
    fill_score_sheet(staff, 0.9)
    staff.locator("textarea[name=opinion]").fill("纸质评分表：社会信用记录良好。")
    staff.locator("input[name=sheet]").set_input_files(
        {"name": "吴国平评分表.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    staff.get_by_role("button", name="录入并提交评审").click()
    expect(staff).to_have_url(re.compile(re.escape(process) + "$"))
    paper_row = staff.locator("table.listing tr", has_text="吴国平").first
    expect(paper_row).to_contain_text("代录")
    expect(paper_row.get_by_role("link", name=re.compile(r"评分表.*\.pdf"))).to_be_visible()
    paper_review = Review.objects.get(expert=round_setting["paper"])
    assert paper_review.entered_by == round_setting["staff"] and paper_review.paper_sheet

    # 5. The panel decides; publicity from yesterday.
    act(staff, "close_review")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    staff.locator("#id_starts_on").fill(yesterday.isoformat())
    act(staff, "start_publicity")

    # 6. Someone objects in public; staff uphold the objection.
    visitor = new_page(browser, live_server, console_log)
    visitor.goto(f"/certification/publicity/{number}/objection/")
    visitor.locator("input[name=name]").fill("李建军")
    visitor.locator("input[name=organization]").fill("无锡某保洁公司")
    visitor.locator("input[name=phone]").fill("13912345678")
    grounds = "该公司2025年发生一起环卫车辆安全事故，申报材料未如实说明。"
    visitor.locator("textarea[name=grounds]").fill(grounds)
    visitor.locator("form.form button[type=submit]").click()
    expect(visitor.locator("main")).to_contain_text("异议")
    staff.reload()
    outcome = "经核实事故属实，退回专家重新评审社会信用指标。"
    staff.locator("textarea[name=outcome]").fill(outcome)
    staff.locator("input[name=decision][value=upheld]").check()
    act(staff, "resolve_objection")
    expect(staff.locator("main")).to_contain_text("此前公示")

    # 7. Staff reopen the online expert's review with a reason; the email states it.
    reason = "请结合异议核实5.x社会信用指标的得分。"
    online_review = Review.objects.get(expert=round_setting["online"])
    form = staff.locator(
        f"form:has(input[name=action][value=reopen_review]):has(input[name=review][value='{online_review.pk}'])"
    )
    form.locator("input[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()
    expect(staff.locator(".messages").first).to_be_visible()
    message = [m for m in mail.outbox if "sun@example.com" in m.to][-1]
    assert reason in message.body and grounds in message.body and outcome in message.body

    # 8. The expert sees the reason, the objection and the decision, and scores again.
    online.goto("/certification/reviews/")
    expect(online.locator("main")).to_contain_text(reason)
    online.get_by_role("link", name=number).click()
    reopened = online.locator(".reopened")
    expect(reopened).to_contain_text(reason)
    expect(reopened).to_contain_text(grounds)
    expect(reopened).to_contain_text(outcome)
    fill_score_sheet(online, 0.75)
    online.get_by_role("button", name="提交评审（提交后不可修改）").click()
    expect(online.locator(".messages")).to_contain_text("评审已提交")

    # 9. A new decision and a new publicity window, shown as such; then approval.
    staff.reload()
    act(staff, "close_review")
    act(staff, "start_publicity")
    window = staff.locator(".publicity-window")
    expect(window).to_contain_text(zh_date(timezone.localdate()))
    expect(window).not_to_contain_text(zh_date(yesterday))
    today = timezone.localdate()
    Application.objects.filter(pk=application.pk).update(
        publicity_starts_on=today - datetime.timedelta(days=12),
        publicity_ends_on=today - datetime.timedelta(days=3),
    )
    # 10. Staff write the panel's reasoning and the consolidated advice for the applicant
    # (drafted from the experts' opinions) on the processing page, then approve.
    staff.reload()
    consolidation = staff.locator("#result-for-applicant")
    expect(consolidation.locator("textarea[name=advice]")).to_contain_text("应收账款")
    consolidation.locator("textarea[name=reasoning]").fill(REASONING)
    consolidation.locator("textarea[name=advice]").fill(ADVICE)
    act(staff, "consolidate_result")
    expect(staff.locator(".messages").first).to_contain_text("评定理由和改进建议已保存")
    staff.reload()  # clears the message, so that approving waits for its own
    act(staff, "approve")
    certificate = Certificate.objects.get(application=application)
    expect(staff.locator("main")).to_contain_text(certificate.number)
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED

    # 11. The applicant reads the score per dimension, the reasoning and the advice, and
    # downloads the result letter.
    member = logged_in(browser, live_server, console_log, "contact@example.com")
    member.goto("/certification/my/")
    member.get_by_role("link", name=number).click()
    result = member.locator("#result")
    expect(result).to_contain_text("财务状况")
    expect(result).to_contain_text("综合素质")
    expect(result).to_contain_text(REASONING)
    expect(result).to_contain_text("改进建议")
    expect(result).to_contain_text(ADVICE)
    letter = result.get_by_role("link", name="下载评价结果通知书（PDF）")
    response = member.request.get(letter.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # 12. A year on. The clock cannot move in a live server, so the certificate's first annual
    # check is moved through the ORM to fall due in three weeks (its submission window open).
    check = certificate.annual_checks.order_by("sequence").first()
    AnnualCheck.objects.filter(pk=check.pk).update(
        due_on=timezone.localdate() + datetime.timedelta(days=21)
    )

    # 13. The annual check material is submitted from the portal, with the statements file;
    # a slip is refused with what was typed kept.
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
    statements = {"name": "年度财务报表.pdf", "mimeType": "application/pdf", "buffer": PDF}
    member.locator("input[name=statements]").set_input_files(statements)
    member.get_by_role("button", name="提交年审材料").click()
    expect(member.locator(".messages")).to_contain_text("不能为负数")
    expect(member.locator("textarea[name=changes]")).to_have_value("本年度无重大变更。")
    member.locator("input[name=total_assets]").fill("21000")
    member.locator("input[name=statements]").set_input_files(statements)
    member.get_by_role("button", name="提交年审材料").click()
    expect(member.locator(".messages")).to_contain_text("年审材料已提交秘书处")
    submission = AnnualCheckSubmission.objects.get()

    # 14. Staff review it in the back office and keep the certificate.
    staff.goto(f"/admin/certification/annual-material/inspect/{submission.pk}/")
    expect(staff.locator("main")).to_contain_text("年度财务报表.pdf")
    staff.get_by_role("link", name="审核年审").first.click()
    staff.locator("select[name=outcome]").select_option("keep")
    staff.locator("textarea[name=reason]").fill("财务状况稳定，未发现失信记录，维持原等级。")
    staff.locator("main form button[type=submit]").first.click()
    expect(staff.locator(".messages, [data-w-messages], .w-messages").first).to_contain_text(
        "年审结论已记录"
    )
    check.refresh_from_db()
    assert check.outcome == "keep" and check.state.done

    # 15. The public register and the verification page show the certificate valid.
    visitor.goto("/certification/register/credit-rating/")
    expect(visitor.locator("main")).to_contain_text(certificate.number)
    visitor.goto(f"/certification/verify/{certificate.number}/")
    expect(visitor.locator("main")).to_contain_text("有效")

    assert console_log.errors == []
