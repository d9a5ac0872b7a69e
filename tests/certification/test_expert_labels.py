"""The processing page's labels and displays: each reason field says what it asks for, veto
items read as found or not found, and certification staff open the expert pool."""

import pytest

from certification.models import Application, Criterion, ReviewScore

S = Application.Status


def label_of(html: str, field_id: str) -> str:
    return html.split(f'<label for="{field_id}">')[1].split("</label>")[0]


def test_reject_asks_for_the_reasons_not_corrections(build, staff, client):
    application = build(S.FORMAL_REVIEW)
    client.force_login(staff)
    html = client.get(f"/admin/certification/applications/process/{application.pk}/").content
    html = html.decode()
    assert label_of(html, "id_reject_reason") != label_of(html, "id_return_reason")
    assert "不予通过的理由" in label_of(html, "id_reject_reason")
    assert "补正" not in label_of(html, "id_reject_reason")


def test_the_panels_forms_have_their_own_labels(build, staff, client):
    application = build(S.PANEL_DECISION)
    client.force_login(staff)
    html = client.get(f"/admin/certification/applications/process/{application.pk}/").content
    html = html.decode()
    labels = {label_of(html, i) for i in ("id_grade_reason", "id_back_reason", "id_reject_reason")}
    assert len(labels) == 3


def test_veto_items_read_not_found(build, staff, client, experts):
    application = build(S.PANEL_DECISION)
    veto = application.criteria_set.criteria.filter(kind=Criterion.Kind.VETO).first()
    if veto is None:
        pytest.skip("the credit-rating criteria have no veto item")
    assert ReviewScore.objects.filter(criterion=veto).exists()
    client.force_login(staff)
    html = client.get(f"/admin/certification/applications/process/{application.pk}/").content
    row = html.decode().split(f"{veto.code} {veto.name}")[1].split("</tr>")[0]
    assert "未发现" in row
    assert ">0<" not in row


def test_certification_staff_open_the_expert_pool(staff, client, experts):
    client.force_login(staff)
    response = client.get("/admin/members/experts/")
    assert response.status_code == 200
    assert experts[0].person.name in response.content.decode()
    assert client.get(f"/admin/members/experts/edit/{experts[0].pk}/").status_code == 200
    assert client.get("/admin/members/experts/new/").status_code == 200
    # The person chooser of the expert form answers them; the persons' records do not.
    from django.urls import reverse

    assert client.get(reverse("member_person_chooser:choose")).status_code == 200
    assert client.get(reverse("member_person:index")).status_code in (302, 403)
