"""The back office: criteria versions, dashboard counts, exports, certificate actions."""

import pytest

from certification.models import Application, CriteriaSet

pytestmark = pytest.mark.django_db

S = Application.Status


def test_dashboard_counts_applications_per_state(client, site_home, build, staff):
    build(S.SUBMITTED)
    client.force_login(staff)
    page = client.get("/admin/certification/")
    rows = {row["status"]: row["total"] for row in page.context["table"]}
    assert rows[S.SUBMITTED] == 1 and rows[S.DRAFT] == 0
    queue = client.get("/admin/certification/applications/", {"status": S.SUBMITTED})
    assert queue.status_code == 200
    home = client.get("/admin/").content.decode()
    assert "/admin/certification/applications/?status=submitted" in home


def test_exports(client, site_home, build, staff):
    build(S.APPROVED)
    client.force_login(staff)
    for url in [
        "/admin/certification/applications/?export=xlsx",
        "/admin/certification/certificates/?export=csv",
        "/admin/certification/reviews/?export=csv",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body


def test_criteria_in_use_are_frozen_and_copied_into_a_new_version(
    client, site_home, build, staff, credit
):
    build(S.SUBMITTED)
    criteria_set = credit.current_criteria()
    client.force_login(staff)
    manage = f"/admin/certification/criteria/manage/{criteria_set.pk}/"
    assert client.get(manage).status_code == 200
    client.post(manage, {"action": "copy"})
    draft = CriteriaSet.objects.get(scheme=credit, version=2)
    assert draft.status == CriteriaSet.Status.DRAFT
    assert draft.criteria.count() == criteria_set.criteria.count()
    assert client.get(f"/admin/certification/criteria/edit/{draft.pk}/").status_code == 200
    # The version in use refuses edits.
    response = client.post(f"/admin/certification/criteria/edit/{criteria_set.pk}/", {"title": "x"})
    assert response.status_code == 200
    criteria_set.refresh_from_db()
    assert criteria_set.title != "x"
    client.post(f"/admin/certification/criteria/manage/{draft.pk}/", {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == CriteriaSet.Status.PUBLISHED
    assert credit.current_criteria() == draft
    # Applications keep the version they were made under.
    assert Application.objects.get().criteria_set == criteria_set


def test_certificate_actions_in_the_back_office(client, site_home, build, staff):
    certificate = build(S.APPROVED).certificates.get()
    client.force_login(staff)
    url = f"/admin/certification/certificates/manage/{certificate.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "suspend", "reason": ""}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    client.post(url, {"action": "suspend", "reason": "整改"})
    certificate.refresh_from_db()
    assert certificate.status == "suspended"
    check = certificate.annual_checks.first()
    client.post(
        url,
        {
            "action": "recheck",
            "check": check.pk,
            "outcome": "downgrade",
            "grade": "A",
            "reason": "降级",
        },
    )
    certificate.refresh_from_db()
    assert certificate.status == "superseded"
    assert certificate.replaced_by.get().grade == "A"
