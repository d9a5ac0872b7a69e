"""Financial figures of a credit-rating application and the ratios experts score 2.1–2.4 from.

Schemes that ask for full accounting years (`min_accounting_years`, credit rating: three) and
rate an organization want the figures of the last that many years before the round's year.
Ratios are computed here, never typed: a ratio whose denominator is zero is None ("—").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from ..models import Application, CertificationError, FinancialYear
from .common import actor, require_contact

FIELDS = (
    "revenue",
    "profit",
    "total_assets",
    "total_liabilities",
    "current_assets",
    "current_liabilities",
)
FIELD_LABELS = {
    "revenue": gettext_lazy("Operating revenue"),
    "profit": gettext_lazy("Net profit"),
    "total_assets": gettext_lazy("Total assets"),
    "total_liabilities": gettext_lazy("Total liabilities"),
    "current_assets": gettext_lazy("Current assets"),
    "current_liabilities": gettext_lazy("Current liabilities"),
}
# Above this asset-liability ratio the figures are almost surely typed in the wrong unit.
MAX_LIABILITY_RATIO = Decimal("3")
HUNDRED = Decimal("100")


def needs_financials(scheme) -> bool:
    return bool(scheme.min_accounting_years) and not (scheme.uses_plants or scheme.uses_projects)


def required_years(application: Application) -> list[int]:
    """The full accounting years before the round's year, oldest first: 2023, 2024, 2025."""
    count = application.scheme.min_accounting_years or 0
    last = application.round.year - 1
    return list(range(last - count + 1, last + 1))


def _ratio(numerator: Decimal, denominator: Decimal, *, percent: bool) -> Decimal | None:
    if not denominator:
        return None
    value = numerator / denominator * (HUNDRED if percent else 1)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ratios:
    year: int
    asset_liability_ratio: Decimal | None  # %
    current_ratio: Decimal | None  # times
    profit_margin: Decimal | None  # %
    asset_turnover: Decimal | None  # times
    revenue_growth: Decimal | None  # % on the year before; None for the first year
    profit_growth: Decimal | None  # % on the year before, against its absolute value


def ratios_for(year: FinancialYear, previous: FinancialYear | None = None) -> Ratios:
    revenue_growth = profit_growth = None
    if previous is not None:
        revenue_growth = _ratio(year.revenue - previous.revenue, previous.revenue, percent=True)
        # A loss turning into a smaller loss is growth: compare against the size of the base.
        profit_growth = _ratio(year.profit - previous.profit, abs(previous.profit), percent=True)
    return Ratios(
        year=year.year,
        asset_liability_ratio=_ratio(year.total_liabilities, year.total_assets, percent=True),
        current_ratio=_ratio(year.current_assets, year.current_liabilities, percent=False),
        profit_margin=_ratio(year.profit, year.revenue, percent=True),
        asset_turnover=_ratio(year.revenue, year.total_assets, percent=False),
        revenue_growth=revenue_growth,
        profit_growth=profit_growth,
    )


def ratio_table(years: Sequence[FinancialYear]) -> list[Ratios]:
    """The ratios of each year, oldest first; growth compares with the year just before."""
    ordered = sorted(years, key=lambda row: row.year)
    by_year = {row.year: row for row in ordered}
    return [ratios_for(row, by_year.get(row.year - 1)) for row in ordered]


# Which ratios each indicator of the credit-rating criteria is scored from (defaults.py).
INDICATOR_RATIOS = {
    "2.1": ("profit_margin",),
    "2.2": ("asset_liability_ratio", "current_ratio"),
    "2.3": ("asset_turnover",),
    "2.4": ("revenue_growth", "profit_growth"),
}
RATIO_LABELS = {
    "asset_liability_ratio": gettext_lazy("Asset-liability ratio"),
    "current_ratio": gettext_lazy("Current ratio"),
    "profit_margin": gettext_lazy("Net profit margin"),
    "asset_turnover": gettext_lazy("Total asset turnover"),
    "revenue_growth": gettext_lazy("Revenue growth"),
    "profit_growth": gettext_lazy("Net profit growth"),
}
PERCENT = {"asset_liability_ratio", "profit_margin", "revenue_growth", "profit_growth"}


@dataclass(frozen=True)
class Summary:
    """What the score sheet and the processing page show: figures, ratios, lines per code."""

    years: list[FinancialYear]
    ratios: list[Ratios]
    missing: list[int]

    def lines_for(self, code: str) -> list[tuple[str, list[tuple[int, str]]]]:
        """(ratio label, [(year, shown value)]) for the indicator `code`, if it has any."""
        rows = []
        for name in INDICATOR_RATIOS.get(code, ()):
            values = []
            for ratio in self.ratios:
                value = getattr(ratio, name)
                if value is None:
                    shown = "—"
                else:
                    shown = f"{value}%" if name in PERCENT else f"{value}"
                values.append((ratio.year, shown))
            rows.append((str(RATIO_LABELS[name]), values))
        return rows

    def ratio_rows(self) -> list[tuple[str, str, list[tuple[int, str]]]]:
        """(indicator code, ratio label, values) for every ratio, in indicator order."""
        return [
            (code, label, values)
            for code in INDICATOR_RATIOS
            for label, values in self.lines_for(code)
        ]


