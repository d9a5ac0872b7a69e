"""Public award pages: the years, the accepted nominations (受理公示), the pre-award publicity
(拟授奖公示, with the core's objection form) and the winners of each year.

Nothing here is per user, so the anonymous page cache serves them; the services invalidate
it when a nomination is accepted, goes to publicity, is awarded or revoked.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from website.core.cache import reads_areas
from website.core.routing import public

from ..models import Application, AwardCallPage, Round, Scheme
from . import services as awards


def _round(scheme_code: str, year: int) -> Round:
    scheme = get_object_or_404(Scheme.objects.filter(award__isnull=False), code=scheme_code)
    round = (
        Round.objects.filter(scheme=scheme, year=year)
        .select_related("scheme__award", "criteria_set")
        .order_by("-opens_on")
        .first()
    )
    if round is None:
        raise Http404
    return round


def _call_page(round: Round):
    return public(AwardCallPage.objects.live()).filter(round=round).first()


@reads_areas("pages", "register")
def index(request: HttpRequest) -> HttpResponse:
    Status = Application.Status
    rounds = (
        Round.objects.filter(scheme__award__isnull=False)
        .select_related("scheme")
        .annotate(
            accepted_count=Count(
                "applications",
                filter=Q(applications__status_changes__to_status=Status.EXPERT_REVIEW)
                & ~Q(applications__status=Status.WITHDRAWN),
                distinct=True,
            ),
            publicity_count=Count(
                "applications", filter=Q(applications__status=Status.PUBLICITY), distinct=True
            ),
            winner_count=Count(
                "applications", filter=Q(applications__status=Status.APPROVED), distinct=True
            ),
        )
        .order_by("-year", "scheme__sort_order")
    )
    pages = {
        page.round_id: page
        for page in public(AwardCallPage.objects.live()).filter(round__in=[r.pk for r in rounds])
    }
    return render(
        request,
        "certification/awards/index.html",
        {
            "rounds": [(round, pages.get(round.pk)) for round in rounds],
            "today": timezone.localdate(),
        },
    )


@reads_areas("pages", "register")
def accepted(request: HttpRequest, scheme: str, year: int) -> HttpResponse:
    round = _round(scheme, year)
    return render(
        request,
        "certification/awards/accepted.html",
        {
            "round": round,
            "applications": awards.accepted(round),
            "call_page": _call_page(round),
        },
    )


@reads_areas("pages", "register")
def publicity(request: HttpRequest, scheme: str, year: int) -> HttpResponse:
    round = _round(scheme, year)
    today = timezone.localdate()
    applications = list(awards.in_publicity(round))
    return render(
        request,
        "certification/awards/publicity.html",
        {
            "round": round,
            "open": [a for a in applications if a.publicity_is_open(today)],
            "closed": [a for a in applications if not a.publicity_is_open(today)],
            "call_page": _call_page(round),
        },
    )


@reads_areas("pages", "register")
def winners(request: HttpRequest, scheme: str, year: int) -> HttpResponse:
    round = _round(scheme, year)
    rows = list(awards.winners(round))
    award = round.scheme.award
    caps = {level.code: level for level in award.levels.all()}
    for application in rows:
        # Only the units and persons within the awarded level's caps hold certificates.
        cap = caps.get(application.final_grade)
        units = list(application.project.units.all())
        persons = list(application.project.persons.all())
        application.awarded_units = units[: cap.max_units] if cap else units
        application.awarded_persons = persons[: cap.max_persons] if cap else persons
    by_level = [(level, [a for a in rows if a.final_grade == level]) for level in caps]
    return render(
        request,
        "certification/awards/winners.html",
        {
            "round": round,
            "award": award,
            "by_level": [(level, items) for level, items in by_level if items],
            "call_page": _call_page(round),
        },
    )
