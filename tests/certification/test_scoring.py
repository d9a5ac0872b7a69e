"""The scoring engine on the three shipped tables, vetoes, aggregation and the calendars."""

import datetime
from decimal import Decimal

import pytest

from certification import defaults
from certification.models import CertificationError, Criterion, Holiday, Scheme
from certification.services.dates import (
    add_months,
    full_accounting_years,
    publicity_window,
    working_days_window,
)
from certification.services.scoring import (
    aggregate,
    check_bounds,
    evaluate,
    grade_for,
    majority_vetoes,
)

pytestmark = pytest.mark.django_db


def by_code(criteria_set):
    return {c.code: c for c in criteria_set.criteria.all()}


def values(criteria_set, **scores):
    codes = by_code(criteria_set)
    return {codes[code.replace("_", ".")].pk: Decimal(str(v)) for code, v in scores.items()}


def full_marks(criteria_set):
    return {
        c.pk: c.max_points if c.kind == Criterion.Kind.INDICATOR else Decimal(0)
        for c in criteria_set.criteria.all()
        if c.is_scored
    }


def test_shipped_schemes_total_one_hundred_points():
    for code in ("credit-rating", "plant-grading"):
        criteria_set = Scheme.objects.get(code=code).current_criteria()
        assert criteria_set.max_total == 100
        result = evaluate(criteria_set.criteria.all(), full_marks(criteria_set))
        assert result.total == 100
        assert result.missing == []


def test_credit_rating_has_nine_grades_over_five_dimensions():
    criteria_set = Scheme.objects.get(code="credit-rating").current_criteria()
    assert [b.code for b in criteria_set.ordered_bands()] == [
        "AAA",
        "AA",
        "A",
        "BBB",
        "BB",
        "B",
        "CCC",
        "CC",
        "C",
    ]
    dimensions = [
        c.name for c in criteria_set.ordered_criteria() if c.is_top_level and c.max_points
    ]
    assert dimensions == ["综合素质", "财务状况", "管理水平", "竞争力", "社会信用"]
    bands = list(criteria_set.grade_bands.all())
    assert grade_for(bands, Decimal("90")).code == "AAA"
    assert grade_for(bands, Decimal("89.99")).code == "AA"
    assert grade_for(bands, Decimal("60")).code == "BBB"
    assert grade_for(bands, Decimal("12")).code == "C"
    assert not grade_for(bands, Decimal("55")).certified


def test_deductions_are_capped_within_their_group():
    criteria_set = Scheme.objects.get(code="credit-rating").current_criteria()
    scores = full_marks(criteria_set)
    codes = by_code(criteria_set)
    scores[codes["5.4"].pk] = Decimal(6)
    scores[codes["5.5"].pk] = Decimal(10)  # 16 points of deductions, capped at 10
    result = evaluate(criteria_set.criteria.all(), scores)
    assert result.groups["5"] == Decimal("10.00")
    assert result.total == Decimal("90.00")


def test_plant_grading_nests_parts_items_and_subitems_and_veto_caps_the_grade():
    criteria_set = Scheme.objects.get(code="plant-grading").current_criteria()
    codes = by_code(criteria_set)
    assert codes["1.2.2"].parent_code == "1.2" and codes["1.2"].parent_code == "1"
    scores = full_marks(criteria_set)
    scores[codes["1.2.2"].pk] = Decimal(2)  # 3 points lost in 烟气净化
    result = evaluate(criteria_set.criteria.all(), scores)
    assert result.groups["1.2"] == Decimal("9.00")
    assert result.groups["1"] == Decimal("27.00")
    assert result.total == Decimal("97.00")
    bands = list(criteria_set.grade_bands.all())
    assert grade_for(bands, result.total).code == "AAA"
    # 近一年重大事故: at most B
    assert grade_for(bands, result.total, [codes["3.2"]]).code == "B"
    # 数据造假: no grade at all
    assert grade_for(bands, result.total, [codes["3.1"]]) is None


