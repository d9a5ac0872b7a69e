"""Financial figures of a credit rating: ratios computed by the service (with zero and negative
edge cases), validation with translated errors, submission blocked without them, and the
ratios shown to experts next to indicators 2.1–2.4."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from certification.models import Application, CertificationError, FinancialYear
from certification.services import finance

from .factories import sample_figures


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted in English (the source language)."""
    with translation.override("en"):
        yield


D = Decimal


def year(y, revenue, profit, assets, liabilities, current_assets, current_liabilities):
    return SimpleNamespace(
        year=y,
        revenue=D(revenue),
        profit=D(profit),
        total_assets=D(assets),
        total_liabilities=D(liabilities),
        current_assets=D(current_assets),
        current_liabilities=D(current_liabilities),
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # A healthy year: 55% debt, current ratio 1.5, 8% margin, turnover 0.5.
        (
            year(2025, 10000, 800, 20000, 11000, 9000, 6000),
            {
                "asset_liability_ratio": D("55.00"),
                "current_ratio": D("1.50"),
                "profit_margin": D("8.00"),
                "asset_turnover": D("0.50"),
            },
        ),
        # A loss: the margin is negative, not refused.
        (
            year(2025, 5000, -250, 8000, 6000, 3000, 4000),
            {"profit_margin": D("-5.00"), "current_ratio": D("0.75")},
        ),
        # No revenue: no margin (not a division by zero).
        (year(2025, 0, -10, 100, 20, 50, 10), {"profit_margin": None, "asset_turnover": D("0")}),
        # No current liabilities: no current ratio.
        (year(2025, 100, 5, 100, 0, 50, 0), {"current_ratio": None, "asset_liability_ratio": 0}),
        # Insolvent: liabilities above assets give a ratio above 100%.
        (year(2025, 100, 1, 100, 150, 10, 20), {"asset_liability_ratio": D("150.00")}),
        # Rounded half up to two decimals.
        (year(2025, 3, 1, 3, 1, 1, 3), {"profit_margin": D("33.33"), "current_ratio": D("0.33")}),
    ],
)
def test_ratios_of_one_year(row, expected):
    ratios = finance.ratios_for(row)
    for name, value in expected.items():
        assert getattr(ratios, name) == value, name
    assert ratios.revenue_growth is None and ratios.profit_growth is None


@pytest.mark.parametrize(
    ("previous", "current", "revenue_growth", "profit_growth"),
    [
        ((10000, 800), (11000, 1000), D("10.00"), D("25.00")),
        ((10000, 800), (9000, 400), D("-10.00"), D("-50.00")),
        # A loss halved is growth of 50% against the size of the loss.
        ((10000, -400), (10000, -200), D("0.00"), D("50.00")),
        # From a loss to a profit.
        ((10000, -100), (10000, 100), D("0.00"), D("200.00")),
        # No revenue and no profit the year before: no growth figure.
        ((0, 0), (500, 10), None, None),
    ],
)
def test_growth_against_the_year_before(previous, current, revenue_growth, profit_growth):
    rows = [
        year(2024, previous[0], previous[1], 1000, 500, 400, 200),
        year(2025, current[0], current[1], 1000, 500, 400, 200),
    ]
    table = finance.ratio_table(list(reversed(rows)))
    assert [r.year for r in table] == [2024, 2025]
    assert table[0].revenue_growth is None
    assert table[1].revenue_growth == revenue_growth
    assert table[1].profit_growth == profit_growth


def test_growth_skips_a_gap_year():
    table = finance.ratio_table([year(2022, 100, 1, 10, 5, 4, 2), year(2024, 200, 2, 10, 5, 4, 2)])
    assert table[1].revenue_growth is None


GOOD = {
    "revenue": "10000",
    "profit": "800",
    "total_assets": "20000",
    "total_liabilities": "11000",
    "current_assets": "9000",
    "current_liabilities": "6000",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"total_assets": "-1"}, "cannot be negative"),
        ({"revenue": "-5"}, "cannot be negative"),
        ({"total_liabilities": "-5"}, "cannot be negative"),
        ({"total_assets": "0", "current_assets": "0"}, "cannot be zero"),
        ({"total_liabilities": "70000"}, "more than 3 times"),
        ({"current_assets": "30000"}, "current assets cannot exceed"),
        ({"current_liabilities": "12000"}, "current liabilities cannot exceed"),
        ({"profit": "20000"}, "cannot exceed the operating revenue"),
        ({"revenue": "十万"}, "is not a number"),
        ({"revenue": "NaN"}, "is not a number"),
        ({"revenue": "1e20"}, "is not a number"),
        ({"profit": ""}, "enter the"),
    ],
)
def test_implausible_figures_are_refused_with_the_year(change, message):
    with pytest.raises(CertificationError) as error:
        finance.check_year(2025, {**GOOD, **change})
    assert "2025" in str(error.value)
    assert message in str(error.value)


