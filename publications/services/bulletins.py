"""Members-only bulletin issues: a view restriction on the page, the PDF in a restricted
collection. Editors tick "members only"; publishing the issue applies it."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
)

from publications.models import BulletinIssuePage
from website.accounts import roles

MEMBERS_COLLECTION = "会员专享资料"
PUBLIC_COLLECTION = "会刊"


def _collection(name: str, *, members_only: bool) -> Collection:
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=name).first()
    if collection is None:
        collection = root.add_child(name=name)
    if members_only:
        members, _created = Group.objects.get_or_create(name=roles.MEMBERS)
        restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
        if restriction is None:
            restriction = CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=CollectionViewRestriction.GROUPS
            )
        restriction.groups.add(members)
    return collection


def members_collection() -> Collection:
    return _collection(MEMBERS_COLLECTION, members_only=True)


def public_collection() -> Collection:
    return _collection(PUBLIC_COLLECTION, members_only=False)


@transaction.atomic
def sync_bulletin_access(issue: BulletinIssuePage) -> None:
    """Apply the issue's "members only" flag to its page and to its PDF."""
    members, _created = Group.objects.get_or_create(name=roles.MEMBERS)
    restrictions = PageViewRestriction.objects.filter(page=issue)
    if issue.members_only:
        restriction = restrictions.filter(restriction_type=PageViewRestriction.GROUPS).first()
        if restriction is None:
            restriction = PageViewRestriction.objects.create(
                page=issue, restriction_type=PageViewRestriction.GROUPS
            )
        restriction.groups.add(members)
    else:
        restrictions.filter(restriction_type=PageViewRestriction.GROUPS).delete()
    if issue.pdf_id:
        collection = members_collection() if issue.members_only else public_collection()
        if issue.pdf.collection_id != collection.pk:
            issue.pdf.collection = collection
            issue.pdf.save(update_fields=["collection"])
