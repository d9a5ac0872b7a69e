"""What certification adds to the home page and to the member portal's front page."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Case, Value, When

from website.core.cache import current_generation

from .models import Application


def home(request, page) -> dict | None:
    """Applications in publicity and the newest certificates. Kept in the cache until the
    page cache's generation changes (every service that alters them bumps it), so the home
    page costs no query for this section most of the time."""
    key = f"certification:home-section:{current_generation()}"
    context = cache.get(key)
    if context is None:
        # One query for both lists: open publicity first, then the newest approvals.
        rows = list(
            Application.objects.filter(
                status__in=[Application.Status.PUBLICITY, Application.Status.APPROVED]
            )
            .select_related("scheme", "criteria_set")
            .prefetch_related("criteria_set__grade_bands")
            .order_by(
                Case(When(status=Application.Status.PUBLICITY, then=Value(0)), default=Value(1)),
                "-decided_at",
                "-pk",
            )[:10]
        )
        context = {
            "publicity": [a for a in rows if a.status == Application.Status.PUBLICITY][:5],
            "approved": [a for a in rows if a.status == Application.Status.APPROVED][:5],
        }
        cache.set(key, context, 600)
    if not context["publicity"] and not context["approved"]:
        return None
    return context


def portal_applicant(request, user) -> dict | None:
    from .views.portal import portal_section_context

    return portal_section_context(request, user)


def portal_expert(request, user) -> dict | None:
    from .views.expert import portal_section_context

    return portal_section_context(request, user)


def portal_recommending_unit(request, user) -> dict | None:
    from .views.projects import portal_section_context

    return portal_section_context(request, user)
