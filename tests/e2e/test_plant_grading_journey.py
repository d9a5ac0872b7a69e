"""Plant grading in a browser: the operator applies for its incineration plant (self-assessing
only what it can assess), staff pass the formal review and plan the on-site inspection, the
team records a finding with a photo and asks for rectification, the plant uploads its
evidence in the portal, the team accepts it and closes the inspection, an expert grades, the
certificate is approved and its plaque (标牌) shows on the public verification page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.models import Application, Certificate, Inspection, Plant, Scheme
from members.models import Membership
from tests.certification.factories import open_round
from tests.factories import UserFactory
from tests.files import pdf_bytes, png_bytes
from tests.members.factories import (
    ContactFactory,
    ExpertFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from website.accounts.roles import CERTIFICATION_STAFF

from .browser import every
from .test_certification_journey import act, fill_score_sheet, logged_in, new_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PDF = pdf_bytes()
PNG = png_bytes()


@pytest.fixture
def setting(site_home):
    from django.contrib.auth.models import Group

    scheme = Scheme.objects.get(code="plant-grading")
    scheme.min_reviews = 1
    scheme.save()
    today = timezone.localdate()
    round = open_round(scheme)
    organization = OrganizationFactory(
        name="宁波绿源环保能源有限公司", founded_on=datetime.date(2012, 4, 1)
    )
    MembershipFactory(organization=organization, status=Membership.Status.ACTIVE)
    plant = Plant.objects.create(
        organization=organization,
        name="宁波北仑生活垃圾焚烧发电厂",
        province=organization.province,
        design_capacity=2250,
        lines=3,
        formal_operation_on=today - datetime.timedelta(days=900),
    )
    ContactFactory(organization=organization, user=UserFactory(email="plant@example.com"))
    group = Group.objects.get(name=CERTIFICATION_STAFF)
    for email, first, last in [
        ("staff@example.com", "立", "周"),
        ("inspector@example.com", "海", "吴"),
    ]:
        user = UserFactory(email=email, is_staff=True, first_name=first, last_name=last)
        user.groups.add(group)
    expert = ExpertFactory(
        person=PersonFactory(name="郑志远", user=UserFactory(email="expert@example.com"))
    )
    return {"round": round, "organization": organization, "plant": plant, "expert": expert}


def submit_main_form(page) -> None:
    page.locator("main form button[type=submit]").first.click()


def test_plant_grading_with_on_site_inspection_and_plaque(
    browser, live_server, console_log, setting
):
    plant = setting["plant"]
    today = timezone.localdate()

    # 1. The operator completes the plant's facts and applies.
    member = logged_in(browser, live_server, console_log, "plant@example.com")
    member.goto(f"/certification/my/plants/{plant.pk}/")
    member.locator("input[name=generating_capacity]").fill("45")
    member.locator("select[name=flue_gas_process]").select_option("sncr_semidry_wet")
    credit_code = setting["organization"].credit_code
    member.locator("input[name=discharge_permit_number]").fill("12345")
    member.locator("input[name=monitoring_connected]").check()
    member.locator("input[name=monitoring_connected_since]").fill("2023-05-01")
    member.get_by_role("button", name="保存").click()
    # A malformed permit number is refused and kept as typed.
    expect(member.locator("input[name=discharge_permit_number]")).to_have_value("12345")
    member.locator("input[name=discharge_permit_number]").fill(f"{credit_code}001P")
    member.get_by_role("button", name="保存").click()
    expect(member.locator(".messages")).to_be_visible()
    plant.refresh_from_db()
    # The dates already on record survive the edit (ISO values in the date inputs).
    assert plant.formal_operation_on == today - datetime.timedelta(days=900)
    assert plant.discharge_permit_number == f"{credit_code}001P" and plant.monitoring_connected

    member.goto(f"/certification/my/apply/{setting['round'].pk}/")
    member.locator("select[name=plant]").select_option(str(plant.pk))
    submit_main_form(member)
    expect(member.locator("h1")).to_contain_text(plant.name)
    application = Application.objects.get(plant=plant)
    number = application.number
    member.goto(f"/certification/my/applications/{number}/edit/")
    member.locator("input[name=contact_phone]").fill("0574-8688 1234")
    member.locator("textarea[name=summary]").fill(
        "三条750吨/日机械炉排焚烧线，配套45兆瓦汽轮发电机组。"
    )
    member.locator("input[name=declaration]").check()
    member.get_by_role("button", name="保存").click()

    # The self-assessment has no field for what only inspectors can find.
    member.goto(f"/certification/my/applications/{number}/self-assessment/")
    on_site = application.criteria_set.criteria.filter(on_site=True)
    for criterion in on_site:
        expect(member.locator(f"[name=score_{criterion.pk}]")).to_have_count(0)
    expect(member.locator("main")).to_contain_text("由现场核查组评定")
    fill_score_sheet(member, 0.9)
    member.locator("main form button[type=submit]").first.click()
    expect(member.locator(".messages")).to_be_visible()

    member.goto(f"/certification/my/applications/{number}/")
    upload = member.locator("form.upload-form")
    for value in upload.locator("select[name=requirement] option").evaluate_all(
        "options => options.map(o => o.value).filter(Boolean)"
    ):
        upload.locator("select[name=requirement]").select_option(value)
        upload.locator("input[name=file]").set_input_files(
            {"name": f"材料{value}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        upload.locator("button[type=submit]").click()
        expect(member.locator(".messages")).to_be_visible()
    member.reload()
    expect(member.locator(".status-card .callout")).to_have_count(0)
    member.get_by_role("button", name="提交申报").click()
    expect(member.locator(".status")).to_contain_text("已提交")

    # 2. Staff pass the formal review: the application waits for the on-site inspection.
    staff = logged_in(browser, live_server, console_log, "staff@example.com")
    staff.goto(f"/admin/certification/applications/process/{application.pk}/")
    act(staff, "start_formal_review")
    for box in every(staff.locator("input[type=checkbox][name^=doc_]")):
        box.check()
    act(staff, "accept")
    expect(staff.locator("#inspection")).to_contain_text("尚未安排现场核查")
    staff.locator("#id_planned_on").fill(today.isoformat())
    staff.locator("#inspection label:has-text('周立') input").check()
    staff.locator("#inspection label:has-text('吴海') input").check()
    act(staff, "plan_inspection")
    inspection = Inspection.objects.get(application=application)
    assert inspection.members.count() == 2

    # 3. The team records the visit and a finding with a photo, and asks for rectification.
    base = f"/admin/certification/inspections/{inspection.pk}"
    staff.goto(f"{base}/action/visit/")
    staff.locator("input[name=visited_on]").fill(today.isoformat())
    staff.locator("textarea[name=summary]").fill(
        "查看中控室、垃圾池、烟气净化车间和飞灰稳定化车间。"
    )
    submit_main_form(staff)
    expect(staff.locator("main")).to_contain_text("已现场核查")
    staff.goto(f"{base}/action/finding/")
    deduction_item = application.criteria_set.criteria.get(code="2.6")
    staff.locator("select[name=criterion]").select_option(str(deduction_item.pk))
    staff.locator("textarea[name=description]").fill("飞灰吨袋露天堆放，未贴危险废物标签。")
    staff.locator("input[name=deduction]").fill("2")
    staff.locator("input[name=photos]").set_input_files(
        {"name": "飞灰暂存.png", "mimeType": "image/png", "buffer": PNG}
    )
    submit_main_form(staff)
    expect(staff.locator("main")).to_contain_text("飞灰吨袋露天堆放")
    staff.goto(f"{base}/action/request_rectification/")
    staff.locator("textarea[name=request]").fill("将飞灰吨袋移入暂存间并补贴标签，提交整改后照片。")
    staff.locator("input[name=due_on]").fill((today + datetime.timedelta(days=15)).isoformat())
    # The admin's date picker stays open over the button after typing: submit from the
    # keyboard, as a person who typed the date would.
    staff.locator("main form button[type=submit]").first.press("Enter")
    expect(staff.locator("main")).to_contain_text("待整改")

    # 4. The plant sees the finding with its photo and uploads its evidence.
    member.goto(f"/certification/my/applications/{number}/")
    member.locator("#inspection a.button").click()
    expect(member.locator("main")).to_contain_text("飞灰吨袋露天堆放")
    photo = member.locator("main img").first
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") > 0
    member.locator("a.button", has_text="提交整改材料").click()
    member.locator("textarea[name=response]").fill("吨袋已全部移入暂存间，标签已补贴，附照片。")
    member.locator("input[name=files]").set_input_files(
        {"name": "整改后.png", "mimeType": "image/png", "buffer": PNG}
    )
    submit_main_form(member)
    expect(member.locator("main")).to_contain_text("整改材料已提交")

    # 5. The team accepts the evidence and closes the inspection; grading proceeds.
    staff.goto(f"{base}/action/accept_rectification/")
    rectification = inspection.rectifications.get()
    staff.locator("select[name=rectification]").select_option(str(rectification.pk))
    staff.locator("textarea[name=note]").fill("现场复核整改到位。")
    submit_main_form(staff)
    staff.goto(f"{base}/action/close/")
    submit_main_form(staff)
    application.refresh_from_db()
    assert application.status == Application.Status.EXPERT_REVIEW

    staff.goto(f"/admin/certification/applications/process/{application.pk}/")
    staff.locator(f"input[name=expert][value='{setting['expert'].pk}']").check()
    act(staff, "assign")
    expert = logged_in(browser, live_server, console_log, "expert@example.com")
    expert.goto("/certification/reviews/")
    expert.get_by_role("link", name=number).click()
    expert.get_by_label("本人与申报单位不存在利益冲突。").check()
    expert.get_by_role("button", name="确认").click()
    expect(expert.locator(f"[name=score_{deduction_item.pk}]")).to_have_count(0)
    fill_score_sheet(expert, 1.0)
    expert.locator("textarea[name=opinion]").fill("运行管理规范，飞灰管理已按核查意见整改。")
    expert.get_by_role("button", name="提交评审（提交后不可修改）").click()
    expect(expert.locator(".messages")).to_contain_text("评审已提交")

    staff.reload()
    act(staff, "close_review")
    application.refresh_from_db()
    review = application.reviews.get()
    # The team's deduction counts: 2 points below the expert's own total.
    assert application.score == review.total - 2
    act(staff, "start_publicity")
    Application.objects.filter(number=number).update(
        publicity_starts_on=today - datetime.timedelta(days=12),
        publicity_ends_on=today - datetime.timedelta(days=3),
    )
    staff.reload()
    act(staff, "approve")
    certificate = Certificate.objects.get(application__number=number)

    # 6. Staff issue the plaque; the public verification page shows it.
    staff.goto(f"/admin/certification/certificates/manage/{certificate.pk}/")
    act(staff, "issue_plaque")
    certificate.refresh_from_db()
    plaque = certificate.plaque
    expect(staff.locator("main")).to_contain_text(plaque.number)
    visitor = new_page(browser, live_server, console_log)
    visitor.goto(f"/certification/verify/{certificate.number}/")
    expect(visitor.locator(".verify-result")).to_contain_text(plaque.number)
    expect(visitor.locator(".verify-result")).to_contain_text("有效")
    expect(visitor).to_have_url(re.compile(rf"/verify/{certificate.number}/$"))

    assert console_log.errors == []
