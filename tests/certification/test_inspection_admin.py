"""The back office of the on-site step: planning on the processing page, the inspection's
page and its actions (findings with photos through the action form), refusals as messages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Application, Finding, Inspection, Rectification

from .factories import staff_member
from .plant_helpers import due, on_site_application, on_site_criterion, png_upload, visited

S = Application.Status


@pytest.fixture
def application(plant_round, org, contact, plant, staff):
    return on_site_application(plant_round, org, contact, plant, staff)


def process_url(application):
    return reverse("certification_applications:process", args=[application.pk])


def action_url(inspection, name):
    return reverse(f"certification_inspections:{name}", args=[inspection.pk])


def test_staff_plan_the_inspection_on_the_processing_page(client, application, staff, experts):
    client.force_login(staff)
    page = client.get(process_url(application))
    assert page.status_code == 200 and "plan_inspection" in page.content.decode()
    response = client.post(
        process_url(application),
        {
            "action": "plan_inspection",
            "planned_on": timezone.localdate().isoformat(),
            "experts": [experts[0].pk],
            "staff": [staff.pk],
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(application=application)
    assert inspection.members.count() == 2
    assert inspection.members.get(role="leader").expert == experts[0]


def test_a_team_of_one_is_refused_with_a_message(client, application, staff):
    client.force_login(staff)
    response = client.post(
        process_url(application),
        {
            "action": "plan_inspection",
            "planned_on": timezone.localdate().isoformat(),
            "staff": [staff.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not Inspection.objects.exists()
    assert any("2" in str(m) for m in response.context["messages"])


def test_the_credit_rating_processing_page_has_no_inspection(client, build, staff):
    application = build(S.FORMAL_REVIEW)
    client.force_login(staff)
    page = client.get(process_url(application))
    assert page.status_code == 200
    assert "plan_inspection" not in page.content.decode()


def test_the_team_records_a_finding_with_a_photo(client, application, staff):
    inspection = visited(application, staff)
    client.force_login(staff)
    page = client.get(reverse("certification_inspections:inspect", args=[inspection.pk]))
    assert page.status_code == 200
    item = on_site_criterion(application)
    response = client.post(
        action_url(inspection, "finding"),
        {
            "criterion": item.pk,
            "description": "飞灰暂存间标识不全",
            "deduction": "1",
            "photos": [png_upload()],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    finding = Finding.objects.get()
    assert finding.photos.count() == 1 and finding.recorded_by == staff


def test_staff_outside_the_team_get_no_finding_form(client, application, staff):
    inspection = visited(application, staff)
    outsider = staff_member()
    client.force_login(outsider)
    # Wagtail answers a refused permission with a redirect and a message.
    assert client.get(action_url(inspection, "finding")).status_code in (302, 403)
    response = client.post(action_url(inspection, "finding"), {"description": "越权"})
    assert response.status_code in (302, 403)
    assert not Finding.objects.exists()
    # But staff may follow up: request rectification.
    response = client.post(
        action_url(inspection, "request_rectification"),
        {"request": "补充记录", "due_on": due().isoformat()},
    )
    assert response.status_code == 302
    assert Rectification.objects.count() == 1


def test_a_bad_deduction_is_refused_with_the_form_kept(client, application, staff):
    inspection = visited(application, staff)
    client.force_login(staff)
    ordinary = application.criteria_set.criteria.filter(kind="indicator").first()
    response = client.post(
        action_url(inspection, "finding"),
        {"criterion": ordinary.pk, "description": "记录保留", "deduction": "3"},
    )
    assert response.status_code == 200
    assert "记录保留" in response.content.decode()
    assert not Finding.objects.exists()


def test_accept_and_close_through_the_admin(client, application, staff, contact):
    from certification.services import inspections

    from .factories import PdfFile

    inspection = visited(application, staff)
    rectification = inspections.request_rectification(
        inspection, user=staff, request="完善应急预案", due_on=due()
    )
    inspections.submit_evidence(
        rectification, user=contact, files=[PdfFile("预案.pdf")], response="已修订"
    )
    client.force_login(staff)
    response = client.post(
        action_url(inspection, "accept_rectification"),
        {"rectification": rectification.pk, "note": "符合要求"},
    )
    assert response.status_code == 302
    response = client.post(action_url(inspection, "close"), {})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.EXPERT_REVIEW


def test_the_inspection_listing_and_page_render(client, application, staff):
    inspection = visited(application, staff)
    client.force_login(staff)
    assert client.get(reverse("certification_inspections:index")).status_code == 200
    page = client.get(reverse("certification_inspections:inspect", args=[inspection.pk]))
    assert application.number in page.content.decode()
