"""Expert review: conflicts, bounds, save and resume, submit once."""

import pytest

from certification import services
from certification.models import Application, CertificationError, Review
from members.models import ExpertConflict

from .factories import expert_with_account, score_sheet

pytestmark = pytest.mark.django_db

S = Application.Status


@pytest.fixture
def reviewing(build):
    return build(S.EXPERT_REVIEW)


def test_assignment_hides_experts_with_a_declared_conflict(client, site_home, reviewing, staff):
    clear = expert_with_account(name="无冲突专家")
    conflicted = expert_with_account(name="有冲突专家")
    ExpertConflict.objects.create(
        expert=conflicted, organization=reviewing.organization, reason="曾任顾问"
    )
    choices = list(services.assignable_experts(reviewing))
    assert clear in choices and conflicted not in choices
    client.force_login(staff)
    page = client.get(f"/admin/certification/applications/process/{reviewing.pk}/").content.decode()
    assert "无冲突专家" in page and "有冲突专家" not in page
    with pytest.raises(CertificationError):
        services.assign_expert(reviewing, conflicted, user=staff)


def test_same_organization_experts_need_a_confirmation(reviewing, staff):
    colleague = expert_with_account(name="同单位专家", organization=reviewing.organization)
    listed = {e.pk: e.same_organization for e in services.assignable_experts(reviewing)}
    assert listed[colleague.pk] is True
    with pytest.raises(CertificationError):
        services.assign_expert(reviewing, colleague, user=staff)
    review = services.assign_expert(
        reviewing, colleague, user=staff, confirm_same_organization=True
    )
    assert review.same_organization


def test_the_expert_declares_before_seeing_the_scores_form(client, site_home, reviewing, staff):
    expert = expert_with_account()
    review = services.assign_expert(reviewing, expert, user=staff)
    client.force_login(expert.person.user)
    page = client.get(f"/certification/reviews/{review.pk}/")
    assert page.templates[0].name == "certification/expert/declaration.html"
    response = client.post(
        f"/certification/reviews/{review.pk}/", {"declaration": "conflict", "reason": ""}
    )
    assert response.status_code == 200 and response.context["form"].errors
    client.post(
        f"/certification/reviews/{review.pk}/",
        {"declaration": "conflict", "reason": "我是该公司的技术顾问"},
    )
    review.refresh_from_db()
    assert review.status == Review.Status.DECLINED
    assert ExpertConflict.objects.filter(
        expert=expert, organization=reviewing.organization
    ).exists()


def scores_post(review, share=0.8, **overrides):
    data = {"opinion": "意见", "recommendation": ""}
    for pk, (score, _comment) in score_sheet(review.application.criteria_set, share).items():
        data[f"score_{pk}"] = str(score)
    data.update(overrides)
    return data


def test_scores_outside_bounds_are_refused_and_what_was_typed_is_kept(
    client, site_home, reviewing, staff
):
    expert = expert_with_account()
    review = services.assign_expert(reviewing, expert, user=staff)
    services.declare_no_conflict(review, user=expert.person.user)
    client.force_login(expert.person.user)
    indicator = reviewing.criteria_set.criteria.get(code="2.1")  # full marks 8
    data = scores_post(review, **{f"score_{indicator.pk}": "9.5"})
    response = client.post(f"/certification/reviews/{review.pk}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[f"score_{indicator.pk}"]
    assert 'value="9.5"' in response.content.decode()
    assert not review.scores.exists()
    with pytest.raises(CertificationError):
        services.save_scores(review, user=expert.person.user, entries={indicator.pk: ("-1", "")})
    veto = reviewing.criteria_set.criteria.get(code="6.1")
    with pytest.raises(CertificationError):
        services.save_scores(review, user=expert.person.user, entries={veto.pk: ("3", "")})


def test_save_and_come_back_then_submit_once(client, site_home, reviewing, staff):
    expert = expert_with_account()
    review = services.assign_expert(reviewing, expert, user=staff)
    services.declare_no_conflict(review, user=expert.person.user)
    client.force_login(expert.person.user)
    first = reviewing.criteria_set.criteria.get(code="1.1")
    client.post(
        f"/certification/reviews/{review.pk}/",
        {f"score_{first.pk}": "3", f"comment_{first.pk}": "资质齐全"},
    )
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS
    assert review.scores.get(criterion=first).comment == "资质齐全"
    page = client.get(f"/certification/reviews/{review.pk}/").content.decode()
    assert "资质齐全" in page
    # Submitting with criteria missing is refused.
    response = client.post(
        f"/certification/reviews/{review.pk}/",
        {f"score_{first.pk}": "3", "submit": "1"},
        follow=True,
    )
    review.refresh_from_db()
    assert review.status == Review.Status.IN_PROGRESS
    assert any(m.level_tag == "error" for m in response.context["messages"])
    client.post(f"/certification/reviews/{review.pk}/", {**scores_post(review), "submit": "1"})
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED and review.total == 80
    # Read-only afterwards: a later post changes nothing.
    client.post(f"/certification/reviews/{review.pk}/", scores_post(review, share=0.5))
    review.refresh_from_db()
    assert review.total == 80
    page = client.get(f"/certification/reviews/{review.pk}/")
    assert all(field.field.disabled for field in page.context["form"])
    with pytest.raises(CertificationError):
        services.submit_review(review, user=expert.person.user)


def test_staff_close_the_review_only_when_enough_reviews_are_in(build, staff, experts):
    application = build(S.EXPERT_REVIEW)
    review = services.assign_expert(application, experts[0], user=staff)
    with pytest.raises(CertificationError):
        services.close_expert_review(application, user=staff)
    services.withdraw_review(review, user=staff)
    with pytest.raises(CertificationError):  # min_reviews is 2 in these tests
        services.close_expert_review(application, user=staff)


def test_blind_review_hides_the_applicant(client, site_home, reviewing, staff):
    reviewing.scheme.blind_review = True
    reviewing.scheme.save()
    expert = expert_with_account()
    review = services.assign_expert(reviewing, expert, user=staff)
    client.force_login(expert.person.user)
    page = client.get(f"/certification/reviews/{review.pk}/").content.decode()
    assert reviewing.organization.name not in page
