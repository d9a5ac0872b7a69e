"""A listing row's "more" menu, written in Python (website.core.admin_buttons), is the markup
Wagtail's templates render: for hostile and lazy labels, buttons with and without links and
icons, for every back-office listing with rows, as each staff role sees it, in both
languages; and the templates are rendered again as soon as any of them is not the text the
writer was checked against."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.test.html import parse_html
from django.utils import translation
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets.button import Button, ButtonWithDropdown
from wagtail.users.models import UserProfile

from tests.factories import UserFactory
from tests.members.factories import MembershipFactory
from tests.site.test_admin_listing_queries import FEW, LISTINGS
from website.accounts import roles
from website.core import admin_buttons
from website.core.admin_buttons import WrittenButtonWithDropdown, written_buttons

pytestmark = pytest.mark.django_db

HOSTILE = "\"><script>alert(1)</script>&amp;'{{ x }}"


class OwnTemplate(Button):
    """A button with a template of its own: rendered by it, inside a written menu."""

    template_name = "wagtailadmin/shared/icon.html"

    def get_context_data(self, parent_context):
        return {"name": "cog", "classname": "own", "title": self.label}


def _menus():
    with_url = Button(gettext_lazy("Edit"), url="/admin/x/edit/1/?next=/a&b=<c>", icon_name="edit")
    return [
        ButtonWithDropdown(
            buttons=[
                with_url,
                Button(HOSTILE, url="/admin/x/delete/1/", icon_name="bin", priority=30),
                Button("无链接", attrs={"data-action": "a&b"}, classname="button-secondary"),
                Button("Inspect", url="/admin/x/inspect/1/", icon_name="info-circle", priority=1),
            ],
            icon_name="dots-horizontal",
            attrs={"aria-label": f"More options for '{HOSTILE}'"},
        ),
        ButtonWithDropdown(buttons=[with_url], label="操作", classname="button-small"),
        ButtonWithDropdown(buttons=[with_url, OwnTemplate("Own <b>")], attrs={"data-x": "1"}),
        ButtonWithDropdown(buttons=[]),
    ]


def _same_html(written: str, rendered: str) -> None:
    assert parse_html(written) == parse_html(rendered)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_menu_is_written_as_the_templates_render_it(language):
    assert admin_buttons.templates_are_written(), "Wagtail's templates changed: see the module"
    with translation.override(language):
        for menu in _menus():
            written = WrittenButtonWithDropdown.like(menu).render_html({"request": None})
            _same_html(written, menu.render_html({"request": None}))
            assert "<script>" not in written


def test_a_changed_template_is_rendered_by_the_engine(monkeypatch):
    monkeypatch.setattr(admin_buttons, "WRITTEN_SHA256", "0" * 64)
    for menu in _menus():
        written = WrittenButtonWithDropdown.like(menu).render_html({"request": None})
        assert written == menu.render_html({"request": None})  # to the character


def test_only_the_stock_menu_is_replaced():
    class OwnMenu(ButtonWithDropdown):
        pass

    own, stock, plain = OwnMenu(buttons=[]), ButtonWithDropdown(buttons=[]), Button("x", url="/")
    replaced = written_buttons([own, stock, plain])
    assert replaced[0] is own and replaced[2] is plain
    assert type(replaced[1]) is WrittenButtonWithDropdown


_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _listing_body(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    body = response.content.decode()
    start, end = body.index("<main"), body.index("</main>") + len("</main>")
    return _TOKEN.sub("", body[start:end])


def _both_ways(client, path, monkeypatch) -> tuple[str, str]:
    written = _listing_body(client, path)
    with monkeypatch.context() as patch:
        patch.setattr(admin_buttons, "templates_are_written", lambda: False)
        rendered = _listing_body(client, path)
    return written, rendered


@pytest.mark.parametrize("path", sorted(LISTINGS))
def test_every_listing_reads_the_same_with_the_templates(path, request, client, monkeypatch):
    LISTINGS[path](request)(FEW)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    written, rendered = _both_ways(client, path, monkeypatch)
    _same_html(written, rendered)


@pytest.mark.parametrize(
    "role, path",
    [
        (roles.MEMBERSHIP_STAFF, "/admin/members/organizations/"),
        (roles.FINANCE_STAFF, "/admin/members/invoices/"),
        (roles.CERTIFICATION_STAFF, "/admin/certification/applications/"),
        (roles.EVENTS_STAFF, "/admin/events/orders/"),
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_staff_role_sees_the_same_menus(role, path, language, request, client, monkeypatch):
    LISTINGS[path](request)(FEW)
    for number in range(3):  # names that must be escaped in each row's "More options for …"
        MembershipFactory(organization__name=f"{HOSTILE}{number}")
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    written, rendered = _both_ways(client, path, monkeypatch)
    assert 'data-controller="w-dropdown"' in written  # rows with their menus
    _same_html(written, rendered)
