"""Branch sections and who may edit them.

Each branch has a section page (BranchPage) under 分支机构, a collection of images and
documents under the 分支机构 collection, and a Wagtail group whose page and collection
permissions cover that section and that collection only (never the root page or the root
collection: a secretary's image and document listings and choosers show their branch's items
alone). The group's members are the branch's secretaries; the signals in
publications.signals call `sync_branch_editors` whenever the branch record or its
secretaries change. Pages they submit go through the editorial workflow; a branch marked
`publish_directly` gets publish permission instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from members.models import Branch
from members.services import sync_secretaries_group
from publications.models import BranchEditorGroup, BranchIndexPage, BranchPage, NewsIndexPage
from publications.models.news import NewsSection

from .workflows import assign_editorial_workflow

SUBMIT_PERMISSIONS = ("add_page", "change_page")
PUBLISH_PERMISSIONS = ("add_page", "change_page", "publish_page")
BRANCH_NEWS_SLUG = "news"
BRANCH_COLLECTIONS = "分支机构"
# What a secretary may do with images and documents, in their branch's collection only.
MEDIA_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
)


def editor_group_name(branch: Branch) -> str:
    return f"分支机构·{branch.name}"[:150]


def branch_index() -> BranchIndexPage | None:
    """The 分支机构 page of the Chinese site, created under the home page when missing."""
    from website.core.models import HomePage

    index = BranchIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if index is not None:
        return index
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        return None  # no site yet (e.g. a bare test database): sections come on demand later
    index = BranchIndexPage(
        title="分支机构",
        slug="branches",
        introduction="协会设有专业委员会、分会和工作委员会，分支机构在协会领导下开展工作。",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@transaction.atomic
def ensure_branch_section(branch: Branch, *, user=None) -> BranchPage | None:
    """The branch's section page, created (with a news index) and linked when missing."""
    page = None
    if branch.section_page_id:
        page = BranchPage.objects.filter(pk=branch.section_page_id).first()
    if page is None:
        index = branch_index()
        if index is None:
            return None
        page = BranchPage.objects.child_of(index).filter(slug=branch.slug).first()
        if page is None:
            page = BranchPage(
                title=branch.name,
                slug=branch.slug,
                introduction=branch.description[:500],
                owner=user,
            )
            index.add_child(instance=page)
            page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
            log(page, "wagtail.create", user=user)
        if not NewsIndexPage.objects.child_of(page).exists():
            news = NewsIndexPage(
                title="工作动态", slug=BRANCH_NEWS_SLUG, section=NewsSection.BRANCH, owner=user
            )
            page.add_child(instance=news)
            news.save_revision(user=user).publish(user=user, skip_permission_checks=True)
        # update() rather than save(): the branch's post_save must not run again.
        Branch.objects.filter(pk=branch.pk).update(section_page=page)
        branch.section_page = page
        log(branch, "publications.branch.section", user=user, data={"page": page.pk})
    assign_editorial_workflow(page)
    sync_branch_editors(branch)
    return page


def branch_collection(branch: Branch, group: Group | None = None) -> Collection | None:
    """The branch's collection under 分支机构, created when missing and renamed with the
    branch. The branch's group is the link: the collection it holds permissions on."""
    root = Collection.get_first_root_node()
    if root is None:
        return None
    parent = root.get_children().filter(name=BRANCH_COLLECTIONS).first()
    if parent is None:
        parent = root.add_child(name=BRANCH_COLLECTIONS)
    children = Collection.objects.child_of(parent)
    collection = None
    if group is not None:
        collection = children.filter(group_permissions__group=group).first()
    if collection is None:
        collection = children.filter(name=branch.name).first()
    if collection is None:
        return parent.add_child(name=branch.name)
    if collection.name != branch.name and not children.filter(name=branch.name).exists():
        collection.name = branch.name
        collection.save(update_fields=["name"])
    return collection


def _sync_collection_permissions(branch: Branch, group: Group) -> None:
    wanted: set[tuple[int, int]] = set()
    if branch.is_active:
        collection = branch_collection(branch, group)
        if collection is not None:
            for app_label, codenames in MEDIA_PERMISSIONS:
                wanted |= {
                    (collection.pk, permission.pk)
                    for permission in Permission.objects.filter(
                        content_type__app_label=app_label, codename__in=codenames
                    )
                }
    existing = {
        (row.collection_id, row.permission_id): row.pk
        for row in GroupCollectionPermission.objects.filter(group=group)
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        GroupCollectionPermission.objects.filter(pk__in=stale).delete()
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(
                group=group, collection_id=collection_id, permission_id=permission_id
            )
            for collection_id, permission_id in wanted - existing.keys()
        ]
    )


@transaction.atomic
def sync_branch_editors(branch: Branch) -> Group:
    """Make the branch's group match the record: its secretaries, its section, its collection,
    its rights."""
    name = editor_group_name(branch)
    link = BranchEditorGroup.objects.select_related("group").filter(branch=branch).first()
    if link is None:
        group, _created = Group.objects.get_or_create(name=name)
        link = BranchEditorGroup.objects.create(branch=branch, group=group)
    group = link.group
    if group.name != name and not Group.objects.filter(name=name).exists():
        group.name = name
        group.save(update_fields=["name"])

    secretaries = list(branch.secretaries.all()) if branch.is_active else []
    group.user_set.set(secretaries)

    wanted: set[tuple[int, int]] = set()
    if branch.is_active and branch.section_page_id:
        codenames = PUBLISH_PERMISSIONS if branch.publish_directly else SUBMIT_PERMISSIONS
        wanted = {
            (branch.section_page_id, permission.pk)
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            )
        }
    existing = {
        (row.page_id, row.permission_id): row.pk
        for row in GroupPagePermission.objects.filter(group=group)
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        GroupPagePermission.objects.filter(pk__in=stale).delete()
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
            for page_id, permission_id in wanted - existing.keys()
        ]
    )
    _sync_collection_permissions(branch, group)

    sync_secretaries_group(user.pk for user in secretaries)
    return group


def remove_branch_editors(branch: Branch) -> None:
    """The branch is deleted: its group goes with it."""
    link = BranchEditorGroup.objects.select_related("group").filter(branch=branch).first()
    if link is not None:
        link.group.delete()
