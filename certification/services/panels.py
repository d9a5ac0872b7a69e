"""Drawing a panel at random from the expert pool, with exclusions and reserves.

The draw reads the candidates (experts of the scheme's fields, available, free of conflicts)
in a fixed order and shuffles them with a recorded seed: the same seed over the same pool
draws the same experts, so anyone can repeat a draw from its record.
"""

from __future__ import annotations

import datetime
import random
import secrets
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import Expert, ExpertConflict

from .. import extensions
from ..models import Application, CertificationError, PanelDraw, Review
from .applications import employer_of, locked
from .common import actor, require_staff
from .reviews import assign_expert, withdraw_review

MAX_SEED = 2**53  # fits a JSON number and a PostgreSQL bigint


@dataclass
class Candidates:
    pool: list[Expert]  # in the draw's order (by id)
    excluded: list[dict]  # {"expert", "name", "reasons"}
    fields: list[str]


def panel_candidates(application: Application, *, today: datetime.date | None = None):
    """Who may be drawn for this application, and who of the scheme's fields may not, why."""
    today = today or timezone.localdate()
    scheme = application.scheme
    fields = list(scheme.panel_fields.all())
    experts = Expert.objects.select_related("person", "person__organization").order_by("pk")
    if fields:
        experts = experts.in_field(*fields)
    parties = extensions.parties(application)
    party_ids = {organization.pk for organization in parties}
    party_keys = {employer_of_organization(organization) for organization in parties}
    conflicts: dict[int, list[str]] = {}
    for expert_id, name in ExpertConflict.objects.filter(organization__in=parties).values_list(
        "expert_id", "organization__name"
    ):
        conflicts.setdefault(expert_id, []).append(name)
    recent: set[int] = set()
    if scheme.recent_review_years:
        since = today - datetime.timedelta(days=365 * scheme.recent_review_years)
        recent = set(
            Review.objects.filter(
                application__organization=application.organization,
                status=Review.Status.SUBMITTED,
                submitted_at__date__gte=since,
            )
            .exclude(application=application)
            .values_list("expert_id", flat=True)
        )
    on_panel = set(application.reviews.active().values_list("expert_id", flat=True))
    province = application.province or application.organization.province
    pool, excluded = [], []
    for expert in experts:
        reasons = []
        if not expert.is_active or expert.availability == Expert.Availability.UNAVAILABLE:
            reasons.append(_("not available"))
        if expert.pk in on_panel:
            reasons.append(_("already on the panel"))
        employer = employer_of(expert.person)[0]
        if expert.person.organization_id in party_ids or (employer and employer in party_keys):
            reasons.append(_("works for the applicant"))
        for name in conflicts.get(expert.pk, []):
            reasons.append(_("declared conflict with %(organization)s") % {"organization": name})
        if scheme.exclude_applicant_region and province and expert.person.province == province:
            reasons.append(_("from the applicant's province"))
        if expert.pk in recent:
            reasons.append(
                _("reviewed the applicant within %(years)s years")
                % {"years": scheme.recent_review_years}
            )
        if reasons:
            excluded.append({"expert": expert.pk, "name": expert.person.name, "reasons": reasons})
        else:
            pool.append(expert)
    return Candidates(pool=pool, excluded=excluded, fields=[field.name for field in fields])


def employer_of_organization(organization) -> str:
    """The key employer_of gives a person working for this organization."""
    person = SimpleNamespace(
        organization=organization, organization_id=organization.pk, employer_name=""
    )
    return employer_of(person)[0]


def pick(seed: int, pool: list[int], size: int, reserves: int = 0) -> tuple[list[int], list[int]]:
    """The draw itself: `size` experts and then `reserves` more, from the pool's ids in their
    recorded order, by a generator seeded with `seed`. Pure, so a draw can be repeated."""
    count = min(len(pool), size + reserves)
    chosen = random.Random(seed).sample(list(pool), count)  # noqa: S311 - fairness, not secrecy
    return chosen[:size], chosen[size:]


def repeat_draw(draw: PanelDraw) -> tuple[list[int], list[int]]:
    """The draw done again from its record; equal to what was recorded."""
    return pick(draw.seed, draw.pool, draw.size, draw.reserve_count)


