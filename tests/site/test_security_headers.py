"""Headers that protect people: CSP on pages, private caching for signed-in people, no loops."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.members.helpers import member_organization

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = ["site", "members", "certification", "events", "publications"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def _public_templates():
    """Templates of public and portal pages (the Wagtail admin's are outside the policy)."""
    for app in APP_DIRS:
        for path in (ROOT / app).rglob("templates/**/*.html"):
            parts = set(path.parts)
            if (
                "admin" in parts
                or "wagtailadmin" in parts
                or any(part.endswith("admin") for part in path.relative_to(ROOT).parts)
            ):
                continue
            yield path


def test_public_templates_have_no_inline_script():
    """Scripts come from static files only, so `script-src 'self'` holds everywhere."""
    offenders = []
    for path in _public_templates():
        text = path.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_carry_a_strict_content_security_policy(client, site_home):
    response = client.get("/")

    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    # The cached copy carries it too.
    assert "Content-Security-Policy" in client.get("/")


def test_admin_is_outside_the_policy(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


@pytest.fixture
def member(client):
    organization, membership, admin = member_organization(
        paid_through=datetime.date(timezone.localdate().year, 12, 31)
    )
    client.force_login(admin)
    return membership


def _private(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives and "public" not in directives


def test_signed_in_pages_and_files_are_not_stored(client, site_home, member):
    dashboard = client.get(reverse("portal:dashboard"))
    certificate = client.get(reverse("member_portal:certificate", args=[member.pk]))
    home = client.get("/")

    assert dashboard.status_code == 200 and _private(dashboard)
    assert certificate.status_code == 200 and _private(certificate)
    assert certificate["Content-Type"] == "application/pdf"
    assert _private(home)  # rendered for this person: their name is in the header


def test_anonymous_pages_stay_cacheable(client, site_home):
    response = client.get("/")

    assert not _private(response)


def test_a_member_opening_the_admin_is_told_why_not_looped(client, site_home, member):
    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert response.redirect_chain == []
    body = response.content.decode()
    assert "会员服务" in body or reverse("portal:dashboard") in body
    assert reverse("portal:dashboard") in body


def test_anonymous_visitors_of_the_admin_are_sent_to_log_in(client):
    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_still_reach_the_admin(client, site_home):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    assert client.get("/admin/").status_code == 200
