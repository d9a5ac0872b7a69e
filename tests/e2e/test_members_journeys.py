"""Members in a browser: joining online (1), dues and renewal (2), the member portal (3)."""

import datetime
import io
import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from members.models import (
    ContactInvitation,
    Invoice,
    Membership,
    MembershipApplication,
    OrganizationContact,
    PaymentProof,
)
from members.services import issue_invoice
from tests.factories import set_payment_settings
from tests.members.factories import make_credit_code
from tests.members.helpers import PDF, PNG, fee_schedule, member_organization
from website.accounts import roles
from website.core.demo import DEMO_PASSWORD, ensure_user

from .helpers import link_in_last_email, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "Huanwei-2026-join"
YEAR = timezone.localdate().year


def staff_user():
    return ensure_user(
        "membership@example.org",
        last_name="王",
        first_name="会员",
        groups=(roles.MEMBERSHIP_STAFF,),
        is_staff=True,
    )


def second_page(browser_context):
    """A page in a second browser profile (another person), closed with the browser."""
    context = browser_context.browser.new_context(
        base_url=browser_context.pages[0].url.split("/", 3)[:3]
        and "/".join(browser_context.pages[0].url.split("/", 3)[:3]),
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )
    return context.new_page()


def member_admin():
    admin = ensure_user("member@example.org", last_name="刘", first_name="联系人")
    organization, membership, _admin = member_organization(
        admin=admin, paid_through=datetime.date(YEAR, 12, 31)
    )
    return organization, membership, admin


def test_join_online_from_sign_up_to_approval(
    browser_context, page, console_log, site_home, mailoutbox, tmp_path
):
    fee_schedule(YEAR)
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(PDF)
    code = make_credit_code(777001, region="320500")

    # A visitor reads how to join and starts an organization application.
    page.goto("/members/join/")
    expect(page.get_by_role("heading", level=1)).to_have_text("申请入会")
    page.get_by_role("link", name="申请单位会员").click()
    expect(page).to_have_url(re.compile(r"/auth/login/\?next=/members/join/organization/"))

    # No account yet: sign up, confirm the address, and land back on the application.
    page.locator("main").get_by_role("link", name="注册").click()
    form = page.locator("main form")
    form.locator("input[name=email]").fill("chen.jianguo@example.com")
    form.locator("input[name=last_name]").fill("陈")
    form.locator("input[name=first_name]").fill("建国")
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.get_by_role("button", name="注册").click()
    expect(page).to_have_url(re.compile(r"/auth/confirm-email/$"))
    page.goto(link_in_last_email("chen.jianguo@example.com", "/auth/confirm-email/"))
    page.locator("main form").get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"/members/join/organization/$"))

    # Part of the form, saved as a draft.
    expect(page.locator("input[name=contact_email]")).to_have_value("chen.jianguo@example.com")
    page.locator("input[name=organization_name]").fill("苏州市洁净环境服务有限公司")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".messages")).to_contain_text("草稿已保存")
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.DRAFT

    # Later: the join page leads back to the draft.
    page.goto("/members/join/")
    page.get_by_role("link", name="继续填写").click()
    expect(page.locator("input[name=organization_name]")).to_have_value(
        "苏州市洁净环境服务有限公司"
    )

    # A wrong credit code is refused with a clear message and the input kept.
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    page.locator("input[name=credit_code]").fill(wrong)
    page.locator("select[name=organization_kind]").select_option("enterprise")
    page.locator("input[name=legal_representative]").fill("陈建国")
    page.locator("select[name=province]").select_option("32")
    page.locator("input[name=city]").fill("苏州市")
    page.locator("input[name=address]").fill("苏州市姑苏区人民路100号")
    page.locator("input[name=contact_name]").fill("陈建国")
    page.locator("input[name=contact_phone]").fill("13812345678")
    page.locator("input[name=licence]").set_input_files(str(licence))
    page.locator("input[name=accepts_charter]").check()
    page.get_by_role("button", name="提交申请").click()
    credit_field = page.locator("[data-field=credit_code]")
    expect(credit_field.locator(".field__error")).to_contain_text("校验")
    expect(page.locator("input[name=credit_code]")).to_have_value(wrong)
    expect(page.locator("input[name=address]")).to_have_value("苏州市姑苏区人民路100号")

    page.locator("input[name=credit_code]").fill(code)
    page.locator("input[name=licence]").set_input_files(str(licence))
    page.locator("input[name=accepts_charter]").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("申请已提交")
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert any(application.number in message.subject for message in mailoutbox)

    # The secretariat finds it in the queue, returns it for more information...
    staff = staff_user()
    admin_page = second_page(browser_context)
    admin_page.goto("/admin/members/applications/?status=submitted")
    log_in(admin_page, staff.email, DEMO_PASSWORD)
    admin_page.get_by_role("link", name=re.compile(application.number)).click()
    expect(admin_page.locator("main")).to_contain_text("苏州市洁净环境服务有限公司")
    admin_page.get_by_role("link", name="退回补充材料").first.click()
    admin_page.locator("textarea[name=reason]").fill("请补充单位主要业务介绍。")
    admin_page.locator("main form button[type=submit]").click()
    expect(admin_page.locator("main")).to_contain_text("退回补充材料")

    # ...the applicant completes it and submits again...
    page.goto(f"/members/applications/{application.pk}/")
    expect(page.locator(".notice")).to_contain_text("请补充单位主要业务介绍")
    page.locator("textarea[name=profile]").fill("承担姑苏区道路清扫保洁和垃圾收运服务。")
    page.locator("input[name=accepts_charter]").check()
    page.get_by_role("button", name="重新提交").click()
    expect(page.locator(".messages")).to_contain_text("申请已提交")

    # ...and the secretariat approves it as a director unit.
    admin_page.goto(f"/admin/members/applications/{application.pk}/action/approve/")
    admin_page.locator("select[name=tier]").select_option("director")
    admin_page.locator("main form button[type=submit]").click()
    expect(admin_page.locator("main")).to_contain_text("已通过")
    membership = Membership.objects.get(organization__credit_code=code)
    assert membership.status == Membership.Status.ACTIVE

    # The new member sees the number, the first invoice and the certificate in the portal.
    page.goto("/account/")
    expect(page.locator("[data-section=members]")).to_contain_text(membership.number)
    page.locator(".portal-nav").get_by_role("link", name="会籍").click()
    expect(page.locator("[data-membership-number]")).to_have_text(membership.number)
    expect(page.get_by_role("link", name="下载会员证")).to_be_visible()
    page.locator(".portal-nav").get_by_role("link", name="会费与缴费").click()
    invoice = membership.invoices.get()
    expect(page.locator(f"[data-invoice='{invoice.pk}']")).to_contain_text(invoice.number)
    assert console_log.errors == []


