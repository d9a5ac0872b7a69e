"""Every way into a session goes through allauth (two-factor, rate limits, verified email).

Django's, Wagtail's front-end and Wagtail admin login views are password-only forms. The URL
patterns that would serve one must be shadowed by a redirect to allauth's login, and no URL of
the site may log a visitor in from a posted email and password, whatever its name.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import views as django_auth_views
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from wagtail.admin.views import account as wagtail_account_views

from tests.factories import PASSWORD, UserFactory
from website.settings import base as base_settings

PASSWORD_ONLY_LOGIN_VIEWS = (django_auth_views.LoginView, wagtail_account_views.LoginView)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def _view_class(callback):
    return getattr(callback, "view_class", None)


def _is_password_only_login(callback) -> bool:
    cls = _view_class(callback)
    return cls is not None and issubclass(cls, PASSWORD_ONLY_LOGIN_VIEWS)


def _plain_routes() -> list[str]:
    """Every route of the site without parameters, as a path (regex anchors stripped)."""
    routes = []
    for route, _pattern in _walk(get_resolver().url_patterns):
        if "<" in route or "(" in route or "[" in route or "\\" in route:
            continue
        path = "/" + route.replace("^", "").replace("$", "")
        routes.append(path)
    return sorted(set(routes))


def test_password_only_login_views_are_unreachable():
    shadowed = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if not _is_password_only_login(pattern.callback):
            continue
        path = "/" + route.replace("^", "").replace("$", "")
        match = resolve(path)
        assert not _is_password_only_login(match.func), f"{path} serves a password-only login"
        shadowed.append(path)
    # Wagtail admin's and Wagtail's front-end login exist in the URLconf and both are shadowed.
    assert "/admin/login/" in shadowed
    assert "/_util/login/" in shadowed


@pytest.mark.parametrize("path", ["/admin/login/", "/_util/login/", "/en/_util/login/"])
def test_other_login_doors_redirect_to_allauth(client, path):
    response = client.get(path + "?next=/members/")

    assert response.status_code == 302
    assert response["Location"].endswith(reverse("account_login") + "?next=/members/")


def test_restricted_pages_send_visitors_to_allauth(settings):
    from wagtail.wagtail_hooks import require_wagtail_login

    response = require_wagtail_login("/bulletins/1/")

    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_no_url_logs_in_with_a_password_alone(client, site_home):
    """Post a verified user's credentials to every plain URL: none yields a session.

    allauth's own login asks for the second factor first, so it opens no session either.
    """
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = UserFactory(email="door@example.org")
    TOTP.activate(user, generate_totp_secret())
    credentials = {
        "login": user.email,
        "email": user.email,
        "username": user.email,
        "password": PASSWORD,
    }
    routes = _plain_routes()
    assert len(routes) > 50  # the walk found the site's URLs
    opened = []
    for path in routes:
        client.post(path, credentials)
        if SESSION_KEY in client.session:
            opened.append(path)
            client.logout()
    assert opened == []


@pytest.mark.django_db
def test_front_end_login_door_ignores_guessed_passwords(client, site_home):
    """The old door accepted the right password after 30 wrong ones while allauth answered 429."""
    user = UserFactory(email="locked@example.org")
    with override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS):
        for _attempt in range(30):
            client.post("/_util/login/", {"username": user.email, "password": "wrong"})
        response = client.post("/_util/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert SESSION_KEY not in client.session
        # allauth counted nothing from the shadowed door, yet its own limits still hold.
        for _attempt in range(5):
            client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})
        client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert SESSION_KEY not in client.session
