"""The award committee's votes, pre-award publicity with objections, consent, the award with
its certificates for the project, units and persons, verification, winners, and fraud."""

import datetime

import pytest
from django.utils import timezone
from pypdf import PdfReader

from certification.awards import services as awards
from certification.models import Application, Certificate, Objection

from .award_factories import expert_with_account, nominate

pytestmark = pytest.mark.django_db

S = Application.Status


def process_url(application):
    return f"/admin/certification/applications/process/{application.pk}/"


def act(client, application, action, **data):
    response = client.post(process_url(application), {"action": action, **data}, follow=True)
    application.refresh_from_db()
    return [str(m) for m in response.context["messages"]]


def vote(client, application, level, present, for_, against, abstain=0):
    return act(
        client,
        application,
        "committee_vote",
        level=level,
        members_present=str(present),
        votes_for=str(for_),
        votes_against=str(against),
        abstentions=str(abstain),
    )


@pytest.fixture
def two_experts(db):
    return [expert_with_account(name="孙立新"), expert_with_account(name="钱明远")]


@pytest.fixture
def at_committee(nomination, staff, two_experts):
    def _make(**kwargs):
        return nomination(S.PANEL_DECISION, staff=staff, experts=two_experts, **kwargs)

    return _make


def test_the_committee_ranks_by_score(client, site_home, at_committee, staff):
    lower = at_committee(title="较低得分项目", share=0.7)
    higher = at_committee(title="较高得分项目", share=0.9)
    client.force_login(staff)
    page = client.get(f"/admin/certification/award-rounds/manage/{higher.round_id}/")
    text = page.content.decode()
    assert text.index("较高得分项目") < text.index("较低得分项目")
    assert higher.score > lower.score


def test_committee_votes_need_a_quorum_and_the_levels_majority(
    client, site_home, at_committee, staff
):
    application = at_committee(level="一等奖", share=0.9)
    client.force_login(staff)
    # 7 of 15 members is no quorum.
    messages = vote(client, application, "一等奖", 7, 7, 0)
    assert application.committee_votes.count() == 0 and messages
    # Votes must add up.
    vote(client, application, "一等奖", 12, 8, 2)
    assert application.committee_votes.count() == 0
    # 一等奖 needs two thirds: 8 of 13 is not enough.
    vote(client, application, "一等奖", 13, 8, 4, 1)
    last = application.committee_votes.last()
    assert not last.passed and application.nomination.committee_level == ""
    # The committee then votes 二等奖 by a simple majority.
    vote(client, application, "二等奖", 13, 10, 3)
    application.nomination.refresh_from_db()
    assert application.nomination.committee_level == "二等奖"
    assert [v.passed for v in application.committee_votes.all()] == [False, True]
    assert application.status == S.PANEL_DECISION


def test_the_voted_level_goes_to_thirty_days_of_public_notice(
    client, site_home, at_committee, staff
):
    application = at_committee(level="二等奖", share=0.9)
    client.force_login(staff)
    messages = act(client, application, "award_publicity")
    assert application.status == S.PANEL_DECISION and messages  # no vote yet
    vote(client, application, "二等奖", 14, 12, 2)
    act(client, application, "award_publicity", starts_on=timezone.localdate().isoformat())
    assert application.status == S.PUBLICITY
    assert application.final_grade == "二等奖"
    assert application.publicity_ends_on - application.publicity_starts_on == datetime.timedelta(
        days=29
    )
    # The proposed grade from the score bands (一等奖 at 90 points) differs: the vote is the reason.
    assert "12" in application.grade_reason
    client.logout()
    page = client.get(f"/certification/awards/science-award/{application.round.year}/publicity/")
    text = page.content.decode()
    assert application.project.title in text and "合作研究院1" in text and "李明" in text
    assert f"/certification/publicity/{application.number}/objection/" in text


def test_objections_are_real_name_and_resolved_in_writing_before_the_award(
    client, site_home, nomination, staff, contact, two_experts
):
    application = nomination(
        S.PUBLICITY,
        staff=staff,
        experts=two_experts,
        publicity_start=timezone.localdate() - datetime.timedelta(days=5),
    )
    url = f"/certification/publicity/{application.number}/objection/"
    form = {
        "name": "匿名",
        "organization": "某公司",
        "phone": "13900000000",
        "grounds": "该项目的应用证明存在夸大，请核实第二完成单位的实际贡献。",
    }
    client.post(url, form)
    assert not Objection.objects.exists()
    client.post(url, {**form, "name": "陈志强"})
    objection = Objection.objects.get()
    # The window closes; the award waits for the objection's written outcome.
    Application.objects.filter(pk=application.pk).update(
        publicity_starts_on=timezone.localdate() - datetime.timedelta(days=40),
        publicity_ends_on=timezone.localdate() - datetime.timedelta(days=11),
    )
    client.force_login(contact)
    client.post(
        f"/certification/my/projects/{application.number}/consent/",
        {"agree": "on", "signatory": "王建国"},
    )
    client.force_login(staff)
    messages = act(client, application, "approve")
    assert application.status == S.PUBLICITY and any(
        "异议" in m or "objection" in m for m in messages
    )
    act(
        client,
        application,
        "resolve_objection",
        objection=objection.pk,
        decision="dismissed",
        outcome="",
    )
    objection.refresh_from_db()
    assert objection.status == Objection.Status.OPEN  # an outcome must be written
    act(
        client,
        application,
        "resolve_objection",
        objection=objection.pk,
        decision="dismissed",
        outcome="经核实，第二完成单位提供了中试场地和运行数据，贡献属实。",
    )
    act(client, application, "approve")
    assert application.status == S.APPROVED


