"""Accounts (django-allauth): verification before login, rate limits, two-factor for staff, Chinese."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory
from website.accounts.models import User
from website.settings import base as base_settings

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Huanwei-2026-new"


def log_in(client, email: str, password: str = PASSWORD, next_url: str = ""):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def sign_up(client, email: str = "wang.wu@example.com"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "last_name": "王",
            "first_name": "五",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )


def link_in_email(message, path: str) -> str:
    return next(link for link in re.findall(r"https?://\S+", message.body) if path in link)


def test_sign_up_needs_email_verification_before_login(client, site_home):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    user = User.objects.get(email="wang.wu@example.com")
    assert (user.last_name, user.first_name) == ("王", "五")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["wang.wu@example.com"]

    # Logging in before the address is verified only sends the visitor to check the mailbox.
    other_browser = client.__class__()
    response = log_in(other_browser, "wang.wu@example.com", NEW_PASSWORD)
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in other_browser.session

    confirm_path = link_in_email(mail.outbox[0], "/auth/confirm-email/").split("testserver")[-1]
    assert client.get(confirm_path).status_code == 200
    response = client.post(confirm_path)

    assert response["Location"] == reverse("portal:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified


def test_unverified_user_cannot_log_in(client, site_home):
    UserFactory(email="unverified@example.com", verified=False)

    response = log_in(client, "unverified@example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["unverified@example.com"]


def test_verified_user_logs_in_to_the_portal(client, user, site_home):
    response = log_in(client, user.email)

    assert response["Location"] == reverse("portal:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_rate_limits_are_configured_outside_tests():
    limits = base_settings.ACCOUNT_RATE_LIMITS
    for action in ("login_failed", "signup", "confirm_email", "reset_password", "change_password"):
        assert limits.get(action), f"no rate limit for {action}"


def test_repeated_failed_logins_are_refused(client, user, site_home):
    with override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS):
        for _attempt in range(5):
            response = log_in(client, user.email, "wrong-password")
            assert "too many" not in response.content.decode().lower()
        response = log_in(client, user.email, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert "登录失败次数过多" in response.content.decode()


def test_rate_limited_page_is_styled_and_in_chinese(client, site_home):
    with override_settings(ACCOUNT_RATE_LIMITS={"reset_password": "1/m/ip"}):
        client.post(reverse("account_reset_password"), {"email": "a@example.com"})
        response = client.post(reverse("account_reset_password"), {"email": "b@example.com"})

    assert response.status_code == 429
    content = response.content.decode()
    assert "请求过于频繁" in content
    assert 'class="site-header"' in content


def test_login_page_is_in_chinese(client, site_home):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert re.search(r"<h1>\s*登录\s*</h1>", content)
    assert "忘记密码" in content
    assert "Sign In" not in content and "Forgot" not in content


def test_login_page_in_english_under_en(client, site_home):
    response = client.get("/en" + reverse("account_login"))

    assert '<html lang="en">' in response.content.decode()
    assert "Sign In" in response.content.decode()


ANONYMOUS_PAGES = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
    "account_reset_password_from_key_done",
]
MEMBER_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "portal:dashboard",
    "portal:profile",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_visitor_account_pages_render_in_the_site_layout(client, site_home, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert 'class="site-header"' in content
    assert 'class="container page-layout auth-layout"' in content


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_account_management_pages_render_in_the_portal(client, user, site_home, name):
    client.force_login(user)
    response = client.get(reverse(name))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert 'class="portal-nav"' in content or name == "account_reauthenticate"


def test_bad_confirmation_and_reset_links_are_explained(client, site_home):
    confirm = client.get(reverse("account_confirm_email", args=["bogus"]))
    reset = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bogus"})
    )

    assert confirm.status_code == 200 and "确认" in confirm.content.decode()
    assert reset.status_code == 200 and "新的密码重置" in reset.content.decode()


def test_password_reset_email_changes_the_password(client, user, site_home):
    client.post(reverse("account_reset_password"), {"email": user.email})
    path = link_in_email(mail.outbox[-1], "/auth/password/reset/key/").split("testserver")[-1]

    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response["Location"] == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.fixture
def secretariat_user(db):
    from website.accounts import roles
    from website.core.demo import ensure_user

    return ensure_user(
        "events@example.org",
        last_name="赵",
        first_name="会务",
        groups=(roles.EVENTS_STAFF,),
        is_staff=True,
        password=PASSWORD,
    )


def test_staff_can_reach_two_factor_setup(client, secretariat_user, site_home):
    log_in(client, secretariat_user.email)

    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert "身份验证器应用" in index.content.decode()

    # Activating asks for the password again, then shows the QR code.
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 302
    assert activate["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    activate = client.get(reverse("mfa_activate_totp"))
    assert activate.status_code == 200
    assert 'id="authenticator_secret"' in activate.content.decode()


def test_staff_without_two_factor_still_log_in_and_see_it_offered(
    client, secretariat_user, site_home
):
    response = log_in(client, secretariat_user.email, next_url="/admin/")
    assert response["Location"] == "/admin/"

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert f'href="{reverse("mfa_index")}"' in dashboard.content.decode()
    assert "设置两步验证" in dashboard.content.decode()

    account = client.get(reverse("wagtailadmin_account"))
    assert f'href="{reverse("mfa_index")}"' in account.content.decode()


def test_two_factor_reminder_disappears_once_set_up(client, secretariat_user, site_home):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(secretariat_user, generate_totp_secret())
    client.force_login(secretariat_user)

    assert "设置两步验证" not in client.get("/admin/").content.decode()


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/pages/"
