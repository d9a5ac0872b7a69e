"""Whether a signed-in person may open the back office, without reading their permissions on
every page they view.

Wagtail's userbar asks `has_perm("wagtailadmin.access_admin")` on every page a signed-in
person opens, which reads all of their user and group permissions (two queries) only to learn,
for a member, that there is nothing to show. The answer is kept per user in the cache area
"permissions", which every change of a group's permissions, a user's groups or a user's own
permissions empties (see AccountsConfig.ready).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from website.core.cache import cached_fragment, fragment_seconds

from .roles import ADMIN_ACCESS

PERMISSIONS = "permissions"


def has_admin_access(user: AbstractBaseUser | AnonymousUser) -> bool:
    """`user.has_perm("wagtailadmin.access_admin")`, kept until the permissions change."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or hasattr(user, "_perm_cache"):
        return user.has_perm(ADMIN_ACCESS)  # no query: decided, or already read this request
    return cached_fragment(
        f"accounts:admin-access:{user.pk}",
        lambda: user.has_perm(ADMIN_ACCESS),
        fragment_seconds(),
        areas=[PERMISSIONS],
        declare=False,  # a signed-in person's page is never stored in the page cache
    )
