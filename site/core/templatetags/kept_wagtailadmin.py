"""Wagtail's `wagtailadmin_tags` library with the admin's sidebar kept per user: installed as
the "wagtailadmin_tags" library (settings.TEMPLATES), so Wagtail's own templates use it.

Every admin page builds the sidebar's menu from scratch: each menu item asks whether it is shown
to the user (permissions, a branch secretary's branches), then the whole menu is packed for the
browser (telepath). At this project's size that is 20-40 ms of CPU on every admin page. The
packed menu is the same for the same user until something it is made of changes, so it is kept
(`cached_fragment`) per user, language and host, under what it is made of:

- the user's groups and permissions, page and collection permissions ("permissions");
- the page tree, whose explorable root the Pages item opens ("pages");
- branches and their secretaries, which show "My branches" ("branches");
- the name, avatar and dismissed "what's new" badges the menu shows, and the user's superuser
  and staff flags, which are in the key.

The menu says nothing about the page being shown (the browser marks the current item), holds no
CSRF token and no messages. Every other tag and filter is Wagtail's own
(tests/site/test_kept_sidebar.py).
"""

from __future__ import annotations

import hashlib
import json

from django import template
from django.utils import translation
from wagtail.admin.templatetags import wagtailadmin_tags as wagtail_tags

register = template.Library()
register.tags.update(wagtail_tags.register.tags)
register.filters.update(wagtail_tags.register.filters)

AREAS = ("permissions", "pages", "branches")


def _identity(user) -> str:
    """What of the user the menu shows, as a short digest (part of the key)."""
    profile = getattr(user, "wagtail_userprofile", None)
    shown = [
        user.is_superuser,
        user.is_staff,
        user.first_name,
        user.get_username(),
        getattr(getattr(profile, "avatar", None), "name", "") or "",
        (profile.dismissibles if profile is not None else None) or {},
    ]
    return hashlib.sha256(json.dumps(shown, sort_keys=True, default=str).encode()).hexdigest()[:16]


@register.simple_tag(takes_context=True)
def sidebar_props(context):
    """Wagtail's `{% sidebar_props %}`, kept per user, language and host."""
    from website.core.cache import cached_fragment, fragment_seconds

    request = context["request"]
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return wagtail_tags.sidebar_props(context)
    key = ":".join(
        (
            "fragment:admin-sidebar",
            str(user.pk),
            _identity(user),
            translation.get_language() or "",
            request.get_host(),
        )
    )
    return cached_fragment(
        key,
        lambda: wagtail_tags.sidebar_props(context),
        fragment_seconds(),
        areas=AREAS,
        declare=False,
    )