def test_the_nantong_competition_table_is_expressible():
    scheme = defaults.install(defaults.CLEAN_CITY_COMPETITION)
    assert not scheme.is_active
    criteria_set = scheme.current_criteria()
    criteria = list(criteria_set.criteria.all())
    # Full marks everywhere, no deduction: 20 + 60 + 20.
    perfect = full_marks(criteria_set)
    assert evaluate(criteria, perfect).total == 100
    # 项目建设 is scored from 20 downwards: two unfinished tasks (14) and a late one (2).
    result = evaluate(criteria, {**perfect, **values(criteria_set, **{"1_1": 14, "1_2": 2})})
    assert result.groups["1"] == Decimal("4.00")
    # ... and never below zero however many deductions.
    result = evaluate(criteria, {**perfect, **values(criteria_set, **{"1_1": 20, "1_5": 20})})
    assert result.groups["1"] == 0
    # 创新创优 items add up to 36 but the section is capped at its 20 points.
    assert evaluate(criteria, perfect).groups["3"] == 20
    # Direct deductions (安全环保 and 和谐团队 together) never take more than 15.
    result = evaluate(
        criteria, {**perfect, **values(criteria_set, **{"4_1": 10, "4_2": 8, "4_3": 6})}
    )
    assert result.groups["4"] == Decimal("-15.00")
    assert result.total == Decimal("85.00")


def test_out_of_bounds_values_are_refused():
    criteria_set = Scheme.objects.get(code="credit-rating").current_criteria()
    indicator = by_code(criteria_set)["2.1"]
    check_bounds(indicator, Decimal("8"))
    with pytest.raises(CertificationError):
        check_bounds(indicator, Decimal("8.5"))
    with pytest.raises(CertificationError):
        check_bounds(indicator, Decimal("-1"))
    veto = by_code(criteria_set)["6.1"]
    with pytest.raises(CertificationError):
        check_bounds(veto, Decimal("2"))


def test_aggregation_rules():
    scores = [Decimal(80), Decimal(90), Decimal(70), Decimal(100)]
    assert aggregate(scores, Scheme.Aggregation.MEAN) == Decimal("85.00")
    assert aggregate(scores, Scheme.Aggregation.MEDIAN) == Decimal("85.00")
    assert aggregate(scores, Scheme.Aggregation.TRIMMED_MEAN) == Decimal("85.00")
    assert aggregate([Decimal(60), Decimal(80), Decimal(81)], "trimmed_mean") == Decimal("80.00")
    assert majority_vetoes([["6.1"], ["6.1", "6.2"], []]) == ["6.1"]
    assert majority_vetoes([["6.1"], []]) == []


def test_working_days_skip_weekends_and_holidays_and_count_makeup_days():
    friday = datetime.date(2026, 9, 25)
    assert working_days_window(friday, 5) == (friday, datetime.date(2026, 10, 1))
    # National Day week off, with a weekend worked (调休) on Saturday 10 October.
    for day in range(1, 8):
        Holiday.objects.create(date=datetime.date(2026, 10, day), name="国庆节")
    Holiday.objects.create(date=datetime.date(2026, 10, 10), name="国庆调休", is_working_day=True)
    assert working_days_window(friday, 5) == (friday, datetime.date(2026, 10, 8))
    assert working_days_window(friday, 7) == (friday, datetime.date(2026, 10, 10))
    # A window that would start on a holiday starts on the next working day.
    assert working_days_window(datetime.date(2026, 10, 3), 1) == (
        datetime.date(2026, 10, 8),
        datetime.date(2026, 10, 8),
    )


def test_publicity_window_in_calendar_days():
    scheme = Scheme(publicity_length=10, publicity_unit=Scheme.PublicityUnit.DAYS)
    start = datetime.date(2026, 11, 21)
    assert publicity_window(scheme, start) == (start, datetime.date(2026, 11, 30))


def test_dates_helpers():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 3, 15), -12) == datetime.date(2025, 3, 15)
    today = datetime.date(2026, 11, 23)
    assert full_accounting_years(datetime.date(2023, 1, 1), today) == 3
    assert full_accounting_years(datetime.date(2023, 1, 2), today) == 2
    assert full_accounting_years(datetime.date(2026, 2, 1), today) == 0
