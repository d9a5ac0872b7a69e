"""The science and technology award in a browser, from nomination to award: a member prepares
the nomination, its recommending unit confirms online, staff run the formal review and assign
a field panel, an expert scores blind and recommends a level, the committee votes, the public
sees the pre-award publicity, the awardee consents, staff confer the award, the member
downloads a completing person's certificate and a visitor verifies it and sees the winners."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.models import (
    Application,
    AwardPanel,
    Certificate,
    RecommendingUnit,
    Scheme,
)
from members.models import ExpertiseField, Membership
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


def act(page, action: str) -> None:
    page.locator(
        f"button[name=action][value={action}], form:has(input[name=action][value={action}]) button[type=submit]"
    ).first.click()
    expect(page.locator(".messages, [data-w-messages], .w-messages").first).to_be_visible()


@pytest.fixture
def setting(site_home):
    from django.contrib.auth.models import Group

    scheme = Scheme.objects.get(code="science-award")
    scheme.min_reviews = 1
    scheme.blind_review = True
    scheme.save()
    round = open_round(scheme)
    field = ExpertiseField.objects.get_or_create(name="垃圾焚烧")[0]
    organization = OrganizationFactory(
        name="苏州城市环境科技有限公司", founded_on=datetime.date(2012, 4, 1)
    )
    MembershipFactory(organization=organization, status=Membership.Status.ACTIVE)
    ContactFactory(organization=organization, user=UserFactory(email="contact@example.com"))
    unit = RecommendingUnit.objects.create(name="江苏省城市环境卫生协会", kind="association")
    unit.users.add(UserFactory(email="recommender@example.com"))
    staff = UserFactory(email="staff@example.com", is_staff=True)
    staff.groups.add(Group.objects.get(name=CERTIFICATION_STAFF))
    expert = ExpertFactory(
        person=PersonFactory(name="孙立新", user=UserFactory(email="expert@example.com"))
    )
    panel = AwardPanel.objects.create(round=round, name="固废处理评审组")
    panel.fields.add(field)
    panel.experts.add(expert)
    return {"round": round, "organization": organization, "unit": unit, "field": field}


def test_a_nomination_from_the_portal_to_the_award_and_its_verification(
    browser, live_server, console_log, setting
):
    organization, award_round = setting["organization"], setting["round"]
    title = "生活垃圾焚烧飞灰低温热解无害化技术"

    # 1. The member contact starts the nomination from the open round.
    member = logged_in(browser, live_server, console_log, "contact@example.com")
    member.goto("/certification/my/")
    member.get_by_role("link", name="申报", exact=True).click()
    expect(member).to_have_url(re.compile(rf"/certification/my/projects/start/{award_round.pk}/$"))
    member.locator("input[name=title]").fill(title)
    member.locator("select[name=field]").select_option(str(setting["field"].pk))
    member.locator("select[name=level]").select_option("二等奖")
    member.locator("select[name=recommending_unit]").select_option(str(setting["unit"].pk))
    member.get_by_role("button", name="开始").click()
    expect(member.locator("h1")).to_contain_text(title)
    number = Application.objects.get(organization=organization).number

    member.get_by_role("link", name="编辑项目信息").click()
    member.locator("textarea[name=summary]").fill(
        "针对焚烧飞灰重金属和二噁英难题，研发低温热解无害化工艺。"
    )
    member.locator("textarea[name=innovations]").fill(
        "低温热解协同重金属稳定化，二噁英分解率超过99%。"
    )
    member.locator("input[name=started_on]").fill("2019-01-01")
    member.locator("input[name=completed_on]").fill("2023-12-31")
    member.locator("input[name=contact_phone]").fill("0512-6888 1234")
    member.locator("input[name=declaration]").check()
    member.get_by_role("button", name="保存").click()
    expect(member.locator(".messages")).to_contain_text("项目信息已保存")

    member.get_by_role("link", name="主要完成单位").first.click()
    member.locator("input[name='units-1-name']").fill("同济大学")
    member.locator("input[name='units-1-ORDER']").fill("2")
    member.get_by_role("button", name="保存名单").click()
    expect(member.locator(".messages")).to_contain_text("名单已按所填顺序保存")

    member.get_by_role("link", name="主要完成人").first.click()
    people = [
        ("王建国", "项目负责人，提出总体技术路线"),
        ("李红梅", "负责中试与工艺优化"),
        ("张伟", "负责工程应用"),
    ]
    for index, (name, contribution) in enumerate(people):
        member.locator(f"input[name='persons-{index}-ORDER']").fill(str(index + 1))
        member.locator(f"input[name='persons-{index}-name']").fill(name)
        member.locator(f"input[name='persons-{index}-unit_name']").fill(organization.name)
        member.locator(f"textarea[name='persons-{index}-contribution']").fill(contribution)
    member.get_by_role("button", name="保存名单").click()
    expect(member.locator(".messages")).to_contain_text("名单已按所填顺序保存")

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
    member.get_by_role("button", name="发送推荐单位").click()
    expect(member.locator(".status")).to_contain_text("待推荐单位确认")

    # 2. The recommending unit confirms online, which submits the nomination.
    recommender = logged_in(browser, live_server, console_log, "recommender@example.com")
    expect(recommender.locator("main")).to_contain_text(title)
    recommender.get_by_role("link", name=title).click()
    recommender.get_by_label("同意推荐，并提交协会。").check()
    recommender.locator("textarea[name=text]").fill(
        "该项目技术先进，已在多座焚烧厂应用，同意推荐申报二等奖。"
    )
    recommender.get_by_role("button", name="提交").click()
    expect(recommender.locator(".messages")).to_contain_text("已确认推荐")

    # 3. Staff tick the paper copy, pass the formal review and assign the field's panel.
    staff = logged_in(browser, live_server, console_log, "staff@example.com")
    application = Application.objects.get(number=number)
    staff.goto(f"/admin/certification/applications/process/{application.pk}/")
    act(staff, "start_formal_review")
    act(staff, "paper_copy")
    for box in every(staff.locator("input[type=checkbox][name^=doc_]")):
        box.check()
    act(staff, "accept")
    expect(staff.locator("main")).to_contain_text("专家评审")
    visitor = new_page(browser, live_server, console_log)
    visitor.goto(f"/certification/awards/science-award/{award_round.year}/accepted/")
    expect(visitor.locator("main")).to_contain_text(title)
    act(staff, "assign_panel")
    expect(staff.locator("main")).to_contain_text("孙立新")

    # 4. The expert reviews blind: the project, not its people; scores and recommends a level.
    expert = logged_in(browser, live_server, console_log, "expert@example.com")
    expert.goto("/certification/reviews/")
    expert.get_by_role("link", name=number).click()
    expect(expert.locator("main")).to_contain_text(title)
    expect(expert.locator("main")).not_to_contain_text(organization.name)
    expect(expert.locator("main")).not_to_contain_text("王建国")
    expert.get_by_label("本人与申报单位不存在利益冲突。").check()
    expert.get_by_role("button", name="确认").click()
    for field in every(expert.locator("tr.criterion--indicator input[name^=score_]")):
        top = float(field.get_attribute("max"))
        field.fill(str(round(top * 0.8 * 2) / 2))
    expert.locator("textarea[name=opinion]").fill("技术路线合理，工程应用效果好。")
    expert.locator("select[name=recommendation]").select_option("二等奖")
    expert.get_by_role("button", name="提交评审（提交后不可修改）").click()
    expect(expert.locator(".messages")).to_contain_text("评审已提交")

    # 5. The committee votes the level; pre-award publicity opens to the public.
    staff.reload()
    act(staff, "close_review")
    staff.locator("select[name=level]").select_option("二等奖")
    staff.locator("input[name=members_present]").fill("13")
    staff.locator("input[name=votes_for]").fill("12")
    staff.locator("input[name=votes_against]").fill("1")
    act(staff, "committee_vote")
    expect(staff.locator("main")).to_contain_text("评审委员会表决通过二等奖")
    act(staff, "award_publicity")
    visitor.goto(f"/certification/awards/science-award/{award_round.year}/publicity/")
    expect(visitor.locator("main")).to_contain_text(title)
    expect(visitor.locator("main")).to_contain_text("李红梅")

    # 6. After the 30 days, the awardee consents and staff confer the award.
    today = timezone.localdate()
    Application.objects.filter(number=number).update(
        publicity_starts_on=today - datetime.timedelta(days=35),
        publicity_ends_on=today - datetime.timedelta(days=6),
    )
    member.goto(f"/certification/my/projects/{number}/")
    member.locator("input[name=agree]").check()
    member.locator("input[name=signatory]").fill("王建国")
    member.get_by_role("button", name="确认接受授奖").click()
    expect(member.locator(".messages")).to_contain_text("授奖确认已登记")
    staff.reload()
    act(staff, "approve")
    project_certificate = Certificate.objects.get(application__number=number, holder_order=0)
    expect(staff.locator("main")).to_contain_text(project_certificate.number)
    person = Certificate.objects.get(application__number=number, holder_name="李红梅")

    # 7. The member downloads a completing person's certificate.
    member.reload()
    with member.expect_download() as download:
        member.locator(f"a[href$='/certificates/{person.number}.pdf']").click()
    assert download.value.suggested_filename == f"{person.number}.pdf"

    # 8. Anyone verifies it and finds the project among the year's winners.
    visitor.goto("/certification/verify/")
    visitor.locator("input[name=number]").fill(person.number)
    visitor.get_by_role("button", name="查验").click()
    expect(visitor.locator(".verify-result")).to_contain_text("李红梅")
    expect(visitor.locator(".verify-result")).to_contain_text("二等奖")
    expect(visitor.locator(".verify-result")).to_contain_text(title)
    visitor.goto(f"/certification/awards/science-award/{award_round.year}/winners/")
    expect(visitor.locator("main")).to_contain_text(title)
    assert console_log.errors == []
