"""Sections the events app adds to the home page and to the member portal."""

from __future__ import annotations

from django.utils import timezone

from website.core.cache import valid_through
from website.core.kept_sql import as_user, kept_sql
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

    organization_ids = member_access(request).organization_ids
    orders = _recent_orders(user.pk, organization_ids)
    applications = _recent_exhibitor_applications(user.pk, organization_ids)
    if not orders and not applications:
        return None
    return {"orders": orders, "applications": applications}


@kept_sql
def _recent_orders(user_id: int, organization_ids: list[int]):
    from .models import Order

    return (
        Order.objects.visible_to(as_user(user_id), organization_ids=organization_ids)
        .select_related("event")
        .order_by("-created_at")[:5]
    )


@kept_sql
def _recent_exhibitor_applications(user_id: int, organization_ids: list[int]):
    from .models import ExhibitorApplication

    return (
        ExhibitorApplication.objects.visible_to(as_user(user_id), organization_ids=organization_ids)
        .select_related("event")
        .order_by("-created_at")[:3]
    )
