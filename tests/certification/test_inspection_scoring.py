"""Self-assessment covers what the applicant can assess; the items only inspectors can find
come from the team's findings and count in the grade."""

from decimal import Decimal

import pytest

from certification import services
from certification.models import Application, CertificationError, Criterion
from certification.services import inspections

from .factories import advance, pass_inspection, score_sheet
from .plant_helpers import on_site_application, on_site_criterion, visited

S = Application.Status


def test_the_shipped_plant_criteria_mark_the_on_site_items(plant_scheme):
    criteria = plant_scheme.current_criteria().criteria.filter(on_site=True)
    assert {c.code for c in criteria} == {"2.6", "3.1"}
    assert plant_scheme.on_site_inspection


def test_credit_rating_has_no_on_site_items(credit):
    assert not credit.on_site_inspection
    assert not credit.current_criteria().criteria.filter(on_site=True).exists()


def test_the_self_assessment_form_leaves_out_on_site_items(
    client, plant_round, org, contact, plant
):
    application = services.create_application(plant_round, org, user=contact, subject=plant)
    client.force_login(contact)
    response = client.get(f"/certification/my/applications/{application.number}/self-assessment/")
    assert response.status_code == 200
    form = response.context["form"]
    on_site = application.criteria_set.criteria.filter(on_site=True)
    for criterion in on_site:
        assert f"score_{criterion.pk}" not in form.fields
    assert "现场核查" in response.content.decode()


def test_an_applicant_cannot_score_an_on_site_item(plant_round, org, contact, plant):
    application = services.create_application(plant_round, org, user=contact, subject=plant)
    item = on_site_criterion(application)
    with pytest.raises(CertificationError, match=item.code):
        services.save_self_assessment(application, user=contact, entries={item.pk: ("0", "")})


def test_the_self_assessment_is_complete_without_on_site_items(plant_round, org, contact, plant):
    application = services.create_application(plant_round, org, user=contact, subject=plant)
    services.save_self_assessment(
        application, user=contact, entries=score_sheet(application.criteria_set)
    )
    assert services.missing_self_assessment(application) == []


def _graded(plant_round, org, contact, plant, staff, experts, deduction=None, veto=False):
    application = on_site_application(plant_round, org, contact, plant, staff)
    inspection = visited(application, staff)
    if deduction:
        inspections.add_finding(
            inspection,
            user=staff,
            description="卸料大厅负压不足，臭气外逸",
            criterion=on_site_criterion(application),
            deduction=deduction,
        )
    if veto:
        inspections.add_finding(
            inspection,
            user=staff,
            description="在线监测数据与DCS记录不符",
            criterion=on_site_criterion(application, Criterion.Kind.VETO),
            deduction=1,
        )
    inspections.close_inspection(inspection, user=staff)
    expert = experts[0]
    review = services.assign_expert(application, expert, user=staff)
    services.declare_no_conflict(review, user=expert.person.user)
    services.save_scores(
        review, user=expert.person.user, entries=score_sheet(application.criteria_set, 1.0)
    )
    services.submit_review(review, user=expert.person.user)
    services.close_expert_review(application, user=staff)
    return Application.objects.get(pk=application.pk)


def test_on_site_deductions_lower_the_score(plant_round, org, contact, plant, staff, experts):
    application = _graded(plant_round, org, contact, plant, staff, experts, deduction=4)
    review = application.reviews.get()
    assert application.score == review.total - Decimal("4")


def test_an_on_site_veto_caps_the_grade(plant_round, org, contact, plant, staff, experts):
    application = _graded(plant_round, org, contact, plant, staff, experts, veto=True)
    assert "3.1" in application.vetoes
    assert application.proposed_grade == ""


def test_without_findings_the_score_is_the_experts(plant_round, org, contact, plant, staff):
    application = services.create_application(plant_round, org, user=contact, subject=plant)
    application = advance(application, S.ON_SITE_INSPECTION, contact=contact, staff=staff)
    pass_inspection(application, staff=staff)
    assert inspections.onsite_values(application) == {}