def test_an_upheld_objection_sends_the_nomination_back_to_expert_review(
    client, site_home, nomination, staff, two_experts
):
    application = nomination(
        S.PUBLICITY,
        staff=staff,
        experts=two_experts,
        publicity_start=timezone.localdate() - datetime.timedelta(days=2),
    )
    client.post(
        f"/certification/publicity/{application.number}/objection/",
        {
            "name": "陈志强",
            "organization": "某公司",
            "phone": "13900000000",
            "grounds": "申报的核心专利权属存在争议，已进入诉讼程序。",
        },
    )
    client.force_login(staff)
    act(
        client,
        application,
        "resolve_objection",
        objection=Objection.objects.get().pk,
        decision="upheld",
        outcome="专利权属争议属实，退回专家评审重新评议。",
    )
    assert application.status == S.EXPERT_REVIEW


def test_the_award_needs_consent_and_certifies_the_project_every_unit_and_person(
    client, site_home, nomination, staff, contact, two_experts, other_contact
):
    # Nominated for 一等奖 with ten persons; the committee awards 二等奖 (at most nine).
    application = nomination(
        S.PUBLICITY, staff=staff, experts=two_experts, level="一等奖", person_count=10, unit_count=3
    )
    client.force_login(staff)
    messages = act(client, application, "approve")
    assert application.status == S.PUBLICITY
    assert any("授奖确认" in m or "consent" in m for m in messages)
    client.force_login(contact)
    client.post(
        f"/certification/my/projects/{application.number}/consent/",
        {"agree": "on", "signatory": "王建国"},
    )
    application.nomination.refresh_from_db()
    assert application.nomination.consent_signatory == "王建国"
    client.force_login(staff)
    act(client, application, "approve")
    assert application.status == S.APPROVED
    certificates = list(application.certificates.order_by("holder_order"))
    # 二等奖: the project, three units, the first nine of ten persons.
    assert len(certificates) == 1 + 3 + 9
    person = certificates[-1]
    assert person.holder_name == application.project.persons.get(position=9).name

    client.logout()
    page = client.get(f"/certification/verify/{person.number}/")
    text = page.content.decode()
    assert page.status_code == 200 and person.holder_name in text and "二等奖" in text
    winners = client.get(f"/certification/awards/science-award/{application.round.year}/winners/")
    text = winners.content.decode()
    assert application.project.title in text
    assert application.project.persons.get(position=10).name not in text

    client.force_login(contact)
    pdf = client.get(f"/certification/certificates/{person.number}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    extracted = PdfReader(__import__("io").BytesIO(pdf.content)).pages[0].extract_text()
    assert person.holder_name in extracted.replace(" ", "")
    client.force_login(other_contact)
    assert client.get(f"/certification/certificates/{person.number}.pdf").status_code == 404


def test_proven_fraud_revokes_the_award_and_bars_the_applicant_for_three_years(
    client, site_home, nomination, staff, contact, two_experts, award_round, org, unit_and_user
):
    application = nomination(S.APPROVED, staff=staff, experts=two_experts)
    client.force_login(staff)
    act(client, application, "record_fraud", reason="")
    assert awards.ban_in_force(org) is None
    act(client, application, "record_fraud", reason="经查实，申报材料中的经济效益证明系伪造。")
    ban = awards.ban_in_force(org)
    assert ban.ends_on == ban.starts_on.replace(year=ban.starts_on.year + 3) - datetime.timedelta(
        days=1
    )
    assert not application.certificates.exclude(status=Certificate.Status.REVOKED).exists()
    client.logout()
    year = application.round.year
    assert (
        application.project.title
        not in client.get(f"/certification/awards/science-award/{year}/winners/").content.decode()
    )
    number = application.certificates.first().number
    assert "撤销" in client.get(f"/certification/verify/{number}/").content.decode()
    client.force_login(contact)
    response = client.post(
        f"/certification/my/projects/start/{award_round.pk}/",
        {"organization": org.pk, "title": "新项目", "level": "三等奖"},
    )
    assert "伪造" in response.content.decode()
    with pytest.raises(Exception, match="伪造"):
        nominate(award_round, org, contact, unit_and_user[0], title="再次申报")
