"""The public site in a browser: the home page, the phone menu, the back office in Chinese."""

import re

import pytest
from playwright.sync_api import expect

from website.accounts import roles
from website.core.demo import DEMO_PASSWORD, ensure_user

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_renders_in_chinese_without_console_errors(page, console_log, site_home):
    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_title(re.compile("中国城市环境卫生协会"))
    expect(page.get_by_role("heading", level=1)).to_have_text(site_home.hero_title)
    header = page.locator(".site-header")
    expect(header.get_by_role("link", name="登录")).to_be_visible()
    expect(header.get_by_role("link", name="注册")).to_be_visible()
    expect(header.get_by_role("link", name="English")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert console_log.errors == []


def test_phone_menu_opens_and_closes(page, console_log, site_home):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    toggle = page.get_by_role("button", name="菜单")
    menu = page.locator("#site-nav")

    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(menu).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="首页")).to_be_visible()
    toggle.click()
    expect(menu).to_be_hidden()
    assert console_log.errors == []


def test_secretariat_user_opens_the_admin_in_chinese(page, console_log, site_home):
    ensure_user(
        "editor@example.org",
        last_name="陈",
        first_name="编辑",
        groups=(roles.EDITORS,),
        is_staff=True,
    )

    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/auth/login/\?next=/admin/"))
    log_in(page, "editor@example.org", DEMO_PASSWORD)

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    menu = page.get_by_role("navigation", name="主菜单")
    expect(menu.get_by_role("button", name="页面")).to_be_visible()
    expect(menu.get_by_role("link", name="图片")).to_be_visible()
    expect(page.get_by_role("link", name="控制面板")).to_be_visible()
    # Two-factor authentication is offered, not forced.
    expect(page.get_by_role("link", name="设置两步验证")).to_be_visible()
    assert console_log.errors == []
