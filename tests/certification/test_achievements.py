"""S&T achievement evaluation (科技成果评价) through the views: the application with its
reports, a panel of 5 to 9 experts (odd, at most two from one organization), independent
scores, the conclusion from the bands, the certificate and the evaluation report."""

import io

import pytest
from pypdf import PdfReader

from certification import services
from certification.models import Application, Review
from tests.members.factories import OrganizationFactory

from .award_factories import achievement_scheme, expert_with_account, field, nominate, score_sheet
from .factories import open_round

pytestmark = pytest.mark.django_db

S = Application.Status


def process_url(application):
    return f"/admin/certification/applications/process/{application.pk}/"


def act(client, application, action, **data):
    response = client.post(process_url(application), {"action": action, **data}, follow=True)
    application.refresh_from_db()
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def evaluation_round(db):
    return open_round(achievement_scheme())


@pytest.fixture
def evaluation(evaluation_round, org, contact, staff, client):
    """An achievement evaluation in expert review, built through the portal and the admin."""
    application = nominate(
        evaluation_round, org, contact, None, title="智能环卫作业车辆自动驾驶系统"
    )
    client.force_login(contact)
    response = client.post(f"/certification/my/applications/{application.number}/submit/")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    client.force_login(staff)
    act(client, application, "start_formal_review")
    checklist = {f"doc_{d.pk}": "on" for d in application.scheme.required_documents.all()}
    act(client, application, "accept", **checklist)
    assert application.status == S.EXPERT_REVIEW
    return application


def score(client, review, share):
    client.force_login(review.expert.person.user)
    client.post(f"/certification/reviews/{review.pk}/", {"declaration": "none"})
    data = {"opinion": "成果整体技术先进", "recommendation": "", "submit": "1"}
    for pk, (value, _comment) in score_sheet(review.application.criteria_set, share).items():
        data[f"score_{pk}"] = str(value)
        data[f"comment_{pk}"] = ""
    client.post(f"/certification/reviews/{review.pk}/", data)
    review.refresh_from_db()
    assert review.status == Review.Status.SUBMITTED


def test_the_portal_starts_an_evaluation_without_level_or_recommending_unit(
    client, site_home, evaluation_round, org, contact
):
    client.force_login(contact)
    page = client.get(f"/certification/my/projects/start/{evaluation_round.pk}/").content.decode()
    assert 'name="level"' not in page and 'name="recommending_unit"' not in page
    client.post(
        f"/certification/my/projects/start/{evaluation_round.pk}/",
        {"organization": org.pk, "title": "渗滤液全量化处理技术", "field": field().pk},
    )
    application = Application.objects.get(scheme=evaluation_round.scheme)
    assert not hasattr(application, "nomination")
    assert application.project.title == "渗滤液全量化处理技术"


def test_the_panel_takes_at_most_two_experts_from_one_organization(
    client, site_home, evaluation, staff
):
    university = OrganizationFactory(name="同济大学环境科学与工程学院")
    same = [expert_with_account(name=f"同济专家{i}", organization=university) for i in range(3)]
    client.force_login(staff)
    act(client, evaluation, "assign", expert=same[0].pk)
    act(client, evaluation, "assign", expert=same[1].pk)
    messages = act(client, evaluation, "assign", expert=same[2].pk)
    assert any("同济大学环境科学与工程学院" in m and "2" in m for m in messages)
    assert evaluation.reviews.count() == 2


def test_experts_of_an_unregistered_employer_count_as_one_organization(
    client, site_home, evaluation, staff
):
    """University experts are often not registered organizations: their employer's name
    counts (spaces and full-width forms aside), and it matches a registered organization."""
    institute = OrganizationFactory(name="中国城市建设研究院有限公司")
    named = [
        expert_with_account(name="胡教授", organization=None, employer_name="哈尔滨工业大学"),
        expert_with_account(name="林教授", organization=None, employer_name=" 哈尔滨工业大学 "),
        expert_with_account(name="马教授", organization=None, employer_name="哈尔滨工业大学"),
    ]
    client.force_login(staff)
    act(client, evaluation, "assign", expert=named[0].pk)
    act(client, evaluation, "assign", expert=named[1].pk)
    messages = act(client, evaluation, "assign", expert=named[2].pk)
    assert any("哈尔滨工业大学" in m and "胡教授" in m for m in messages), messages
    assert evaluation.reviews.count() == 2

    registered = expert_with_account(name="周研究员", organization=institute)
    by_name = [
        expert_with_account(
            name=f"研究员{i}", organization=None, employer_name="中国城市建设研究院有限公司"
        )
        for i in range(2)
    ]
    act(client, evaluation, "assign", expert=registered.pk)
    act(client, evaluation, "assign", expert=by_name[0].pk)
    messages = act(client, evaluation, "assign", expert=by_name[1].pk)
    assert any("中国城市建设研究院有限公司" in m for m in messages), messages
    assert evaluation.reviews.count() == 4


