"""First contact in a browser: a new enterprise contact signs up, verifies the address from
the email, applies to join with the business licence after one corrected mistake, and is
approved by the secretariat; the new member then finds the membership in the portal."""

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Membership, MembershipApplication
from tests.members.factories import make_credit_code
from tests.members.helpers import fee_schedule
from website.accounts import roles
from website.core.demo import DEMO_PASSWORD, ensure_user

from .helpers import link_in_last_email, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EMAIL = "wang.lihua@example.com"
PASSWORD = "Huanwei-2026-first"
COMPANY = "无锡市清源环境科技有限公司"


def licence_pdf() -> bytes:
    """A real one-page PDF: uploads are checked by parsing them."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Business licence")
    page.save()
    return buffer.getvalue()


def test_new_contact_signs_up_joins_with_a_licence_after_one_mistake_and_is_approved(
    browser_context, page, console_log, site_home, mailoutbox, tmp_path
):
    fee_schedule(timezone.localdate().year)
    licence = tmp_path / "营业执照副本.pdf"
    licence.write_bytes(licence_pdf())
    code = make_credit_code(880011, region="320200")
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")

    # Sign up from the site's header; nobody is logged in until the address is verified.
    page.goto("/")
    page.locator(".site-header").get_by_role("link", name="注册").click()
    expect(page).to_have_url(re.compile(r"/auth/signup/$"))
    form = page.locator("main form")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=last_name]").fill("王")
    form.locator("input[name=first_name]").fill("丽华")
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.get_by_role("button", name="注册").click()
    expect(page).to_have_url(re.compile(r"/auth/confirm-email/$"))

    # The verification email's link confirms the address and logs the new contact in.
    page.goto(link_in_last_email(EMAIL, "/auth/confirm-email/"))
    page.locator("main form").get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"/account/$"))

    # Join as an organization: everything filled in, the licence attached, one wrong field.
    page.goto("/members/join/")
    page.get_by_role("link", name="申请单位会员").click()
    expect(page).to_have_url(re.compile(r"/members/join/organization/$"))
    page.locator("input[name=organization_name]").fill(COMPANY)
    page.locator("input[name=credit_code]").fill(wrong)
    page.locator("select[name=organization_kind]").select_option("enterprise")
    page.locator("input[name=legal_representative]").fill("王建华")
    page.locator("select[name=province]").select_option("32")
    page.locator("input[name=city]").fill("无锡市")
    page.locator("input[name=address]").fill("无锡市梁溪区解放南路88号")
    page.locator("input[name=contact_phone]").fill("13961234567")
    page.locator("input[name=licence]").set_input_files(str(licence))
    page.locator("input[name=accepts_charter]").check()
    page.get_by_role("button", name="提交申请").click()

    # The form comes back (no server error): the mistake is named, the input kept, and the
    # licence asked for again by name, since a browser never re-sends a chosen file.
    expect(page.locator("[data-field=credit_code] .field__error")).to_contain_text("校验")
    expect(page.locator("input[name=credit_code]")).to_have_value(wrong)
    expect(page.locator("input[name=organization_name]")).to_have_value(COMPANY)
    expect(page.locator("input[name=address]")).to_have_value("无锡市梁溪区解放南路88号")
    licence_error = page.locator("[data-field=licence] .field__error")
    expect(licence_error).to_contain_text("请重新选择文件")
    expect(licence_error).to_contain_text("营业执照副本.pdf")
    assert not MembershipApplication.objects.exists()

    # Corrected, with the licence chosen again: submitted.
    page.locator("input[name=credit_code]").fill(code)
    page.locator("input[name=licence]").set_input_files(str(licence))
    page.locator("input[name=accepts_charter]").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator(".messages")).to_contain_text("申请已提交")
    application = MembershipApplication.objects.get()
    assert application.status == MembershipApplication.Status.SUBMITTED
    assert application.licence and application.licence_name == "营业执照副本.pdf"
    expect(page.get_by_role("link", name="营业执照副本.pdf")).to_be_visible()

    # The secretariat opens it from the queue in the back office and approves it.
    staff = ensure_user(
        "membership@example.org",
        last_name="王",
        first_name="会员",
        groups=(roles.MEMBERSHIP_STAFF,),
        is_staff=True,
    )
    admin_page = browser_context.browser.new_context(
        base_url=page.url.split("/members/")[0], locale="zh-CN", timezone_id="Asia/Shanghai"
    ).new_page()
    console_log.watch(admin_page)
    admin_page.goto("/admin/members/applications/?status=submitted")
    log_in(admin_page, staff.email, DEMO_PASSWORD)
    admin_page.get_by_role("link", name=re.compile(application.number)).click()
    expect(admin_page.locator("main")).to_contain_text(COMPANY)
    admin_page.get_by_role("link", name="批准").first.click()
    admin_page.locator("main form button[type=submit]").click()
    expect(admin_page.locator("main")).to_contain_text("已通过")

    # Approval makes the membership active, with its number and the first dues invoice...
    membership = Membership.objects.get(organization__credit_code=code)
    assert membership.status == Membership.Status.ACTIVE
    invoice = membership.invoices.get()

    # ...which the new member sees in the portal.
    page.goto("/account/")
    expect(page.locator("[data-section=members]")).to_contain_text(membership.number)
    page.locator(".portal-nav").get_by_role("link", name="会籍").click()
    expect(page.locator("[data-membership-number]")).to_have_text(membership.number)
    expect(page.locator("main")).to_contain_text(COMPANY)
    page.locator(".portal-nav").get_by_role("link", name="会费与缴费").click()
    expect(page.locator(f"[data-invoice='{invoice.pk}']")).to_contain_text(invoice.number)
    assert console_log.errors == []
