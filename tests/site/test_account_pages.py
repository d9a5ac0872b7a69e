"""Sign-up, login, password and two-factor pages speak the site's Chinese: 您, 电子邮箱, 账户.

django-allauth's and Django's zh_Hans catalogues say 你 (the password rules), "Email地址",
帐号/账号, 登出, 双因素 and leave "This password is too short…" in English; the site overrides
them (website/accounts/wording.py). Each page is rendered as a visitor sees it, with and
without form errors, and checked for 你, English words and the library's terms.
"""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# Words with a lower-case letter ("Email", "This password"); codes such as TOTP are not words.
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9@.])(?=[A-Z]*[a-z])[A-Za-z]{4,}(?![A-Za-z0-9])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# The library's words where the site has its own.
NOT_OUR_TERMS = ["你", "帐号", "账号", "登出", "双因素", "token", "免去"]


def visible_text(content: str) -> str:
    """The text of <main>, as read on screen (no scripts, tags or comments)."""
    content = re.sub(r"(?s)<(script|style|svg|template)\b.*?</\1>", " ", content)
    main = re.search(r"(?s)<main\b.*?</main>", content)
    content = main.group(0) if main else content
    content = re.sub(r"(?s)<!--.*?-->", " ", content)
    return html.unescape(re.sub(r"<[^>]+>", " ", content))


def wording_problems(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    text = visible_text(response.content.decode())
    found = [f"{term!r}" for term in NOT_OUR_TERMS if term in text]
    words = sorted(set(ENGLISH_WORD.findall(EMAIL.sub("", text))))
    if words:
        found.append(f"English: {words}")
    return found


def check(pages: dict) -> None:
    failures = {
        name: problems
        for name, response in pages.items()
        if (problems := wording_problems(response))
    }
    assert not failures, failures


def test_public_account_pages(client, site_home):
    url = reverse
    pages = {
        name: client.get(url(name))
        for name in (
            "account_login",
            "account_signup",
            "account_reset_password",
            "account_reset_password_done",
            "account_reset_password_from_key_done",
            "account_email_verification_sent",
            "account_inactive",
        )
    }
    pages["confirm_email (expired link)"] = client.get(
        url("account_confirm_email", args=["expired-key"])
    )
    pages["reset_from_key (bad link)"] = client.get(
        url("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "bad"})
    )
    check(pages)


def test_account_pages_with_form_errors(client, site_home):
    pages = {
        "login: wrong password": client.post(
            reverse("account_login"), {"login": "nobody@example.org", "password": "wrong"}
        ),
        "signup: bad email, short password": client.post(
            reverse("account_signup"),
            {"email": "not-an-address", "password1": "a1", "password2": "b2"},
        ),
        "signup: numeric, common password": client.post(
            reverse("account_signup"),
            {
                "email": "ok@example.org",
                "last_name": "王",
                "first_name": "五",
                "password1": "12345678",
                "password2": "12345678",
            },
        ),
        "reset: bad email": client.post(reverse("account_reset_password"), {"email": "bad"}),
    }
    check(pages)
    signup = pages["signup: bad email, short password"].content.decode()
    assert "请输入有效的电子邮箱地址。" in signup
    assert "这个密码太短，至少需要包含 8 个字符。" in signup


def test_signed_in_account_pages(client, site_home):
    user = UserFactory()
    client.force_login(user)
    pages = {
        name: client.get(reverse(name))
        for name in (
            "account_email",
            "account_change_password",
            "account_logout",
            "account_reauthenticate",
            "mfa_index",
        )
    }
    # Setting up two-factor asks for the password again first.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    pages["mfa_activate_totp"] = client.get(reverse("mfa_activate_totp"))
    pages["mfa_activate_totp: wrong code"] = client.post(
        reverse("mfa_activate_totp"), {"code": "123456"}
    )
    pages["change password: errors"] = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "a1", "password2": "b2"},
    )
    pages["email: bad address"] = client.post(
        reverse("account_email"), {"action_add": "", "email": "bad"}
    )
    check(pages)
    assert "以下电子邮箱地址已关联到您的账户" in visible_text(
        pages["account_email"].content.decode()
    )


def test_english_account_pages_stay_english(client, site_home):
    """The overrides are Chinese translations only: /en/ keeps allauth's English."""
    with translation.override("en"):
        url = reverse("account_signup")
    content = client.get(url).content.decode()
    assert "Your password can’t be too similar" in content
    assert "您" not in visible_text(content)
