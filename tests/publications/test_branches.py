"""Branch sections: the section page, the editors' group kept in step with the secretaries,
and what a secretary may do in the admin (only inside their own section)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission

from members.models import Branch
from publications.models import BranchEditorGroup, BranchPage, NewsIndexPage, NewsPage
from publications.services import ensure_branch_section
from tests.factories import UserFactory
from tests.members.factories import BranchFactory
from tests.publications import factories
from website.accounts import roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def branch(home, secretary):
    branch = BranchFactory(name="生活垃圾分类与减量专业委员会", slug="waste-sorting")
    branch.secretaries.add(secretary)
    branch.refresh_from_db()
    return branch


@pytest.fixture
def other_branch(home):
    branch = BranchFactory(name="公厕建设管理专业委员会", slug="public-toilets")
    branch.refresh_from_db()
    return branch


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def _news_index(branch) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(branch.section_page).get()


def test_a_new_branch_gets_its_section_and_group(branch, secretary):
    page = branch.section_page.specific
    assert isinstance(page, BranchPage) and page.live
    assert page.title == branch.name
    assert _news_index(branch).live
    group = BranchEditorGroup.objects.get(branch=branch).group
    assert list(group.user_set.all()) == [secretary]
    codenames = set(
        GroupPagePermission.objects.filter(group=group).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}
    assert secretary.groups.filter(name=roles.BRANCH_SECRETARIES).exists()


def test_ensure_is_idempotent_and_links_on_demand(home):
    branch = BranchFactory()
    Branch.objects.filter(pk=branch.pk).update(section_page=None)
    branch.refresh_from_db()
    first = ensure_branch_section(branch)
    second = ensure_branch_section(branch)
    assert first.pk == second.pk
    assert BranchPage.objects.count() == 1


def test_secretaries_follow_the_branch_record(branch, secretary):
    group = BranchEditorGroup.objects.get(branch=branch).group
    newcomer = UserFactory()
    branch.secretaries.add(newcomer)
    assert set(group.user_set.all()) == {secretary, newcomer}
    branch.secretaries.remove(secretary)
    assert list(group.user_set.all()) == [newcomer]
    assert not secretary.groups.filter(name=roles.BRANCH_SECRETARIES).exists()
    newcomer.branches_as_secretary.clear()
    assert not group.user_set.exists()


def test_publish_directly_grants_publish_and_inactive_branch_revokes_all(branch, secretary):
    page = branch.section_page
    assert not page.permissions_for_user(secretary).can_publish()
    branch.publish_directly = True
    branch.save()
    # A fresh user object: Wagtail caches page permissions on the user.
    assert page.permissions_for_user(_fresh(secretary)).can_publish()
    branch.is_active = False
    branch.save()
    assert not page.permissions_for_user(_fresh(secretary)).can_edit()


def test_deleting_a_branch_removes_its_group(branch):
    group_id = BranchEditorGroup.objects.get(branch=branch).group_id
    branch.delete()
    assert not Group.objects.filter(pk=group_id).exists()


def test_secretary_may_edit_only_inside_own_section(branch, other_branch, secretary, home):
    own = branch.section_page
    assert own.permissions_for_user(secretary).can_edit()
    assert _news_index(branch).permissions_for_user(secretary).can_add_subpage()
    for elsewhere in (other_branch.section_page, _news_index(other_branch), home):
        permissions = elsewhere.permissions_for_user(secretary)
        assert not permissions.can_edit()
        assert not permissions.can_publish()
        assert not permissions.can_add_subpage()


_news_form = factories.news_form_data


def test_secretary_cannot_reach_another_branch_in_the_admin(
    client, branch, other_branch, secretary
):
    client.force_login(secretary)
    target = _news_index(other_branch)
    add_url = reverse("wagtailadmin_pages:add", args=["publications", "newspage", target.pk])
    response = client.post(add_url, _news_form("越权稿件", **{"action-publish": "1"}))
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.filter(title="越权稿件").exists()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[other_branch.section_page_id]))
    assert edit.status_code in (302, 403)


def test_secretary_submits_and_an_editor_approves(client, branch, secretary, editor, mailoutbox):
    client.force_login(secretary)
    index = _news_index(branch)
    add_url = reverse("wagtailadmin_pages:add", args=["publications", "newspage", index.pk])
    # Publishing is not theirs: the page stays a draft.
    client.post(add_url, _news_form("分类宣传周", **{"action-publish": "1"}))
    page = NewsPage.objects.get(title="分类宣传周")
    assert not page.live
    # Submitting starts the secretariat's workflow.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _news_form("分类宣传周", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None and state.workflow.name == "秘书处审核"

    client.force_login(editor)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200
