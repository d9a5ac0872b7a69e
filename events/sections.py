"""Sections the events app adds to the home page and to the member portal."""

from __future__ import annotations

from django.utils import timezone

from website.core.cache import valid_through


def upcoming_events(request, home) -> dict | None:
    from .models import EventPage

    # One query: `.public()` would cost another (it reads all view restrictions first), so
    # pages with a restriction of their own are left out by a join instead.
    pages = list(
        EventPage.objects.live()
        .filter(event__ends_on__gte=timezone.localdate(), view_restrictions__isnull=True)
        .select_related("event")
        .order_by("event__starts_on")[:5]
    )
    for page in pages:
        valid_through(page.event.ends_on)  # a past event leaves the list
    if not pages:
        return None
    # The index is the pages' parent: its URL is theirs without the last segment (no query).
    first_url = pages[0].get_url(request=request) or ""
    index_url = (
        first_url[: -len(pages[0].slug) - 1] if first_url.endswith(f"{pages[0].slug}/") else ""
    )
    return {"pages": pages, "index_url": index_url}


def my_registrations(request, user) -> dict | None:
    from members.access import member_access

    from .models import ExhibitorApplication, Order

    organization_ids = member_access(request).organization_ids
    orders = list(
        Order.objects.visible_to(user, organization_ids=organization_ids)
        .select_related("event")
        .order_by("-created_at")[:5]
    )
    applications = list(
        ExhibitorApplication.objects.visible_to(user, organization_ids=organization_ids)
        .select_related("event")
        .order_by("-created_at")[:3]
    )
    if not orders and not applications:
        return None
    return {"orders": orders, "applications": applications}