def test_the_panel_has_five_to_nine_experts_in_an_odd_number(
    client, site_home, evaluation, staff, contact, other_contact
):
    experts = [expert_with_account(name=f"评价专家{i}") for i in range(10)]
    client.force_login(staff)
    for expert in experts[:9]:
        act(client, evaluation, "assign", expert=expert.pk)
    messages = act(client, evaluation, "assign", expert=experts[9].pk)
    assert any("9" in m for m in messages) and evaluation.reviews.count() == 9
    reviews = list(evaluation.reviews.order_by("pk"))
    # Five assignments withdrawn, four scores: too few.
    for review in reviews[4:]:
        act(client, evaluation, "withdraw_review", review=review.pk, reason="出差")
    for review in reviews[:4]:
        score(client, review, 0.75)
    client.force_login(staff)
    messages = act(client, evaluation, "close_review")
    assert evaluation.status == S.EXPERT_REVIEW and any("5" in m for m in messages)
    # Six: an even number.
    more = [expert_with_account(name=f"补充专家{i}") for i in range(3)]
    for expert in more[:2]:
        act(client, evaluation, "assign", expert=expert.pk)
        score(client, evaluation.reviews.get(expert=expert), 0.75)
        client.force_login(staff)
    messages = act(client, evaluation, "close_review")
    assert evaluation.status == S.EXPERT_REVIEW
    assert any("单数" in m or "odd" in m for m in messages)
    # Seven: a valid panel.
    act(client, evaluation, "assign", expert=more[2].pk)
    score(client, evaluation.reviews.get(expert=more[2]), 0.75)
    client.force_login(staff)
    act(client, evaluation, "close_review")
    assert evaluation.status == S.PANEL_DECISION
    assert 70 <= evaluation.score < 80 and evaluation.proposed_grade == "国内领先"

    # No public notice: the panel's conclusion is issued at once.
    act(client, evaluation, "approve_decision", grade="国内领先")
    assert evaluation.status == S.APPROVED
    certificate = evaluation.certificates.get()
    assert certificate.grade_label == "国内领先" and certificate.valid_until is None

    client.force_login(contact)
    report = client.get(f"/certification/my/projects/{evaluation.number}/report.pdf")
    assert report["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(report.content)).pages[0].extract_text().replace(" ", "")
    assert "国内领先" in text and "智能环卫作业车辆自动驾驶系统" in text
    assert client.get(f"/certification/certificates/{certificate.number}.pdf").status_code == 200
    client.force_login(other_contact)
    assert (
        client.get(f"/certification/my/projects/{evaluation.number}/report.pdf").status_code == 404
    )
    client.logout()
    assert "国内领先" in client.get(f"/certification/verify/{certificate.number}/").content.decode()


def test_a_grade_other_than_the_bands_needs_a_reason(client, site_home, evaluation, staff):
    experts = [expert_with_account(name=f"专家{i}") for i in range(5)]
    for expert in experts:
        services.assign_expert(evaluation, expert, user=staff)
    for review in evaluation.reviews.all():
        score(client, review, 0.92)
    client.force_login(staff)
    act(client, evaluation, "close_review")
    assert evaluation.proposed_grade == "国际领先"
    act(client, evaluation, "approve_decision", grade="国际先进", reason="")
    assert evaluation.status == S.PANEL_DECISION
    act(client, evaluation, "approve_decision", grade="国际先进", reason="部分指标尚缺长期运行数据")
    assert evaluation.status == S.APPROVED and evaluation.final_grade == "国际先进"
