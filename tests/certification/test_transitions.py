"""Illegal transitions are refused and leave no trace; legal ones are recorded, and their
emails leave only once the change has committed."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certification import services
from certification.models import Application, CertificationError, Review

pytestmark = pytest.mark.django_db

S = Application.Status


def test_each_transition_is_recorded_with_actor_time_and_reason(build, staff):
    application = build(S.RETURNED)
    records = list(application.status_history().reverse())
    assert [(r.from_status, r.to_status) for r in records] == [
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.FORMAL_REVIEW),
        (S.FORMAL_REVIEW, S.RETURNED),
    ]
    assert records[-1].changed_by == staff and records[-1].reason == "请补充材料"
    # One audit entry per change, named by the service, carrying from, to and why.
    changes = ModelLogEntry.objects.for_instance(application).filter(data__has_key="to")
    assert [(e.action, e.data["from"], e.data["to"]) for e in changes.order_by("pk")] == [
        ("certification.application.submit", S.DRAFT, S.SUBMITTED),
        ("certification.application.formal_review", S.SUBMITTED, S.FORMAL_REVIEW),
        ("certification.application.return", S.FORMAL_REVIEW, S.RETURNED),
    ]
    assert changes.order_by("pk").last().data["reason"] == "请补充材料"
    logged = list(ModelLogEntry.objects.for_instance(application).values_list("action", flat=True))
    assert "core.status_change" not in logged  # no second entry for the same change
    assert [logged.count(e.action) for e in changes] == [1, 1, 1]


@pytest.mark.parametrize(
    ("state", "service"),
    [
        (S.DRAFT, "approve"),
        (S.DRAFT, "start_formal_review"),
        (S.SUBMITTED, "resubmit"),
        (S.SUBMITTED, "close_expert_review"),
        (S.FORMAL_REVIEW, "submit"),
        (S.EXPERT_REVIEW, "start_publicity"),
        (S.APPROVED, "withdraw"),
        (S.APPROVED, "reject"),
    ],
)
def test_illegal_transitions_raise(build, staff, contact, state, service):
    application = build(state)
    before = application.status
    history = application.status_history().count()
    logged = ModelLogEntry.objects.count()
    kwargs = {"user": staff if service not in ("submit", "resubmit", "withdraw") else contact}
    if service == "reject":
        kwargs["reason"] = "x"
    with pytest.raises(CertificationError):
        getattr(services, service)(application, **kwargs)
    application.refresh_from_db()
    assert application.status == before
    assert application.status_history().count() == history
    assert ModelLogEntry.objects.count() == logged


def test_a_change_that_rolls_back_sends_nothing(build, staff, django_capture_on_commit_callbacks):
    application = build(S.FORMAL_REVIEW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.return_for_correction(application, user=staff, reason="请补充材料")
            raise RuntimeError("the surrounding work failed")
    application.refresh_from_db()
    assert application.status == S.FORMAL_REVIEW
    assert not application.status_history().filter(to_status=S.RETURNED).exists()
    assert callbacks == [] and mail.outbox == []
    # The same change, committed, does tell the applicant.
    with django_capture_on_commit_callbacks(execute=True):
        services.return_for_correction(application, user=staff, reason="请补充材料")
    assert len(mail.outbox) == 1


def test_an_illegal_action_in_the_back_office_is_a_message_not_a_500(
    client, site_home, build, staff
):
    application = build(S.SUBMITTED)
    client.force_login(staff)
    response = client.post(
        f"/admin/certification/applications/process/{application.pk}/",
        {"action": "approve"},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    response = client.post(
        f"/admin/certification/applications/process/{application.pk}/",
        {"action": "assign", "expert": "abc"},
        follow=True,
    )
    assert response.status_code == 200


def test_submission_needs_documents_self_assessment_and_declaration(build, contact):
    application = build(S.DRAFT)
    with pytest.raises(CertificationError) as error:
        services.submit(application, user=contact)
    message = str(error.value)
    assert "营业执照副本" in message or "business" in message.lower()
    problems = services.submission_problems(application)
    assert len(problems) >= 3


def test_approval_waits_for_the_window_and_every_objection(build, staff):
    today = timezone.localdate()
    application = build(S.PUBLICITY, publicity_start=today)
    with pytest.raises(CertificationError):
        services.approve(application, user=staff)
    objection = services.lodge_objection(
        application, name="赵六", organization="某单位", phone="13800000000", grounds="存在违规分包"
    )
    later = application.publicity_ends_on + datetime.timedelta(days=1)
    with pytest.raises(CertificationError):
        services.approve(application, user=staff, today=later)
    services.resolve_objection(objection, user=staff, upheld=False, outcome="经核实不成立")
    certificate = services.approve(application, user=staff, today=later)
    assert certificate.issued_on == later


def test_an_upheld_objection_sends_the_application_back_to_review(build, staff):
    application = build(S.PUBLICITY, publicity_start=timezone.localdate())
    objection = services.lodge_objection(
        application, name="赵六", organization="某单位", phone="13800000000", grounds="财务数据不实"
    )
    services.resolve_objection(
        objection, user=staff, upheld=True, outcome="经核查属实，退回专家复核"
    )
    application.refresh_from_db()
    assert application.status == S.EXPERT_REVIEW
    assert application.status_history().first().reason == "经核查属实，退回专家复核"
    with pytest.raises(CertificationError):
        services.resolve_objection(objection, user=staff, upheld=False, outcome="again")


def test_the_panel_may_change_the_grade_only_with_a_written_reason(build, staff):
    application = build(S.PANEL_DECISION)
    assert application.proposed_grade == "AAA"
    with pytest.raises(CertificationError):
        services.start_publicity(application, user=staff, grade="AA")
    with pytest.raises(CertificationError):
        services.start_publicity(application, user=staff, grade="BB", reason="不予认证等级")
    services.start_publicity(application, user=staff, grade="AA", reason="近一年发生一起行政处罚")
    application.refresh_from_db()
    assert application.final_grade == "AA" and application.grade_reason


def test_withdrawal_before_the_decision_only(build, contact):
    application = build(S.EXPERT_REVIEW)
    services.withdraw(application, user=contact, reason="暂缓申报")
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN


def test_a_withdrawal_ends_the_open_reviews_each_with_its_own_record(
    build, staff, contact, experts
):
    application = build(S.EXPERT_REVIEW)
    assigned = services.assign_expert(application, experts[0], user=staff)
    scoring = services.assign_expert(application, experts[1], user=staff)
    services.declare_no_conflict(scoring, user=experts[1].person.user)
    assert application.decided_at is None
    services.withdraw(application, user=contact, reason="暂缓申报")
    for review in (assigned, scoring):
        review.refresh_from_db()
        assert review.state.withdrawn
        change = review.status_history().first()
        assert (change.to_status, change.changed_by, change.reason) == (
            Review.Status.WITHDRAWN,
            contact,
            "暂缓申报",
        )
    application.refresh_from_db()
    assert application.decided_at is not None  # set by the final change, saved with it


def test_no_withdrawal_once_the_panel_has_decided(build, contact):
    application = build(S.PUBLICITY)
    with pytest.raises(CertificationError):
        services.withdraw(application, user=contact)


def test_eligibility_rules(credit_round, plant_round, staff):
    from .factories import contact_of, member_organization, plant_of

    young = member_organization(
        name="新成立环卫公司", founded_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    user = contact_of(young)
    application = services.create_application(credit_round, young, user=user)
    problems = services.eligibility_problems(credit_round.scheme, young, None, application)
    assert any("3" in problem for problem in problems)
    # A plant in formal operation for less than a year cannot be graded.
    new_plant = plant_of(young, years=0)
    application = services.create_application(plant_round, young, user=user, subject=new_plant)
    assert services.eligibility_problems(plant_round.scheme, young, new_plant, application)
    # Lapsed members cannot apply at all.
    young.membership.status = "lapsed"
    young.membership.save()
    young.refresh_from_db()
    with pytest.raises(CertificationError) as error:
        services.create_application(
            plant_round, young, user=user, subject=plant_of(young, name="另一厂")
        )
    assert "good standing" in str(error.value) or "会员" in str(error.value)


def test_one_open_application_per_subject_and_scheme(build, credit_round, org, contact):
    build(S.SUBMITTED)
    with pytest.raises(CertificationError):
        services.create_application(credit_round, org, user=contact)
