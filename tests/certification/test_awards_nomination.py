"""Nominating through the portal: the project, its units and persons within the level's caps,
the recommending unit's online confirmation, and the ban after proven fraud."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.awards import services as awards
from certification.models import Application, AwardBan, AwardRound, Project

from .award_factories import field, persons, recommending_unit

pytestmark = pytest.mark.django_db

S = Application.Status


def rows_post(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def test_a_member_contact_starts_a_nomination_from_the_open_round(
    client, site_home, award_round, org, contact, unit_and_user
):
    unit, _user = unit_and_user
    client.force_login(contact)
    response = client.get(f"/certification/my/apply/{award_round.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/certification/my/projects/start/{award_round.pk}/"
    page = client.get(response["Location"])
    assert "一等奖" in page.content.decode() and unit.name in page.content.decode()
    response = client.post(
        f"/certification/my/projects/start/{award_round.pk}/",
        {
            "organization": org.pk,
            "title": "厨余垃圾高效厌氧消化关键技术",
            "field": field("餐厨/厨余处理").pk,
            "level": "二等奖",
            "recommending_unit": unit.pk,
        },
    )
    application = Application.objects.get(organization=org)
    assert response["Location"] == f"/certification/my/projects/{application.number}/"
    assert application.status == S.DRAFT
    assert application.subject_name == "厨余垃圾高效厌氧消化关键技术"
    assert application.nomination.level == "二等奖"
    assert application.nomination.recommending_unit == unit
    assert [u.name for u in application.project.units.all()] == [org.name]
    # The core's application page follows the project to its own page.
    core = client.get(f"/certification/my/applications/{application.number}/")
    assert core["Location"] == f"/certification/my/projects/{application.number}/"
    detail = client.get(core["Location"]).content.decode()
    assert "发送推荐单位" in detail or "Send to the recommending unit" in detail
    # The attachments table names checklist lines 材料 and the upload form's two selects
    # differ from the file field (the site's catalogue would say 文件 for all three).
    assert "<th>材料</th><th>已上传文件</th>" in detail
    assert '<label for="id_requirement">材料' in detail


def test_completing_persons_are_saved_in_the_given_order_within_the_levels_cap(
    client, site_home, nomination, contact
):
    application = nomination(level="二等奖", person_count=2)
    url = f"/certification/my/projects/{application.number}/persons/"
    client.force_login(contact)
    ten = [{**row, "ORDER": str(index + 1)} for index, row in enumerate(persons(10))]
    response = client.post(url, rows_post("persons", ten), follow=True)
    assert "9" in response.content.decode()  # 二等奖 allows at most 9 persons
    assert application.project.persons.count() == 2
    # Nine persons, numbered so that the last row comes first.
    nine = [{**row, "ORDER": str(index + 2)} for index, row in enumerate(persons(9))]
    nine[-1]["ORDER"] = "1"
    response = client.post(url, rows_post("persons", nine))
    assert response.status_code == 302
    ranked = list(application.project.persons.values_list("position", "name"))
    assert ranked[0] == (1, persons(9)[-1]["name"])
    assert len(ranked) == 9


def test_a_person_without_a_contribution_is_refused_and_the_input_kept(
    client, site_home, nomination, contact
):
    application = nomination(person_count=1)
    client.force_login(contact)
    rows = [{"name": "韩梅梅", "unit_name": "某研究院", "contribution": "", "ORDER": "1"}]
    response = client.post(
        f"/certification/my/projects/{application.number}/persons/", rows_post("persons", rows)
    )
    assert response.status_code == 200
    assert "韩梅梅" in response.content.decode()
    assert not application.project.persons.filter(name="韩梅梅").exists()


def test_choosing_a_lower_level_is_refused_while_the_project_exceeds_its_caps(
    client, site_home, nomination, contact
):
    application = nomination(level="一等奖", person_count=12, unit_count=6)
    client.force_login(contact)
    data = {
        "title": application.project.title,
        "field": application.project.field_id,
        "level": "三等奖",
        "recommending_unit": application.nomination.recommending_unit_id,
        "summary": "摘要",
        "innovations": "创新",
        "contact_name": "张三",
        "contact_phone": "13800000000",
        "declaration": "on",
    }
    response = client.post(f"/certification/my/projects/{application.number}/edit/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "三等奖" in text and "7" in text
    application.nomination.refresh_from_db()
    assert application.nomination.level == "一等奖"


def test_the_recommending_unit_confirms_online_and_so_submits_the_nomination(
    client, site_home, nomination, contact, unit_and_user, django_capture_on_commit_callbacks
):
    unit, unit_user = unit_and_user
    application = nomination()
    client.force_login(contact)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/certification/my/projects/{application.number}/recommendation/")
    application.refresh_from_db()
    assert application.status == S.ENDORSEMENT
    assert [m.to for m in mail.outbox] == [[unit_user.email]]
    assert f"/certification/recommendations/{application.number}/" in mail.outbox[0].body
    # While the unit decides, the applicant cannot change the nomination.
    edit = client.get(f"/certification/my/projects/{application.number}/edit/")
    assert edit.status_code == 302

    client.force_login(unit_user)
    inbox = client.get("/certification/recommendations/").content.decode()
    assert application.project.title in inbox
    assert client.get(f"/certification/recommendations/{application.number}/").status_code == 200
    attachment = application.attachments.first()
    assert client.get(f"/certification/files/{attachment.pk}/").status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/certification/recommendations/{application.number}/",
            {"decision": "confirm", "text": "该项目技术先进，应用效果显著，同意推荐申报二等奖。"},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.SUBMITTED and application.submitted_at
    assert application.nomination.recommended_by == unit_user
    last = application.status_history().first()
    assert (last.from_status, last.to_status, last.changed_by) == (
        S.ENDORSEMENT,
        S.SUBMITTED,
        unit_user,
    )
    assert any(contact.email in m.to for m in mail.outbox)


def test_the_recommending_unit_declines_with_a_reason_the_applicant_sees(
    client, site_home, nomination, contact, unit_and_user
):
    _unit, unit_user = unit_and_user
    application = nomination(S.ENDORSEMENT)
    client.force_login(unit_user)
    response = client.post(
        f"/certification/recommendations/{application.number}/",
        {"decision": "decline", "text": "应用证明不足，请补充后再申请推荐。"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.DRAFT
    client.force_login(contact)
    page = client.get(f"/certification/my/projects/{application.number}/").content.decode()
    assert "应用证明不足" in page


def test_a_declining_unit_must_give_a_reason(client, site_home, nomination, unit_and_user):
    application = nomination(S.ENDORSEMENT)
    client.force_login(unit_and_user[1])
    response = client.post(
        f"/certification/recommendations/{application.number}/", {"decision": "decline", "text": ""}
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == S.ENDORSEMENT


def test_another_recommending_unit_cannot_see_or_confirm(client, site_home, nomination):
    application = nomination(S.ENDORSEMENT)
    _other, other_user = recommending_unit(name="广东省城市环境卫生协会")
    client.force_login(other_user)
    url = f"/certification/recommendations/{application.number}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "confirm", "text": "同意"}).status_code == 404
    attachment = application.attachments.first()
    assert client.get(f"/certification/files/{attachment.pk}/").status_code == 404
    application.refresh_from_db()
    assert application.status == S.ENDORSEMENT


def test_the_applicant_cannot_bypass_the_recommending_unit(client, site_home, nomination, contact):
    application = nomination()
    client.force_login(contact)
    client.post(f"/certification/my/applications/{application.number}/submit/")
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_an_incomplete_nomination_cannot_be_sent(client, site_home, award_round, org, contact):
    from certification.services import projects

    application = projects.start_project(award_round, org, user=contact, title="未完成的项目")
    client.force_login(contact)
    response = client.post(
        f"/certification/my/projects/{application.number}/recommendation/", follow=True
    )
    text = response.content.decode()
    assert "推荐单位" in text or "recommending unit" in text
    application.refresh_from_db()
    assert application.status == S.DRAFT


def test_confirmations_after_the_deadline_are_refused(client, site_home, nomination, unit_and_user):
    application = nomination(S.ENDORSEMENT)
    AwardRound.objects.filter(round=application.round).update(
        recommendation_deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    client.force_login(unit_and_user[1])
    response = client.post(
        f"/certification/recommendations/{application.number}/",
        {"decision": "confirm", "text": "同意推荐"},
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == S.ENDORSEMENT


def test_a_barred_organization_is_refused_with_a_clear_message(
    client, site_home, award_round, org, contact, unit_and_user
):
    today = timezone.localdate()
    AwardBan.objects.create(
        organization=org,
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=900),
        reason="2025年度申报材料伪造应用证明",
    )
    client.force_login(contact)
    page = client.get(f"/certification/my/projects/start/{award_round.pk}/").content.decode()
    assert "伪造应用证明" in page
    response = client.post(
        f"/certification/my/projects/start/{award_round.pk}/",
        {"organization": org.pk, "title": "某项目", "level": "三等奖"},
    )
    assert response.status_code == 200
    text = response.content.decode()
    until = today + datetime.timedelta(days=900)
    assert "伪造应用证明" in text and f"{until.year}年{until.month}月{until.day}日" in text
    assert not Project.objects.filter(organization=org).exists()
    assert awards.ban_in_force(org) is not None


def test_the_recommending_units_inbox_lists_waiting_nominations_first_in_constant_queries(
    client, site_home, nomination, unit_and_user
):
    unit, user = unit_and_user
    waiting = [nomination(S.ENDORSEMENT, title=f"待推荐项目{i}") for i in range(3)]
    confirmed = nomination(S.SUBMITTED, title="已推荐项目")  # asked last, answered already
    branch_unit, _user = recommending_unit(name="垃圾焚烧专业委员会")
    branch_unit.users.add(user)
    client.force_login(user)
    client.get("/certification/recommendations/")  # site settings and menus are cached
    with CaptureQueriesContext(connection) as few:
        page = client.get("/certification/recommendations/").content.decode()
    positions = [page.index(application.number) for application in [*waiting, confirmed]]
    assert max(positions[:3]) < positions[3]
    assert branch_unit.name in page and unit.name in page
    for i in range(3):
        nomination(S.SUBMITTED, title=f"更多项目{i}")
    with CaptureQueriesContext(connection) as more:
        assert "更多项目2" in client.get("/certification/recommendations/").content.decode()
    assert len(more) == len(few)
