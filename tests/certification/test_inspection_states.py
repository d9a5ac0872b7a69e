"""The on-site inspection on the application's state machine: plant schemes go through it,
credit rating never does; it is left only when the inspection closes."""

import pytest

from certification import services
from certification.models import Application, CertificationError, Inspection, Rectification
from certification.services import inspections
from website.core.states import StatusChange

from .factories import PdfFile, pass_inspection
from .plant_helpers import due, on_site_application, visited

S = Application.Status


@pytest.fixture
def application(plant_round, org, contact, plant, staff):
    return on_site_application(plant_round, org, contact, plant, staff)


def test_a_plant_application_goes_from_formal_review_to_on_site_inspection(application):
    assert application.status == S.ON_SITE_INSPECTION
    change = application.status_history().first()
    assert (change.from_status, change.to_status) == (S.FORMAL_REVIEW, S.ON_SITE_INSPECTION)


def test_credit_rating_still_goes_straight_to_expert_review(build):
    application = build(S.EXPERT_REVIEW)
    steps = [c.to_status for c in application.status_history().reverse()]
    assert steps == [S.SUBMITTED, S.FORMAL_REVIEW, S.EXPERT_REVIEW]
    assert S.ON_SITE_INSPECTION not in steps


def test_credit_rating_cannot_enter_the_inspection(build):
    application = build(S.FORMAL_REVIEW)
    assert not application.can_change_to(S.ON_SITE_INSPECTION)
    with pytest.raises(CertificationError):
        application.transition(S.ON_SITE_INSPECTION)
    application.refresh_from_db()
    assert application.status == S.FORMAL_REVIEW


def test_a_plant_application_cannot_skip_the_inspection(plant_round, org, contact, plant, staff):
    from .factories import advance

    application = services.create_application(plant_round, org, user=contact, subject=plant)
    application = advance(application, S.FORMAL_REVIEW, contact=contact, staff=staff)
    assert not application.can_change_to(S.EXPERT_REVIEW)
    with pytest.raises(CertificationError):
        application.transition(S.EXPERT_REVIEW)


def test_the_application_leaves_the_inspection_only_when_it_is_closed(application, staff):
    assert not application.can_change_to(S.EXPERT_REVIEW)
    inspection = visited(application, staff)
    application.refresh_from_db()
    assert not application.can_change_to(S.EXPERT_REVIEW)
    with pytest.raises(CertificationError):
        application.transition(S.EXPERT_REVIEW)
    inspections.close_inspection(inspection, user=staff)
    application.refresh_from_db()
    assert application.status == S.EXPERT_REVIEW
    inspection.refresh_from_db()
    assert inspection.state.closed and inspection.closed_at is not None


def test_closing_waits_for_every_rectification(application, staff, contact):
    inspection = visited(application, staff)
    rectification = inspections.request_rectification(
        inspection, user=staff, request="补充飞灰转移联单", due_on=due()
    )
    with pytest.raises(CertificationError, match="1"):
        inspections.close_inspection(inspection, user=staff)
    inspections.submit_evidence(
        rectification, user=contact, files=[PdfFile("联单.pdf")], response="已补齐联单"
    )
    inspections.return_rectification(rectification, user=staff, note="缺少三月份联单")
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.RETURNED
    inspections.submit_evidence(
        rectification, user=contact, files=[PdfFile("三月联单.pdf")], response="补三月"
    )
    inspections.accept_rectification(rectification, user=staff)
    inspections.close_inspection(inspection, user=staff)
    application.refresh_from_db()
    assert application.status == S.EXPERT_REVIEW


def test_inspection_and_rectification_keep_their_history(application, staff, contact):
    inspection = visited(application, staff)
    rectification = inspections.request_rectification(
        inspection, user=staff, request="更换破损的布袋", due_on=due()
    )
    inspections.submit_evidence(
        rectification, user=contact, files=[PdfFile("更换记录.pdf")], response="已更换"
    )
    inspections.accept_rectification(rectification, user=staff, note="核实无误")
    steps = [(c.from_status, c.to_status) for c in rectification.status_history().reverse()]
    assert steps == [("requested", "submitted"), ("submitted", "accepted")]
    assert [c.to_status for c in inspection.status_history()] == ["visited"]
    assert StatusChange.objects.for_object(rectification).first().changed_by == staff


def test_a_rectification_cannot_be_accepted_before_evidence(application, staff):
    inspection = visited(application, staff)
    rectification = inspections.request_rectification(
        inspection, user=staff, request="完善台账", due_on=due()
    )
    with pytest.raises(CertificationError):
        inspections.accept_rectification(rectification, user=staff)
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.REQUESTED


def test_the_plant_may_withdraw_during_the_inspection(application, contact):
    services.withdraw(application, user=contact, reason="暂缓申报")
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_the_test_factory_passes_the_inspection(plant_round, org, contact, plant, staff):
    application = services.create_application(plant_round, org, user=contact, subject=plant)
    from .factories import advance

    application = advance(application, S.ON_SITE_INSPECTION, contact=contact, staff=staff)
    pass_inspection(application, staff=staff)
    application.refresh_from_db()
    assert application.status == S.EXPERT_REVIEW
    assert Inspection.objects.get(application=application).state.closed
