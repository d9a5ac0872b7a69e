"""Sections the events app adds to the home page and to the member portal."""

from __future__ import annotations

from django.utils import timezone

from website.core.cache import valid_through
from website.core.routing import public


def upcoming_events(request, home) -> dict | None:
    from .models import EventPage

    # One query: the restricted pages (their own restriction or an ancestor's) are known
    # without one (website.core.routing.public).
    pages = list(
        public(EventPage.objects.live())
        .filter(event__ends_on__gte=timezone.localdate())
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
