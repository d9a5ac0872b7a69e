import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from website.accounts import roles

pytestmark = pytest.mark.django_db


def test_every_role_exists_after_migrate():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.name for role in roles.ROLES} <= names


def test_secretariat_groups_reach_the_admin_and_their_app():
    membership = Group.objects.get(name=roles.MEMBERSHIP_STAFF)
    codenames = set(membership.permissions.values_list("codename", flat=True))
    assert "access_admin" in codenames
    assert "change_organization" in codenames
    assert (
        not Group.objects.get(name=roles.EXPERTS)
        .permissions.filter(codename="access_admin")
        .exists()
    )


def test_editors_may_publish_anywhere_on_the_site():
    editors = Group.objects.get(name=roles.EDITORS)
    root = Page.get_first_root_node()
    granted = set(
        GroupPagePermission.objects.filter(group=editors, page=root).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= granted


def test_sync_is_idempotent_and_keeps_manual_grants():
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=roles.EVENTS_STAFF)
    extra = Permission.objects.get(codename="view_organization")
    group.permissions.add(extra)
    before = group.permissions.count()
    roles.sync_roles()
    roles.sync_roles()
    assert group.permissions.count() == before
    assert GroupPagePermission.objects.filter(group__name=roles.EDITORS).count() == len(
        roles.PAGE_EDITING
    )
