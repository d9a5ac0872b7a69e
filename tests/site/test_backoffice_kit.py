"""The back-office kit's action framework (website.core.backoffice) through a small viewset
(tests/site/backoffice_urls.py): a Django form validates, the service's domain error is a
message, the object and the permission are checked, and only a POST changes anything."""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.site.backoffice_urls")]


def url(group_pk) -> str:
    return f"/kit/groups/{group_pk}/action/rename/"


@pytest.fixture
def group():
    return Group.objects.create(name="秘书处")


@pytest.fixture
def clerk(client):
    """Staff with the permission to change groups (and to use the admin)."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="change_group"),
        Permission.objects.get(codename="access_admin"),
    )
    client.force_login(user)
    return user


def messages_of(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m).strip()) for m in response.context["messages"]]


def test_get_shows_the_form_and_changes_nothing(client, clerk, group):
    response = client.get(url(group.pk))
    assert response.status_code == 200
    assert response.context["form"].initial == {"name": "秘书处"}
    assert 'name="on"' in response.content.decode()
    group.refresh_from_db()
    assert group.name == "秘书处"
    for method in (client.put, client.delete, client.patch):
        assert method(url(group.pk)).status_code == 405


def test_a_valid_post_calls_the_service_and_goes_back(client, clerk, group):
    response = client.post(url(group.pk), {"name": "会员部", "on": "2026-03-01"})
    assert response.status_code == 302
    assert response["Location"] == f"/kit/groups/inspect/{group.pk}/"
    group.refresh_from_db()
    assert group.name == "会员部"
    page = client.get(response["Location"])
    assert ("success", "Renamed on 2026-03-01.") in messages_of(page)


@pytest.mark.parametrize("value", ["2026-02-30", "x", "2026-13-01", "1 March"])
def test_a_bad_date_returns_the_form_with_the_error(client, clerk, group, value):
    response = client.post(url(group.pk), {"name": "会员部", "on": value})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["on"]
    assert response.context["form"]["name"].value() == "会员部"
    group.refresh_from_db()
    assert group.name == "秘书处"


def test_text_with_a_nul_byte_is_a_form_error(client, clerk, group):
    response = client.post(url(group.pk), {"name": "会员\x00部", "on": "2026-03-01"})
    assert response.status_code == 200
    assert "name" in response.context["form"].errors


def test_the_domain_error_is_a_message_and_the_form_is_kept(client, clerk, group):
    response = client.post(url(group.pk), {"name": "taken", "on": "2026-03-01"})
    assert response.status_code == 200
    assert ("error", "That name is taken.") in messages_of(response)
    assert response.context["form"]["name"].value() == "taken"
    group.refresh_from_db()
    assert group.name == "秘书处"


def test_an_action_the_state_does_not_allow_is_refused(client, clerk):
    locked = Group.objects.create(name="locked")
    response = client.get(url(locked.pk), follow=True)
    assert response.redirect_chain == [(f"/kit/groups/inspect/{locked.pk}/", 302)]
    assert [level for level, _ in messages_of(response)] == ["error"]
    response = client.post(url(locked.pk), {"name": "open", "on": "2026-03-01"})
    assert response.status_code == 200
    assert [level for level, _ in messages_of(response)] == ["error"]
    locked.refresh_from_db()
    assert locked.name == "locked"


@pytest.mark.parametrize("pk", ["999999", str(2**63), str(2**70)])
def test_a_tampered_id_is_404(client, clerk, group, pk):
    assert client.get(url(pk)).status_code == 404
    assert client.post(url(pk), {"name": "x", "on": "2026-03-01"}).status_code == 404


def test_an_unknown_action_is_404(client, clerk, group):
    assert client.get(f"/kit/groups/{group.pk}/action/delete/").status_code == 404


def test_without_the_permission_it_is_403(client, group):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url(group.pk)).status_code == 403
    assert client.post(url(group.pk), {"name": "x", "on": "2026-03-01"}).status_code == 403
    group.refresh_from_db()
    assert group.name == "秘书处"


def test_service_managed_records_have_no_hand_writing_views(client, clerk, group):
    for view in ("new/", f"edit/{group.pk}/", f"delete/{group.pk}/"):
        assert client.get(f"/kit/groups/{view}").status_code == 404


def test_inspect_and_listing_offer_the_actions_the_user_may_take_now(client, clerk, group):
    locked = Group.objects.create(name="locked")
    inspect = client.get(f"/kit/groups/inspect/{group.pk}/").content.decode()
    assert url(group.pk) in inspect
    assert url(locked.pk) not in client.get(f"/kit/groups/inspect/{locked.pk}/").content.decode()
    listing = client.get("/kit/groups/").content.decode()
    assert url(group.pk) in listing and url(locked.pk) not in listing
    clerk.user_permissions.remove(Permission.objects.get(codename="change_group"))
    clerk.user_permissions.add(Permission.objects.get(codename="view_group"))
    clerk = type(clerk).objects.get(pk=clerk.pk)  # a fresh permission cache
    client.force_login(clerk)
    assert url(group.pk) not in client.get(f"/kit/groups/inspect/{group.pk}/").content.decode()