def test_dues_proof_of_payment_confirmed_and_renewal_reminders(
    browser_context, page, console_log, site_home, mailoutbox, tmp_path
):
    set_payment_settings()  # the dues notice needs the association's account
    fee_schedule(YEAR)
    fee_schedule(YEAR + 1)
    organization, membership, admin = member_admin()
    membership.paid_through = datetime.date(YEAR - 1, 12, 31)
    membership.save()
    invoice = issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=YEAR)
    receipt = tmp_path / "转账回单.png"
    receipt.write_bytes(PNG)

    # The member downloads the invoice and sends the bank's receipt.
    page.goto("/account/invoices/")
    log_in(page, admin.email, DEMO_PASSWORD)
    page.goto("/account/invoices/")
    page.get_by_role("link", name=invoice.number).click()
    pdf = page.request.get(f"/account/invoices/{invoice.pk}/pdf/")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "会费缴费通知单" in PdfReader(BytesIO(pdf.body())).pages[0].extract_text()
    form = page.locator("main form")
    form.locator("input[name=file]").set_input_files(str(receipt))
    form.locator("input[name=paid_on]").fill(timezone.localdate().isoformat())
    form.locator("input[name=reference]").fill("ICBC-20261120-001")
    form.get_by_role("button", name="提交缴费凭证").click()
    expect(page.locator(".messages")).to_contain_text("秘书处将确认缴费")
    proof = PaymentProof.objects.get()

    # The secretariat confirms it; the membership is paid through the end of the year.
    staff = staff_user()
    admin_page = second_page(browser_context)
    admin_page.goto("/admin/members/payment-proofs/?status=pending")
    log_in(admin_page, staff.email, DEMO_PASSWORD)
    admin_page.goto(f"/admin/members/payment-proofs/inspect/{proof.pk}/")
    admin_page.get_by_role("link", name="确认到账").first.click()
    admin_page.locator("main form button[type=submit]").click()
    expect(admin_page.locator("main")).to_contain_text("已确认")
    membership.refresh_from_db()
    assert membership.paid_through == datetime.date(YEAR, 12, 31)

    page.goto(f"/account/invoices/{invoice.pk}/")
    expect(page.locator("main [data-status=paid]")).to_be_visible()

    # The daily sweep, run twice, issues next year's invoice and reminds the member once.
    reminder_day = datetime.date(YEAR, 12, 31) - datetime.timedelta(days=30)
    mailoutbox.clear()
    call_command("membership_sweep", "--date", reminder_day.isoformat(), stdout=io.StringIO())
    call_command("membership_sweep", "--date", reminder_day.isoformat(), stdout=io.StringIO())
    reminders = [m for m in mailoutbox if admin.email in m.to]
    assert len(reminders) == 1
    page.goto("/account/invoices/")
    next_invoice = membership.invoices.get(period_start=datetime.date(YEAR + 1, 1, 1))
    expect(page.locator(f"[data-invoice='{next_invoice.pk}']")).to_be_visible()
    assert console_log.errors == []