def draw_panel(
    application: Application,
    *,
    user,
    size: int,
    reserves: int = 0,
    seed: int | None = None,
    due_on: datetime.date | None = None,
) -> PanelDraw:
    """Draw `size` experts (assigned at once) and `reserves` reserves, and record the draw."""
    require_staff(user)
    if size < 1:
        raise CertificationError(_("Draw at least one expert."))
    if reserves < 0:
        raise CertificationError(_("The number of reserves cannot be negative."))
    seed = secrets.randbelow(MAX_SEED) if seed is None else int(seed) % MAX_SEED
    with transaction.atomic():
        application = locked(application)
        application.require_status(Application.Status.EXPERT_REVIEW)
        scheme = application.scheme
        active = application.reviews.active().count()
        if scheme.max_reviews and active + size > scheme.max_reviews:
            raise CertificationError(
                _("The panel is full: at most %(max)s experts.") % {"max": scheme.max_reviews}
            )
        candidates = panel_candidates(application)
        pool = [expert.pk for expert in candidates.pool]
        if len(pool) < size:
            raise CertificationError(
                _(
                    "Only %(count)s experts may be drawn for this application; "
                    "%(size)s are asked for."
                )
                % {"count": len(pool), "size": size}
            )
        drawn, reserve_ids = pick(seed, pool, size, reserves)
        draw = PanelDraw.objects.create(
            application=application,
            seed=seed,
            size=size,
            reserve_count=reserves,
            pool=pool,
            excluded=candidates.excluded,
            drawn=drawn,
            reserves=reserve_ids,
            fields=candidates.fields,
            drawn_by=actor(user),
        )
        by_id = {expert.pk: expert for expert in candidates.pool}
        for expert_id in drawn:
            assign_expert(application, by_id[expert_id], user=user, due_on=due_on)
        log(
            application,
            "certification.review.draw",
            user=actor(user),
            data={
                "draw": draw.pk,
                "seed": seed,
                "drawn": [by_id[pk].person.name for pk in drawn],
                "reserves": [by_id[pk].person.name for pk in reserve_ids],
                "excluded": len(candidates.excluded),
            },
        )
    return draw


def unused_reserves(application: Application) -> list[Expert]:
    """Reserves of the latest draw not yet on the panel (nor declined), still available."""
    draw = application.panel_draws.order_by("-drawn_at", "-pk").first()
    if draw is None:
        return []
    taken = set(
        application.reviews.exclude(status=Review.Status.WITHDRAWN).values_list(
            "expert_id", flat=True
        )
    )
    return [
        expert
        for expert in draw.experts(draw.reserves)
        if expert.pk not in taken
        and expert.is_active
        and expert.availability != Expert.Availability.UNAVAILABLE
    ]


def replace_with_reserve(review: Review, *, user, reason: str = "", due_on=None) -> Review:
    """A drawn expert declined or cannot serve: the next reserve of the draw takes the seat
    (an open review is withdrawn first, with the reason)."""
    require_staff(user)
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
        if review.status not in (
            Review.Status.DECLINED,
            Review.Status.WITHDRAWN,
            Review.Status.ASSIGNED,
            Review.Status.IN_PROGRESS,
        ):
            raise CertificationError(_("A submitted review is not replaced."))
        if review.is_open:
            withdraw_review(review, user=user, reason=reason or _("Unavailable"))
        draw = review.application.panel_draws.order_by("-drawn_at", "-pk").first()
        if draw is not None and review.application.reviews.active().count() >= draw.size:
            raise CertificationError(_("The drawn panel is complete; no reserve is needed."))
        reserves = unused_reserves(review.application)
        if not reserves:
            raise CertificationError(_("No reserve expert is left from the draw."))
        replacement = assign_expert(review.application, reserves[0], user=user, due_on=due_on)
        log(
            review.application,
            "certification.review.reserve",
            user=actor(user),
            data={"replaced": review.expert.person.name, "by": reserves[0].person.name},
        )
    return replacement


def round_workload(application: Application) -> dict[int, int]:
    """Open and submitted reviews per expert in the application's round."""
    rows = (
        Review.objects.active()
        .filter(application__round_id=application.round_id)
        .values("expert_id")
        .annotate(n=Count("pk"))
    )
    return {row["expert_id"]: row["n"] for row in rows}


__all__ = [
    "Candidates",
    "draw_panel",
    "panel_candidates",
    "pick",
    "repeat_draw",
    "replace_with_reserve",
    "round_workload",
    "unused_reserves",
]
