"""A visitor's account in a browser: sign up, verify, log out and in, reset the password, 2FA."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory
from website.accounts import roles
from website.core.demo import DEMO_PASSWORD, ensure_user

from .helpers import link_in_last_email, log_in, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "Huanwei-2026-new"


def test_visitor_signs_up_verifies_email_logs_out_and_in(page, console_log, site_home, mailoutbox):
    page.goto("/")
    page.locator(".site-header").get_by_role("link", name="注册").click()
    expect(page).to_have_url(re.compile(r"/auth/signup/$"))
    form = page.locator("main form")
    form.locator("input[name=email]").fill("zhang.san@example.com")
    form.locator("input[name=last_name]").fill("张")
    form.locator("input[name=first_name]").fill("三")
    form.locator("input[name=password1]").fill(NEW_PASSWORD)
    form.locator("input[name=password2]").fill(NEW_PASSWORD)
    form.get_by_role("button", name="注册").click()

    # Nobody is logged in before the address is verified.
    expect(page).to_have_url(re.compile(r"/auth/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("验证")
    expect(page.locator(".site-header").get_by_role("link", name="登录")).to_be_visible()
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["zhang.san@example.com"]

    page.goto(link_in_last_email("zhang.san@example.com", "/auth/confirm-email/"))
    expect(page.locator("main")).to_contain_text("zhang.san@example.com")
    page.locator("main form").get_by_role("button", name="确认").click()

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("张三")

    page.locator(".site-header").get_by_role("button", name="退出").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.locator(".site-header").get_by_role("link", name="登录").click()
    log_in(page, "zhang.san@example.com", NEW_PASSWORD)

    expect(page).to_have_url(re.compile(r"/account/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("张三")
    assert console_log.errors == []


def test_forgotten_password_is_reset_through_email(page, console_log, site_home, mailoutbox):
    UserFactory(email="li.si@example.com", last_name="李", first_name="四")

    page.goto("/auth/login/")
    page.get_by_role("link", name="忘记密码？").click()
    expect(page).to_have_url(re.compile(r"/auth/password/reset/$"))
    page.locator("main form input[name=email]").fill("li.si@example.com")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/auth/password/reset/done/$"))

    page.goto(link_in_last_email("li.si@example.com", "/auth/password/reset/key/"))
    form = page.locator("main form")
    form.locator("input[name=password1]").fill(NEW_PASSWORD)
    form.locator("input[name=password2]").fill(NEW_PASSWORD)
    form.locator("button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/auth/password/reset/key/done/$"))

    page.goto("/auth/login/")
    log_in(page, "li.si@example.com", PASSWORD)
    expect(page.locator("main .form-errors")).to_be_visible()
    log_in(page, "li.si@example.com", NEW_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/$"))
    assert console_log.errors == []


def test_staff_member_sets_up_two_factor_and_logs_in_with_a_code(page, console_log, site_home):
    staff = ensure_user(
        "membership@example.org",
        last_name="王",
        first_name="会员",
        groups=(roles.MEMBERSHIP_STAFF,),
        is_staff=True,
    )
    page.goto("/admin/")
    log_in(page, staff.email, DEMO_PASSWORD)
    page.get_by_role("link", name="设置两步验证").click()
    expect(page).to_have_url(re.compile(r"/auth/2fa/$"))
    page.locator("main").get_by_role("link", name="启用").click()
    # allauth asks for the password again before a security setting changes.
    expect(page).to_have_url(re.compile(r"/auth/reauthenticate/"))
    page.locator("main form input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button", name="确认").click()
    expect(page).to_have_url(re.compile(r"/auth/2fa/totp/activate/$"))

    secret = page.locator("#authenticator_secret").input_value()
    page.locator("main form input[name=code]").fill(totp_code(secret))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/auth/2fa/recovery-codes/$"))
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    page.locator(".site-header").get_by_role("button", name="退出").click()
    page.goto("/admin/")
    log_in(page, staff.email, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/auth/2fa/authenticate/"))
    page.locator("main form input[name=code]").fill(totp_code(secret))
    page.locator("main form").get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("link", name="设置两步验证")).to_have_count(0)
    assert console_log.errors == []