def test_member_portal_profile_change_request_and_colleagues(
    browser_context, page, console_log, site_home, mailoutbox
):
    organization, membership, admin = member_admin()
    page.goto("/account/")
    log_in(page, admin.email, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/$"))

    # Ordinary fields are edited directly.
    page.locator(".portal-nav").get_by_role(
        "link", name=organization.short_name or organization.name
    ).click()
    page.locator("input[name=address]").fill("北京市朝阳区环卫大厦18层")
    page.locator("main form").get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("单位资料已保存")
    organization.refresh_from_db()
    assert organization.address == "北京市朝阳区环卫大厦18层"

    # The name changes only through a request.
    page.get_by_role("link", name="申请变更").click()
    page.locator("input[name=name]").fill("北京绿洁环境集团有限公司")
    page.locator("textarea[name=reason]").fill("已完成工商更名。")
    page.get_by_role("button", name="提交变更申请").click()
    expect(page.locator(".messages")).to_contain_text("秘书处将进行审核")
    organization.refresh_from_db()
    assert organization.name != "北京绿洁环境集团有限公司"

    # Invite a colleague, who accepts after logging in with the invited address.
    page.locator("main").get_by_role("link", name="联系人").first.click()
    page.locator("input[name=email]").fill("colleague@example.com")
    page.get_by_role("button", name="发送邀请").click()
    expect(page.locator(".messages")).to_contain_text("colleague@example.com")
    # Links in our emails are built from settings.BASE_URL; the live server has its own host.
    link = urlsplit(link_in_last_email("colleague@example.com", "/account/invitations/")).path
    colleague = ensure_user("colleague@example.com", last_name="赵", first_name="会计")
    other = second_page(browser_context)
    other.goto(link)
    log_in(other, colleague.email, DEMO_PASSWORD)
    other.get_by_role("button", name="接受邀请").click()
    expect(other.locator(".messages")).to_contain_text("联系人")
    assert OrganizationContact.objects.filter(organization=organization, user=colleague).exists()
    assert ContactInvitation.objects.get().accepted_by == colleague

    # The administrator removes the colleague again.
    page.reload()
    row = page.locator("tr", has_text="colleague@example.com")
    row.get_by_role("button", name="移除联系人").click()
    expect(page.locator(".messages")).to_contain_text("已不再是联系人")
    assert not OrganizationContact.objects.filter(user=colleague).exists()

    # The membership certificate downloads as a PDF.
    pdf = page.request.get(f"/account/memberships/{membership.pk}/certificate/")
    assert pdf.headers["content-type"] == "application/pdf"
    assert membership.number in PdfReader(BytesIO(pdf.body())).pages[0].extract_text()
    assert console_log.errors == []
