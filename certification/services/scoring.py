"""The scoring engine: one set of rules for every scheme's criteria tree.

A criteria tree is a list of criteria whose dotted codes place them ("2.1" under "2").
Values are what an expert (or the applicant) entered, keyed by criterion id:
points for indicators, points taken off for deductions, 1 for a veto item found.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ..models import CertificationError, Criterion, GradeBand, Scheme

ZERO = Decimal("0")
CENT = Decimal("0.01")


def quantize(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Evaluation:
    total: Decimal
    groups: dict[str, Decimal] = field(default_factory=dict)
    vetoes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class GradeResult:
    code: str
    label: str
    certified: bool


def _clamp(value: Decimal, low: Decimal, high: Decimal | None) -> Decimal:
    if value < low:
        return low
    if high is not None and value > high:
        return high
    return value


def evaluate(criteria: Iterable[Criterion], values: Mapping[int, Decimal]) -> Evaluation:
    """Total a tree of criteria. Out-of-range values are clamped; callers validate first."""
    criteria = sorted(criteria, key=lambda c: c.sort_key)
    children: dict[str, list[Criterion]] = defaultdict(list)
    codes = {criterion.code for criterion in criteria}
    for criterion in criteria:
        parent = criterion.parent_code
        children[parent if parent in codes else ""].append(criterion)
    result = Evaluation(total=ZERO)

    def value_of(criterion: Criterion) -> Decimal:
        raw = values.get(criterion.pk)
        # On-site items without a finding take nothing off: they are not missing.
        if criterion.is_scored_on_paper and raw is None:
            result.missing.append(criterion.code)
        raw = Decimal(raw) if raw is not None else ZERO
        if criterion.kind == Criterion.Kind.INDICATOR:
            return _clamp(raw, ZERO, criterion.max_points)
        if criterion.kind == Criterion.Kind.DEDUCTION:
            return -_clamp(raw, ZERO, criterion.max_points)
        if criterion.kind == Criterion.Kind.VETO:
            if raw >= 1:
                result.vetoes.append(criterion.code)
            return ZERO
        # A group: its points, minus its (capped) deductions, kept within its full marks.
        points = ZERO
        deductions = ZERO
        for child in children.get(criterion.code, []):
            child_value = value_of(child)
            if child.kind == Criterion.Kind.DEDUCTION:
                deductions -= child_value
            else:
                points += child_value
        if criterion.deduction_cap is not None:
            deductions = min(deductions, criterion.deduction_cap)
        base = criterion.max_points if criterion.starts_full and criterion.max_points else ZERO
        value = base + points - deductions
        if criterion.max_points is not None:
            value = _clamp(value, ZERO, criterion.max_points)
        result.groups[criterion.code] = quantize(value)
        return value

    total = sum((value_of(criterion) for criterion in children.get("", [])), ZERO)
    result.total = quantize(max(total, ZERO))
    return result


def grade_for(
    bands: Sequence[GradeBand], total: Decimal, vetoed: Iterable[Criterion] = ()
) -> GradeResult | None:
    """The grade a total reaches; a veto item caps it (or leaves no grade at all)."""
    ordered = sorted(bands, key=lambda band: band.min_score, reverse=True)
    index = next((i for i, band in enumerate(ordered) if total >= band.min_score), None)
    if index is None:
        return None
    for criterion in vetoed:
        if not criterion.veto_grade:
            return None
        cap = next((i for i, band in enumerate(ordered) if band.code == criterion.veto_grade), None)
        if cap is None:
            return None
        index = max(index, cap)
    band = ordered[index]
    return GradeResult(band.code, band.label, band.certified)


def aggregate(values: Sequence[Decimal], method: str) -> Decimal:
    """Combine the experts' totals by the scheme's rule."""
    if not values:
        raise CertificationError(_("There is no submitted review to aggregate."))
    ordered = sorted(Decimal(value) for value in values)
    if method == Scheme.Aggregation.MEDIAN:
        return quantize(statistics.median(ordered))
    if method == Scheme.Aggregation.TRIMMED_MEAN and len(ordered) >= 3:
        ordered = ordered[1:-1]
    return quantize(sum(ordered, ZERO) / len(ordered))


def majority_vetoes(veto_lists: Sequence[Sequence[str]]) -> list[str]:
    """Veto items found by more than half of the experts."""
    counts: dict[str, int] = defaultdict(int)
    for codes in veto_lists:
        for code in set(codes):
            counts[code] += 1
    return sorted(code for code, count in counts.items() if count * 2 > len(veto_lists))


def check_bounds(criterion: Criterion, value: Decimal) -> None:
    low, high = criterion.bounds
    if value < low or value > high:
        raise CertificationError(
            _("%(code)s %(name)s: %(value)s is outside the allowed range %(low)s–%(high)s.")
            % {
                "code": criterion.code,
                "name": criterion.name,
                "value": value,
                "low": low,
                "high": high,
            }
        )
