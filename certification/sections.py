"""What certification adds to the home page and to the member portal's front page."""

from __future__ import annotations

from django.db.models import Case, Q, Value, When
from django.utils import timezone

from website.core.cache import cached_fragment, fragment_seconds, valid_from, valid_through

from .models import Application


def home(request, page) -> dict | None:
    """Applications whose publicity window is open today, and the newest certificates. Kept
    in the cache until the register changes (every service that alters them empties it) or
    a window opens or closes, whichever comes first."""
    today = timezone.localdate()
    key = f"certification:home-section:{today.isoformat()}"
    context = cached_fragment(
        key, lambda: _home_context(today), fragment_seconds(), areas=["register"]
    )
    if not context["publicity"] and not context["approved"]:
        return None
    return context


def _home_context(today) -> dict:
    publicity = Q(status=Application.Status.PUBLICITY)
    open_today = publicity & Q(publicity_starts_on__lte=today, publicity_ends_on__gte=today)
    # One query for both lists: open publicity first, then the newest approvals.
    rows = list(
        Application.objects.filter(open_today | Q(status=Application.Status.APPROVED))
        .select_related("scheme", "criteria_set")
        .prefetch_related("criteria_set__grade_bands")
        .order_by(
            Case(When(status=Application.Status.PUBLICITY, then=Value(0)), default=Value(1)),
            "publicity_ends_on",
            "-decided_at",
            "-pk",
        )[:10]
    )
    shown = [a for a in rows if a.status == Application.Status.PUBLICITY][:5]
    # The list changes when a shown window closes or a scheduled one opens.
    for application in shown:
        valid_through(application.publicity_ends_on)
    upcoming = (
        Application.objects.filter(publicity, publicity_starts_on__gt=today)
        .order_by("publicity_starts_on")
        .values_list("publicity_starts_on", flat=True)
        .first()
    )
    valid_from(upcoming)
    return {
        "publicity": shown,
        "approved": [a for a in rows if a.status == Application.Status.APPROVED][:5],
    }


def portal_applicant(request, user) -> dict | None:
    from .views.portal import portal_section_context

    return portal_section_context(request, user)


def portal_expert(request, user) -> dict | None:
    from .views.expert import portal_section_context

    return portal_section_context(request, user)


def portal_recommending_unit(request, user) -> dict | None:
    from .views.projects import portal_section_context

    return portal_section_context(request, user)


def portal_inspector(request, user) -> dict | None:
    from .plants.views import portal_section_context

    return portal_section_context(request, user)