def test_figures_accept_thousands_separators_and_round_to_cents():
    parsed = finance.check_year(2025, {**GOOD, "revenue": "10,000.005"})
    assert parsed["revenue"] == D("10000.01")


@pytest.fixture
def draft(build):
    return build(Application.Status.DRAFT)


def test_the_last_three_years_before_the_round_are_required(draft):
    assert finance.required_years(draft) == [
        draft.round.year - 3,
        draft.round.year - 2,
        draft.round.year - 1,
    ]


def test_a_missing_year_is_named(draft, contact):
    years = finance.required_years(draft)
    figures = sample_figures(years)
    del figures[years[1]]
    with pytest.raises(CertificationError, match=str(years[1])):
        finance.save_financials(draft, user=contact, figures=figures)
    assert not FinancialYear.objects.exists()


def test_another_year_is_refused(draft, contact):
    years = finance.required_years(draft)
    figures = sample_figures(years)
    figures[1999] = figures[years[0]]
    with pytest.raises(CertificationError):
        finance.save_financials(draft, user=contact, figures=figures)


def test_another_enterprise_cannot_save_figures(draft, other_contact):
    with pytest.raises(CertificationError):
        finance.save_financials(
            draft, user=other_contact, figures=sample_figures(finance.required_years(draft))
        )


def test_submission_needs_the_figures(draft, contact):
    from certification import services

    services.update_details(
        draft,
        user=contact,
        data={
            "declaration": True,
            "contact_name": "张三",
            "contact_phone": "1",
            "accounting_years": 5,
        },
    )
    problems = services.submission_problems(draft)
    assert any("financial figures" in problem for problem in problems)
    finance.save_financials(
        draft, user=contact, figures=sample_figures(finance.required_years(draft))
    )
    draft = Application.objects.get(pk=draft.pk)
    assert not any(
        "financial figures" in problem for problem in services.submission_problems(draft)
    )


def test_the_portal_form_keeps_bad_input_and_says_what_is_wrong(client, draft, contact):
    client.force_login(contact)
    url = f"/en/certification/my/applications/{draft.number}/financials/"
    years = finance.required_years(draft)
    data = {
        f"{field}_{y}": str(value)
        for y, row in sample_figures(years).items()
        for field, value in row.items()
    }
    data[f"total_assets_{years[0]}"] = "-12345"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "-12345" in response.content.decode()
    assert "cannot be negative" in response.content.decode()
    assert not FinancialYear.objects.exists()
    data[f"total_assets_{years[0]}"] = "20000"
    assert client.post(url, data).status_code == 302
    assert FinancialYear.objects.filter(application=draft).count() == 3


def test_another_enterprise_gets_404_on_the_figures(client, draft, other_contact):
    client.force_login(other_contact)
    assert (
        client.get(f"/certification/my/applications/{draft.number}/financials/").status_code == 404
    )
    assert client.get("/certification/my/applications/XY-0000-S9999/financials/").status_code == 404


def test_a_plant_application_has_no_figures_page(client, plant_round, plant, contact):
    from certification import services

    application = services.create_application(
        plant_round, plant.organization, user=contact, subject=plant
    )
    client.force_login(contact)
    url = f"/certification/my/applications/{application.number}/financials/"
    assert client.get(url).status_code == 404


def test_experts_see_the_ratios_next_to_indicators_2_1_to_2_4(client, build, experts, staff):
    from certification import services

    application = build(Application.Status.EXPERT_REVIEW, use_experts=())
    expert = experts[0]
    review = services.assign_expert(application, expert, user=staff)
    services.declare_no_conflict(review, user=expert.person.user)
    client.force_login(expert.person.user)
    page = client.get(f"/en/certification/reviews/{review.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('class="field__help criterion-figures"') == 6
    assert "Asset-liability ratio" in html and "55.00%" in html
    # Staff see the figures on the processing page.
    client.force_login(staff)
    process = client.get(reverse("certification_applications:process", args=[application.pk]))
    assert process.status_code == 200
    assert 'id="financial-figures"' in process.content.decode()
