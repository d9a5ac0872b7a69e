"""The page-cache invalidation of public member data."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from website.core.cache import invalidate_page_cache


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
