"""A branch secretary in the admin: nothing outside their own section can be edited, added
to, published, unpublished, moved, copied into, locked or deleted, through any admin URL;
inside it, publishing waits for the editors unless the branch publishes directly."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from publications.models import NewsIndexPage, NewsPage, NewsSection
from tests.factories import UserFactory
from tests.members.factories import BranchFactory
from tests.publications import factories

pytestmark = pytest.mark.django_db

ADMIN_HOME = "/admin/"


@pytest.fixture
def secretary(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def own(sections, secretary):
    branch = BranchFactory(name="生活垃圾分类与减量专业委员会", slug="waste-sorting")
    branch.secretaries.add(secretary)
    branch.refresh_from_db()
    return branch


@pytest.fixture
def other(sections):
    branch = BranchFactory(name="公厕建设管理专业委员会", slug="public-toilets")
    branch.refresh_from_db()
    return branch


def _news_index(branch) -> NewsIndexPage:
    return NewsIndexPage.objects.child_of(branch.section_page).get()


@pytest.fixture
def pages(own, other, sections, home):
    """Pages outside the secretary's section, by name, and one news item inside it."""
    other_index = _news_index(other)
    notices = sections[NewsSection.NOTICES]
    return {
        "other_section": other.section_page.specific,
        "other_news_index": other_index,
        "other_item": factories.news(other_index, "公厕委员会动态"),
        "notices": notices,
        "notice": factories.news(notices, "关于缴纳会费的通知"),
        "news_centre": sections[NewsSection.ALL],
        "home": home,
        "own_item": factories.news(_news_index(own), "分类委员会动态"),
    }


OUTSIDE = ["other_section", "other_news_index", "other_item", "notices", "notice", "home"]


def _denied(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == ADMIN_HOME
    )


def _snapshot(page: Page) -> tuple:
    page = Page.objects.get(pk=page.pk)
    return (page.title, page.live, page.path, page.locked, page.has_unpublished_changes)


VIEWS = ["edit", "add_subpage", "delete", "move", "copy", "unpublish", "history"]


@pytest.mark.parametrize("target", OUTSIDE)
def test_admin_pages_outside_the_section_are_refused(client, secretary, pages, target):
    client.force_login(secretary)
    for view in VIEWS:
        url = reverse(f"wagtailadmin_pages:{view}", args=[pages[target].pk])
        assert _denied(client.get(url)), url


@pytest.mark.parametrize("target", OUTSIDE)
def test_changes_outside_the_section_are_refused(client, secretary, pages, target):
    page = pages[target]
    before = _snapshot(page)
    children = Page.objects.get(pk=page.pk).get_children_count()
    client.force_login(secretary)
    posts = [
        (
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            factories.news_form_data("越权修改", slug=page.slug, **{"action-publish": "1"}),
        ),
        (
            reverse("wagtailadmin_pages:add", args=["publications", "newspage", page.pk]),
            factories.news_form_data("越权新增", slug="intruder", **{"action-publish": "1"}),
        ),
        (reverse("wagtailadmin_pages:delete", args=[page.pk]), {}),
        (reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {}),
        (reverse("wagtailadmin_pages:lock", args=[page.pk]), {}),
        (
            reverse(
                "wagtailadmin_pages:move_confirm", args=[page.pk, pages["own_item"].get_parent().pk]
            ),
            {},
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert _denied(response) or response.status_code in (400, 405), (url, response.status_code)
    for action in ("publish", "unpublish", "delete"):
        client.post(
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={page.pk}",
            {},
        )
    assert _snapshot(page) == before
    assert Page.objects.get(pk=page.pk).get_children_count() == children
    assert not Page.objects.filter(title__in=["越权修改", "越权新增"]).exists()


def test_own_pages_cannot_be_moved_or_copied_out_of_the_section(client, secretary, pages, other):
    own_item = pages["own_item"]
    parent = own_item.get_parent()
    client.force_login(secretary)
    for destination in (_news_index(other), pages["notices"]):
        client.post(reverse("wagtailadmin_pages:move_confirm", args=[own_item.pk, destination.pk]))
        client.post(
            reverse("wagtailadmin_pages:copy", args=[own_item.pk]),
            {
                "new_title": "复制到别处",
                "new_slug": "copied-out",
                "new_parent_page": destination.pk,
                "publish_copies": "on",
            },
        )
    assert NewsPage.objects.get(pk=own_item.pk).get_parent().pk == parent.pk
    assert not NewsPage.objects.filter(title="复制到别处").exists()


def test_inside_the_section_publishing_waits_for_the_editors(client, secretary, pages):
    own_item = pages["own_item"]
    index = own_item.get_parent()
    client.force_login(secretary)
    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=[own_item.pk]),
        factories.news_form_data("改后标题", slug=own_item.slug, **{"action-publish": "1"}),
    )
    assert edit.status_code in (200, 302)
    own_item.refresh_from_db()
    assert own_item.title == "分类委员会动态"  # the live page is unchanged
    assert own_item.get_latest_revision_as_object().title == "改后标题"  # a draft was saved

    client.post(
        reverse("wagtailadmin_pages:copy", args=[own_item.pk]),
        {
            "new_title": "本会复制",
            "new_slug": "own-copy",
            "new_parent_page": index.pk,
            "publish_copies": "on",
        },
    )
    copy = NewsPage.objects.get(title="本会复制")
    assert not copy.live and copy.get_parent().pk == index.pk

    client.post(
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={copy.pk}",
        {},
    )
    assert not NewsPage.objects.get(pk=copy.pk).live
    client.post(reverse("wagtailadmin_pages:unpublish", args=[own_item.pk]))
    assert NewsPage.objects.get(pk=own_item.pk).live


def test_a_branch_that_publishes_directly(client, sections, other):
    secretary = UserFactory(is_staff=True)
    branch = BranchFactory(name="标准化技术委员会", slug="standardization", publish_directly=True)
    branch.secretaries.add(secretary)
    branch.refresh_from_db()
    client.force_login(secretary)
    response = client.post(
        reverse(
            "wagtailadmin_pages:add", args=["publications", "newspage", _news_index(branch).pk]
        ),
        factories.news_form_data("标准宣贯会召开", slug="xuanguan", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(title="标准宣贯会召开")
    assert page.live
    assert client.get(page.url).status_code == 200
    # Publishing directly is theirs only inside their own section.
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["publications", "newspage", _news_index(other).pk]),
        factories.news_form_data("越权发布", slug="elsewhere", **{"action-publish": "1"}),
    )
    assert _denied(response)
    assert not NewsPage.objects.filter(title="越权发布").exists()


def test_a_secretary_cannot_approve_their_own_submission(client, secretary, pages):
    own_item = pages["own_item"]
    client.force_login(secretary)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[own_item.pk]),
        factories.news_form_data("送审标题", slug=own_item.slug, **{"action-submit": "1"}),
    )
    state = NewsPage.objects.get(pk=own_item.pk).current_workflow_state
    assert state is not None
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[own_item.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (302, 403)
    page = NewsPage.objects.get(pk=own_item.pk)
    assert page.title == "分类委员会动态"  # the submitted revision is not live
    assert page.current_workflow_state.status == "in_progress"
