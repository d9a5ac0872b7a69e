"""Sections the events app adds to the home page and to the member portal."""

from __future__ import annotations

from django.utils import timezone


def upcoming_events(request, home) -> dict | None:
    from .models import EventIndexPage, EventPage

    pages = list(
        EventPage.objects.live()
        .public()
        .filter(event__ends_on__gte=timezone.localdate())
        .select_related("event")
        .order_by("event__starts_on")[:5]
    )
    if not pages:
        return None
    index = EventIndexPage.objects.live().first()
    return {"pages": pages, "index_url": index.url if index else ""}


def my_registrations(request, user) -> dict | None:
    from .models import ExhibitorApplication, Order

    orders = list(
        Order.objects.visible_to(user).select_related("event").order_by("-created_at")[:5]
    )
    applications = list(
        ExhibitorApplication.objects.visible_to(user)
        .select_related("event")
        .order_by("-created_at")[:3]
    )
    if not orders and not applications:
        return None
    return {"orders": orders, "applications": applications}
