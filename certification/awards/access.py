"""Who may see what of a nomination besides the applicant, staff and assigned experts."""

from __future__ import annotations

from ..models import Application, Nomination, RecommendingUnit


def recommending_unit_reads(user, application: Application) -> bool:
    """The users of the chosen recommending unit read the nomination's files once asked."""
    return (
        Nomination.objects.filter(
            application=application,
            recommending_unit__in=RecommendingUnit.objects.for_user(user),
        )
        .exclude(status=Nomination.Status.NOT_REQUESTED)
        .exists()
    )
