"""The admin's sidebar is kept per user (website.core.templatetags.kept_wagtailadmin): it is
what Wagtail builds for each staff role, it is not built again on the next page, and what it is
made of (groups, page permissions, branches, the user's name and badges) shows at once."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.admin.templatetags import wagtailadmin_tags as wagtail_tags
from wagtail.models import GroupPagePermission, Page
from wagtail.users.models import UserProfile

from members import services as member_services
from tests.factories import UserFactory
from tests.members.factories import BranchFactory
from website.accounts import roles
from website.core.templatetags import kept_wagtailadmin

pytestmark = pytest.mark.django_db

PROPS = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S
)


def _props(response) -> str:
    assert response.status_code == 200
    return PROPS.search(response.content.decode()).group(1)


def _labels(props: str) -> set[str]:
    """Every label in the packed menu (telepath keeps them as plain strings)."""
    found: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            found.add(node)

    walk(json.loads(props))
    return found


def _staff(*groups: str, **fields):
    roles.sync_roles()
    user = UserFactory(is_staff=True, **fields)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


@pytest.mark.parametrize(
    "groups",
    [
        (roles.MEMBERSHIP_STAFF,),
        (roles.CERTIFICATION_STAFF,),
        (roles.EVENTS_STAFF,),
        (roles.EDITORS,),
        (roles.FINANCE_STAFF,),
    ],
)
def test_the_kept_sidebar_is_wagtails_for_each_role(client, site_home, groups):
    client.force_login(_staff(*groups))
    first = client.get("/admin/")
    kept = _props(client.get("/admin/"))
    assert kept == _props(first)
    fresh = wagtail_tags.sidebar_props({"request": first.wsgi_request})
    assert PROPS.search(fresh).group(1) == kept
    assert "csrf" not in kept.lower()


def test_the_next_page_does_not_build_it_again(client, site_home, monkeypatch):
    client.force_login(_staff(roles.MEMBERSHIP_STAFF))
    client.get("/admin/")
    monkeypatch.setattr(wagtail_tags, "sidebar_props", lambda context: pytest.fail("built again"))
    assert _props(client.get("/admin/members/organizations/"))


def test_each_user_has_their_own(client, site_home):
    client.force_login(_staff(roles.MEMBERSHIP_STAFF, first_name="会员"))
    members = _labels(_props(client.get("/admin/")))
    client.force_login(_staff(roles.EDITORS, first_name="编辑"))
    editors = _labels(_props(client.get("/admin/")))
    assert "会员" in members and "编辑" in editors
    assert members != editors


def test_what_it_is_made_of_shows_at_once(client, site_home):
    user = _staff(roles.EDITORS, first_name="甲")
    client.force_login(user)
    before = _labels(_props(client.get("/admin/")))

    # A group: the membership role's menu.
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    with_members = _labels(_props(client.get("/admin/")))
    assert with_members > before - {"甲"} and with_members != before

    # Its name.
    user.first_name = "乙"
    user.save()
    assert "乙" in _labels(_props(client.get("/admin/")))

    # A permission of its own, then the branch it is secretary of ("My branches").
    user.user_permissions.add(Permission.objects.get(codename="view_expert"))
    member_services.add_secretary(BranchFactory(), user)
    assert "我的分支机构" in _labels(_props(client.get("/admin/")))


def test_page_permissions_empty_it(client, site_home):
    """The Pages item opens the pages the user may edit: a page permission given to one of the
    user's groups shows on the next page."""
    group = Group.objects.create(name="栏目编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    client.force_login(user)
    before = _props(client.get("/admin/"))
    GroupPagePermission.objects.create(
        group=group, page=Page.objects.get(depth=2), permission_type="change"
    )
    response = client.get("/admin/")
    fresh = PROPS.search(wagtail_tags.sidebar_props({"request": response.wsgi_request})).group(1)
    assert _props(response) == fresh != before


def test_dismissed_badges_are_part_of_the_key(client, site_home):
    user = _staff(roles.EDITORS)
    client.force_login(user)
    client.get("/admin/")
    key_before = kept_wagtailadmin._identity(user)
    profile = UserProfile.get_for_user(user)
    profile.dismissibles = {"help": True}
    profile.save()
    user.refresh_from_db()
    assert kept_wagtailadmin._identity(user) != key_before
