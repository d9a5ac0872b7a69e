"""What the applicant gets back after the decision: the final score per dimension, the grade,
the panel's reasoning and the improvement advice staff consolidated from the experts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import Application, ApplicationResult, Criterion
from .common import actor, require_reason, require_staff
from .scoring import aggregate, evaluate

Status = Application.Status
# The decision step: the panel has the aggregated score until the result is approved.
CONSOLIDATION_STATES = (Status.PANEL_DECISION, Status.PUBLICITY, Status.APPROVED)


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    max_points: Decimal | None
    score: Decimal


def dimension_scores(application: Application) -> list[Dimension]:
    """Each top-level dimension's score, combined over the submitted reviews by the scheme's
    rule (as the total is); empty before any review is submitted."""
    criteria = list(application.criteria_set.criteria.all())
    top = [c for c in criteria if c.kind == Criterion.Kind.GROUP and "." not in c.code]
    top = [c for c in top if c.max_points is not None]
    reviews = list(application.reviews.submitted().prefetch_related("scores"))
    if not reviews or not top:
        return []
    per_review = [
        evaluate(criteria, {score.criterion_id: score.score for score in review.scores.all()})
        for review in reviews
    ]
    return [
        Dimension(
            code=group.code,
            name=group.name,
            max_points=group.max_points,
            score=aggregate(
                [found.groups.get(group.code, Decimal("0")) for found in per_review],
                application.scheme.aggregation,
            ),
        )
        for group in sorted(top, key=lambda c: c.sort_key)
    ]


def experts_advice(application: Application) -> str:
    """The submitted reviews' opinions, one paragraph each: the draft staff consolidate."""
    opinions = [
        review.opinion.strip()
        for review in application.reviews.submitted().order_by("submitted_at", "pk")
        if review.opinion.strip()
    ]
    return "\n\n".join(opinions)


def consolidate_result(
    application: Application, *, user, reasoning: str, advice: str
) -> ApplicationResult:
    """Staff write the panel's reasoning and the consolidated advice the applicant will read."""
    require_staff(user)
    reasoning = require_reason(reasoning, _("Write the panel's reasoning for the grade."))
    advice = require_reason(advice, _("Write the consolidated improvement advice."))
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        application.require_status(*CONSOLIDATION_STATES)
        result, _created = ApplicationResult.objects.update_or_create(
            application=application,
            defaults={
                "reasoning": reasoning,
                "advice": advice,
                "consolidated_by": actor(user),
                "consolidated_at": timezone.now(),
            },
        )
        log(application, "certification.application.result", user=actor(user))
    return result


@dataclass(frozen=True)
class ApplicantResult:
    application: Application
    dimensions: list[Dimension]
    reasoning: str
    advice: str
    certificate: object | None


def result_for_applicant(application: Application) -> ApplicantResult | None:
    """The result as the applicant may read it: only once the decision is final."""
    if application.status != Status.APPROVED:
        return None
    consolidated = ApplicationResult.objects.filter(application=application).first()
    return ApplicantResult(
        application=application,
        dimensions=dimension_scores(application),
        reasoning=(consolidated.reasoning if consolidated else "") or application.grade_reason,
        advice=consolidated.advice if consolidated else "",
        certificate=application.certificates.filter(holder_order=0).order_by("-pk").first(),
    )