def summary(application: Application) -> Summary | None:
    """The application's figures and ratios, or None when its scheme asks for none."""
    if not needs_financials(application.scheme):
        return None
    cached = getattr(application, "_financial_summary", None)
    if cached is not None:
        return cached
    years = list(application.financial_years.all())
    present = {row.year for row in years}
    result = Summary(
        years=sorted(years, key=lambda row: row.year),
        ratios=ratio_table(years),
        missing=[year for year in required_years(application) if year not in present],
    )
    application._financial_summary = result
    return result


def financial_problems(application: Application) -> list[str]:
    """Why the figures keep the application from being submitted."""
    found = summary(application)
    if found is None or not found.missing:
        return []
    return [
        _("Enter the financial figures for %(years)s.")
        % {"years": "、".join(str(year) for year in found.missing)}
    ]


def _parse(value, year: int, field: str) -> Decimal:
    label = FIELD_LABELS[field]
    if value is None or str(value).strip() == "":
        raise CertificationError(
            _("%(year)s: enter the %(field)s.") % {"year": year, "field": label}
        )
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as error:
        raise CertificationError(
            _("%(year)s: “%(value)s” is not a number (%(field)s).")
            % {"year": year, "value": value, "field": label}
        ) from error
    if not number.is_finite() or abs(number) >= Decimal("1e12"):
        raise CertificationError(
            _("%(year)s: “%(value)s” is not a number (%(field)s).")
            % {"year": year, "value": value, "field": label}
        )
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_year(year: int, values: Mapping[str, object]) -> dict[str, Decimal]:
    """One year's figures parsed and checked against each other; CertificationError names the
    year and the figure that is wrong."""
    parsed = {field: _parse(values.get(field), year, field) for field in FIELDS}
    for field in ("revenue", "total_assets", "total_liabilities"):
        if parsed[field] < 0:
            raise CertificationError(
                _("%(year)s: the %(field)s cannot be negative.")
                % {"year": year, "field": FIELD_LABELS[field]}
            )
    for field in ("current_assets", "current_liabilities"):
        if parsed[field] < 0:
            raise CertificationError(
                _("%(year)s: the %(field)s cannot be negative.")
                % {"year": year, "field": FIELD_LABELS[field]}
            )
    if parsed["total_assets"] == 0:
        raise CertificationError(_("%(year)s: total assets cannot be zero.") % {"year": year})
    if parsed["current_assets"] > parsed["total_assets"]:
        raise CertificationError(
            _("%(year)s: current assets cannot exceed total assets.") % {"year": year}
        )
    if parsed["current_liabilities"] > parsed["total_liabilities"]:
        raise CertificationError(
            _("%(year)s: current liabilities cannot exceed total liabilities.") % {"year": year}
        )
    if parsed["total_liabilities"] > parsed["total_assets"] * MAX_LIABILITY_RATIO:
        raise CertificationError(
            _(
                "%(year)s: total liabilities are more than %(times)s times the total assets; "
                "check the unit (10k yuan)."
            )
            % {"year": year, "times": MAX_LIABILITY_RATIO}
        )
    if parsed["profit"] > parsed["revenue"]:
        raise CertificationError(
            _("%(year)s: the net profit cannot exceed the operating revenue.") % {"year": year}
        )
    return parsed


def save_financials(
    application: Application, *, user, figures: Mapping[int, Mapping[str, object]]
) -> list[FinancialYear]:
    """Store the figures of every required year at once (draft or returned only)."""
    require_contact(user, application.organization)
    if not needs_financials(application.scheme):
        raise CertificationError(_("This scheme does not ask for financial figures."))
    years = required_years(application)
    unknown = sorted(set(figures) - set(years))
    if unknown:
        raise CertificationError(
            _("Figures are asked for %(years)s only.")
            % {"years": "、".join(str(year) for year in years)}
        )
    missing = [year for year in years if year not in figures]
    if missing:
        raise CertificationError(
            _("Enter the financial figures for %(years)s.")
            % {"years": "、".join(str(year) for year in missing)}
        )
    checked = {year: check_year(year, figures[year]) for year in years}
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("scheme", "round", "organization")
            .get(pk=application.pk)
        )
        application.require_status(*Application.Status.editable_by_applicant())
        rows = []
        for year, values in checked.items():
            row, _created = FinancialYear.objects.update_or_create(
                application=application, year=year, defaults=values
            )
            rows.append(row)
        application.financial_years.exclude(year__in=years).delete()
        log(application, "certification.application.financials", user=actor(user))
    return rows
