"""Whether a signed-in person may open the back office is kept per user until permissions
change: a member's pages read no permissions for Wagtail's userbar, and granting or taking
away access shows on the very next page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from website.accounts.access import has_admin_access

pytestmark = pytest.mark.django_db

USERBAR = "<wagtail-userbar"


@pytest.fixture
def admin_group(db):
    group = Group.objects.create(name="测试·后台")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group


def _page(client) -> str:
    return client.get("/").content.decode()


def _permission_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    return [q["sql"] for q in captured.captured_queries if "auth_permission" in q["sql"]]


def test_a_members_pages_read_no_permissions_once_kept(client, site_home):
    client.force_login(UserFactory())
    assert USERBAR not in _page(client)
    assert _permission_queries(client) == []


def test_access_given_and_taken_shows_on_the_next_page(client, site_home, admin_group):
    user = UserFactory()
    client.force_login(user)
    assert USERBAR not in _page(client)

    user.groups.add(admin_group)  # joins a staff role
    assert USERBAR in _page(client)

    user.groups.remove(admin_group)
    assert USERBAR not in _page(client)

    user.user_permissions.add(admin_group.permissions.get())  # granted by hand
    assert USERBAR in _page(client)
    user.user_permissions.clear()
    assert USERBAR not in _page(client)


def test_a_role_losing_the_permission_or_deleted_takes_access_away(client, site_home, admin_group):
    user = UserFactory()
    user.groups.add(admin_group)
    client.force_login(user)
    assert USERBAR in _page(client)
    admin_group.permissions.clear()
    assert USERBAR not in _page(client)

    admin_group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    assert USERBAR in _page(client)
    admin_group.delete()
    assert USERBAR not in _page(client)


def test_inactive_superuser_and_anonymous(site_home):
    from django.contrib.auth.models import AnonymousUser

    assert has_admin_access(AnonymousUser()) is False
    assert has_admin_access(None) is False
    superuser = UserFactory(is_superuser=True)
    assert has_admin_access(superuser) is True
    superuser.is_active = False
    assert has_admin_access(superuser) is False
