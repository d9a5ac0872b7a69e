"""Bad input on the award and evaluation pages: malformed posts, out-of-bounds scores and votes,
bad ids. Never a server error; the user is told why in Chinese and keeps what was typed;
nothing changes."""

import re

import pytest

from certification.models import Application, CommitteeVote, Nomination

from .award_factories import expert_with_account, persons

pytestmark = pytest.mark.django_db

S = Application.Status
CJK = re.compile(r"[\u4e00-\u9fff]")
HUGE = "9" * 25


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def page_errors(response) -> list[str]:
    """The errors the page shows next to its fields and above its forms."""
    page = response.content.decode()
    found = re.findall(r'class="field__error"[^>]*>([^<]*)<', page)
    for block in re.findall(r'class="form-errors"[^>]*>(.*?)</div>', page, flags=re.S):
        found += re.findall(r"<p>([^<]*)</p>", block)
    return found


def assert_chinese(texts):
    assert texts, "no message"
    for text in texts:
        assert CJK.search(text), text


def test_malformed_project_forms_explain_and_keep_the_input(client, site_home, nomination, contact):
    application = nomination(S.DRAFT)
    project = application.project
    units = list(project.units.values_list("name", flat=True))
    before = (project.title, project.started_on, project.field_id, application.nomination.level)
    client.force_login(contact)
    base = f"/certification/my/projects/{application.number}"

    response = client.post(
        f"{base}/edit/",
        {
            "title": "新标题" * 100,
            "field": HUGE,
            "level": "四等奖",
            "recommending_unit": "abc",
            "summary": "简介",
            "innovations": "创新",
            "started_on": "2026-13-45",
            "completed_on": "昨天",
            "contact_name": "张三",
            "contact_email": "not-an-email",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert_chinese(page_errors(response))
    assert "2026-13-45" in page and "昨天" in page and "not-an-email" in page
    project.refresh_from_db()
    application.nomination.refresh_from_db()
    assert (
        project.title,
        project.started_on,
        project.field_id,
        application.nomination.level,
    ) == before

    # A tampered management form, bad ranks and provinces: the rows are refused, not lost.
    assert client.post(f"{base}/units/", {"units-TOTAL_FORMS": "abc"}).status_code == 200
    response = client.post(
        f"{base}/units/",
        {
            "units-TOTAL_FORMS": "2",
            "units-INITIAL_FORMS": "0",
            "units-0-name": "合作单位甲",
            "units-0-ORDER": "第一",
            "units-0-province": "ZZ",
            "units-1-name": "合作单位乙",
            "units-1-ORDER": HUGE,
        },
    )
    assert response.status_code == 200
    assert_chinese(messages_of(response))
    assert "合作单位甲" in response.content.decode()
    assert list(project.units.values_list("name", flat=True)) == units

    # Over the level's cap (二等奖: at most 9 persons): refused with the cap, rows kept.
    rows = persons(10)
    data = {"persons-TOTAL_FORMS": str(len(rows)), "persons-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        data.update({f"persons-{index}-{key}": value for key, value in row.items()})
        data[f"persons-{index}-ORDER"] = str(index + 1)
    response = client.post(f"{base}/persons/", data)
    assert response.status_code == 200
    assert any("9" in m for m in messages_of(response))
    assert_chinese(messages_of(response))
    assert rows[9]["name"] in response.content.decode()
    assert project.persons.count() == 5

    # Starting a project with nothing valid.
    start = f"/certification/my/projects/start/{application.round_id}/"
    response = client.post(start, {"organization": HUGE, "title": "", "level": "x", "field": "x"})
    assert response.status_code == 200
    assert_chinese(page_errors(response))
    assert Application.objects.count() == 1

    # Consent outside publicity, and an empty consent form.
    for data in ({}, {"agree": "on", "signatory": "王建国"}):
        response = client.post(f"{base}/consent/", data, follow=True)
        assert response.status_code == 200
        assert_chinese(messages_of(response))
    assert not Nomination.objects.get(application=application).has_consent


def test_a_recommending_unit_must_choose_and_give_a_reason(
    client, site_home, nomination, unit_and_user, contact
):
    application = nomination(S.ENDORSEMENT)
    client.force_login(unit_and_user[1])
    url = f"/certification/recommendations/{application.number}/"
    for data in (
        {"decision": "maybe", "text": "再议"},
        {"decision": "decline", "text": "  "},
        {"decision": "", "text": "x" * 20000},
        {},
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert_chinese(page_errors(response))
    assert "再议" in client.post(url, {"decision": "maybe", "text": "再议"}).content.decode()
    application.refresh_from_db()
    assert application.status == S.ENDORSEMENT
    # The applicant takes it back; a NUL byte in the reason is dropped, not stored.
    client.force_login(contact)
    response = client.post(
        f"/certification/my/projects/{application.number}/recall/", {"reason": "改\x00日"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.status_history().first().reason == "改日"


def test_scores_out_of_bounds_are_refused_with_the_input_kept(client, site_home, nomination, staff):
    from certification import services

    application = nomination(S.EXPERT_REVIEW, staff=staff)
    expert = expert_with_account(name="韩志刚")
    review = services.assign_expert(application, expert, user=staff)
    client.force_login(expert.person.user)
    url = f"/certification/reviews/{review.pk}/"
    for data in ({"declaration": "maybe"}, {}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert_chinese(page_errors(response))
    client.post(url, {"declaration": "none"})
    criteria = [c for c in application.criteria_set.criteria.all() if c.kind == c.Kind.INDICATOR]
    for values in (
        ["25", "-1", "abc", "NaN"],
        ["Infinity", "1e309", HUGE, "-0.5"],
        ["", "", "", ""],
    ):
        data = {"opinion": "意见已填写", "recommendation": "五等奖", "submit": "1"}
        for criterion, value in zip(criteria, values * 3, strict=False):
            data[f"score_{criterion.pk}"] = value
        response = client.post(url, data)
        assert response.status_code == 200
        errors = [str(e) for errors in response.context["form"].errors.values() for e in errors]
        assert_chinese(errors)
        page = response.content.decode()
        assert "意见已填写" in page
        if values[0] == "25":
            assert 'value="25"' in page and "20" in " ".join(errors)
    review.refresh_from_db()
    assert review.status == review.Status.IN_PROGRESS and review.scores.count() == 0


def test_back_office_actions_with_bad_input_explain_keep_it_and_change_nothing(
    client, site_home, nomination, staff
):
    experts = [expert_with_account(name="孙立新"), expert_with_account(name="钱明远")]
    application = nomination(S.PANEL_DECISION, staff=staff, experts=experts)
    url = f"/admin/certification/applications/process/{application.pk}/"
    client.force_login(staff)
    for data in (
        {"level": "二等奖", "members_present": "abc", "votes_for": "1", "votes_against": "0"},
        {"level": "二等奖", "members_present": "-3", "votes_for": "-3", "votes_against": "0"},
        {"level": "二等奖", "members_present": HUGE, "votes_for": HUGE, "votes_against": "0"},
        {"level": "二等奖", "members_present": "14", "votes_for": "10", "votes_against": "3"},
        {"level": "二等奖", "members_present": "6", "votes_for": "6", "votes_against": "0"},
        {"level": "特等奖", "members_present": "14", "votes_for": "14", "votes_against": "0"},
        {},
    ):
        response = client.post(url, {"action": "committee_vote", **data}, follow=True)
        assert response.status_code == 200
        assert_chinese(messages_of(response))
    page = response.content.decode()
    # What was typed comes back in the form once.
    client.post(
        url,
        {
            "action": "committee_vote",
            "level": "一等奖",
            "members_present": "14",
            "votes_for": "10",
            "votes_against": "3",
            "note": "第一次表决",
        },
    )
    page = client.get(url).content.decode()
    assert 'name="members_present" value="14"' in page and "第一次表决" in page
    assert 'name="members_present" value=""' in client.get(url).content.decode()
    for data in (
        {"action": "award_publicity", "starts_on": "2026-02-30"},
        {"action": "record_fraud", "reason": "   "},
        {"action": "assign_panel", "panel": HUGE},
        {"action": "paper_copy", "received_on": "x"},
        {"action": "reject", "reason": ""},
        {"action": "approve"},
        {"action": "no-such-action"},
        # PostgreSQL refuses NUL bytes in text: refused before any service sees them.
        {"action": "record_fraud", "reason": "伪造\x00证明"},
        {"action": "committee_vote", "level": "二等奖", "note": "\x00", "members_present": "14"},
    ):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert_chinese(messages_of(response))
    application.refresh_from_db()
    assert application.status == S.PANEL_DECISION
    assert not CommitteeVote.objects.exists()
    assert application.nomination.committee_level == ""


def test_bad_ids_are_not_found(client, site_home, nomination, staff, contact):
    application = nomination(S.SUBMITTED, staff=staff)
    year = application.round.year
    public = [
        f"/certification/awards/science-award/{HUGE}/winners/",
        f"/certification/awards/science-award/{HUGE}/accepted/",
        f"/certification/awards/science-award/{year + 50}/publicity/",
        "/certification/awards/no-such-award/2026/winners/",
        f"/certification/verify/{HUGE}/",
        "/certification/publicity/KJ-0000/objection/",
        "/certification/publicity/%00/objection/",
        "/certification/verify/%00/",
        "/certification/verify/KJ%00/",
    ]
    for url in public:
        assert client.get(url).status_code == 404, url
    portal = [
        f"/certification/my/projects/{HUGE}/",
        "/certification/my/projects/%00/",
        "/certification/my/applications/%00/",
        "/certification/recommendations/%00/",
        "/certification/certificates/%00.pdf",
        f"/certification/my/projects/start/{HUGE}/",
        f"/certification/recommendations/{application.number}x/",
        f"/certification/files/{HUGE}/",
        f"/certification/reviews/{HUGE}/",
        f"/certification/certificates/{HUGE}.pdf",
        f"/certification/my/projects/{application.number}/report.pdf",
    ]
    client.force_login(contact)
    for url in portal:
        assert client.get(url).status_code == 404, url
    client.force_login(staff)
    for url in [
        f"/admin/certification/applications/process/{HUGE}/",
        f"/admin/certification/award-rounds/manage/{HUGE}/",
        "/admin/certification/award-rounds/manage/abc/",
        f"/admin/certification/award-rounds/edit/{HUGE}/",
        "/admin/certification/award-rounds/edit/abc/",
        f"/admin/certification/award-settings/edit/{HUGE}/",
        "/admin/certification/award-settings/edit/abc/",
        f"/admin/certification/award-panels/edit/{HUGE}/",
        f"/admin/certification/award-bans/edit/{HUGE}/",
    ]:
        assert client.get(url).status_code == 404, url
