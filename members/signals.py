"""Signals other apps listen to, and the page-cache invalidation of public member data.

branch_secretaries_changed(sender=Branch, branch, secretary, added, user): sent inside the
transaction of members.services.add_secretary/remove_secretary, so that the publications app
can grant or revoke page permissions on the branch's website section atomically.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from website.core.cache import invalidate_page_cache

branch_secretaries_changed = Signal()


def connect_cache_invalidation() -> None:
    """The public directory shows organizations, their memberships and categories."""
    from .models import BusinessCategory, Membership, Organization

    for model in (Organization, Membership, BusinessCategory):
        label = model._meta.label_lower
        post_save.connect(invalidate_page_cache, sender=model, dispatch_uid=f"{label}.cache.save")
        post_delete.connect(
            invalidate_page_cache, sender=model, dispatch_uid=f"{label}.cache.delete"
        )
    m2m_changed.connect(
        invalidate_page_cache,
        sender=Organization.categories.through,
        dispatch_uid="members.organization.categories.cache",
    )
