"""The award's steps through the services, end to end: what the views build on."""

import pytest

from certification.awards import services as awards
from certification.models import Application, Certificate

from .award_factories import (
    advance_nomination,
    award_round,
    award_scheme,
    contact_of,
    expert_with_account,
    member_organization,
    nominate,
    recommending_unit,
)
from .factories import staff_member

S = Application.Status


@pytest.fixture
def setting(db):
    scheme = award_scheme()
    round = award_round(scheme)
    organization = member_organization(name="上海环境集团股份有限公司")
    contact = contact_of(organization)
    unit, unit_user = recommending_unit()
    return {
        "round": round,
        "organization": organization,
        "contact": contact,
        "unit": unit,
        "unit_user": unit_user,
        "staff": staff_member(),
        "experts": [expert_with_account(name="孙教授"), expert_with_account(name="钱工")],
    }


def test_nomination_from_draft_to_award_issues_certificates_to_every_holder(setting):
    application = nominate(
        setting["round"],
        setting["organization"],
        setting["contact"],
        setting["unit"],
        person_count=10,
        unit_count=3,
        level="一等奖",
    )
    application = advance_nomination(
        application,
        S.APPROVED,
        contact=setting["contact"],
        unit_user=setting["unit_user"],
        staff=setting["staff"],
        experts=setting["experts"],
        share=0.8,
        level="二等奖",
    )
    assert application.status == S.APPROVED
    assert application.final_grade == "二等奖"
    certificates = list(application.certificates.order_by("holder_order"))
    # Project, 3 units, and the first 9 of 10 persons (二等奖 caps persons at 9).
    assert [c.holder_order for c in certificates] == [0, 1, 2, 3, *range(101, 110)]
    assert all(c.valid_until is None and c.status == Certificate.Status.VALID for c in certificates)
    assert list(awards.winners(setting["round"])) == [application]


def test_achievement_evaluation_panel_rules_and_conclusion(setting):
    from certification import services
    from tests.members.factories import OrganizationFactory

    from .award_factories import achievement_scheme, review_all, score_sheet
    from .factories import open_round

    scheme = achievement_scheme()
    round = open_round(scheme)
    staff = setting["staff"]
    application = nominate(round, setting["organization"], setting["contact"], None)
    services.submit(application, user=setting["contact"])
    services.start_formal_review(application, user=staff)
    checklist = {str(d.pk): True for d in scheme.required_documents.all()}
    services.accept_for_expert_review(application, user=staff, checklist=checklist)
    university = OrganizationFactory(name="同济大学")
    same = [expert_with_account(name=f"同济{i}", organization=university) for i in range(3)]
    others = [expert_with_account(name=f"专家{i}") for i in range(4)]
    services.assign_expert(application, same[0], user=staff)
    services.assign_expert(application, same[1], user=staff)
    with pytest.raises(services.CertificationError, match="同济大学"):
        services.assign_expert(application, same[2], user=staff)
    application.refresh_from_db()
    for review in application.reviews.all():
        services.declare_no_conflict(review, user=review.expert.person.user)
    review_all(application, others, share=0.85, staff=staff)
    # Two from 同济 plus four others: six, an even number.
    for review in application.reviews.filter(status="in_progress"):
        services.save_scores(
            review,
            user=review.expert.person.user,
            entries=score_sheet(application.criteria_set, 0.85),
        )
        services.submit_review(review, user=review.expert.person.user)
    with pytest.raises(services.CertificationError, match="单数|odd number"):
        services.close_expert_review(application, user=staff)
    services.assign_expert(application, expert_with_account(name="专家9"), user=staff)
    application.refresh_from_db()
    last = application.reviews.get(expert__person__name="专家9")
    user = last.expert.person.user
    services.declare_no_conflict(last, user=user)
    services.save_scores(last, user=user, entries=score_sheet(application.criteria_set, 0.85))
    services.submit_review(last, user=user)
    application = services.close_expert_review(application, user=staff)
    assert application.proposed_grade == "国际先进"
    certificate = services.approve_without_publicity(application, user=staff)
    assert certificate.grade_label == "国际先进" and certificate.valid_until is None
