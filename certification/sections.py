"""What certification adds to the home page and to the member portal's front page."""

from __future__ import annotations

from .models import Application, Certificate


def home(request, page) -> dict | None:
    publicity = list(Application.objects.for_public_publicity()[:5])
    certificates = list(
        Certificate.objects.current().select_related("scheme").order_by("-issued_on", "-pk")[:5]
    )
    if not publicity and not certificates:
        return None
    return {"publicity": publicity, "certificates": certificates}


def portal_applicant(request, user) -> dict | None:
    from .views.portal import portal_section_context

    return portal_section_context(request, user)


def portal_expert(request, user) -> dict | None:
    from .views.expert import portal_section_context

    return portal_section_context(request, user)
