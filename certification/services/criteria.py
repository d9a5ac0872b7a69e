"""Criteria versions: publish a draft, copy a version in use into a new draft."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..models import CertificationError, CriteriaSet, Criterion, GradeBand
from .common import actor, require_staff


def validate_tree(criteria_set: CriteriaSet) -> list[str]:
    """Problems with the tree as saved: duplicate codes, orphans, children of non-groups."""
    criteria = list(criteria_set.criteria.all())
    problems = []
    codes: dict[str, Criterion] = {}
    for criterion in criteria:
        if criterion.code in codes:
            problems.append(_("The code %(code)s is used twice.") % {"code": criterion.code})
        codes[criterion.code] = criterion
    for criterion in criteria:
        parent = criterion.parent_code
        if parent and parent not in codes:
            problems.append(
                _("%(code)s has no parent %(parent)s.") % {"code": criterion.code, "parent": parent}
            )
        elif parent and not codes[parent].is_group:
            problems.append(
                _("%(parent)s is not a group, so %(code)s cannot sit under it.")
                % {"code": criterion.code, "parent": parent}
            )
    if not any(criterion.is_scored for criterion in criteria):
        problems.append(_("The criteria set has nothing to score."))
    if not criteria_set.grade_bands.exists():
        problems.append(_("The criteria set has no grade bands."))
    return problems


def publish_criteria_set(criteria_set: CriteriaSet, *, user) -> CriteriaSet:
    require_staff(user)
    with transaction.atomic():
        criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if criteria_set.status != CriteriaSet.Status.DRAFT:
            raise CertificationError(_("Only a draft can be published."))
        problems = validate_tree(criteria_set)
        if problems:
            raise CertificationError(" ".join(problems))
        criteria_set.transition(
            CriteriaSet.Status.PUBLISHED, user=user, log_action="wagtail.publish"
        )
    return criteria_set


def copy_criteria_set(criteria_set: CriteriaSet, *, user, title: str = "") -> CriteriaSet:
    """A new draft version with the same tree and bands, for the secretariat to edit."""
    require_staff(user)
    with transaction.atomic():
        version = (
            CriteriaSet.objects.filter(scheme=criteria_set.scheme).aggregate(v=Max("version"))["v"]
            or 0
        ) + 1
        copy = CriteriaSet.objects.create(
            scheme=criteria_set.scheme,
            version=version,
            title=title or criteria_set.title,
            notes=criteria_set.notes,
        )
        Criterion.objects.bulk_create(
            Criterion(
                criteria_set=copy,
                sort_order=c.sort_order,
                code=c.code,
                name=c.name,
                kind=c.kind,
                max_points=c.max_points,
                starts_full=c.starts_full,
                deduction_cap=c.deduction_cap,
                description=c.description,
                level_descriptions=c.level_descriptions,
                evidence_required=c.evidence_required,
                veto_grade=c.veto_grade,
            )
            for c in criteria_set.criteria.all()
        )
        GradeBand.objects.bulk_create(
            GradeBand(
                criteria_set=copy,
                sort_order=band.sort_order,
                code=band.code,
                label=band.label,
                min_score=band.min_score,
                certified=band.certified,
            )
            for band in criteria_set.grade_bands.all()
        )
        log(copy, "wagtail.create", user=actor(user), data={"copied_from": criteria_set.pk})
    return copy


def retire_criteria_set(criteria_set: CriteriaSet, *, user) -> CriteriaSet:
    require_staff(user)
    with transaction.atomic():
        criteria_set = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if criteria_set.status != CriteriaSet.Status.PUBLISHED:
            raise CertificationError(_("Only a published version can be retired."))
        criteria_set.transition(
            CriteriaSet.Status.RETIRED, user=user, log_action="wagtail.unpublish"
        )
    return criteria_set
