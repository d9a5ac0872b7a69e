"""Bad input in the on-site step and the plant record: refused with a translated reason,
what was typed kept, never a 500."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certification.forms import PlantForm
from certification.models import CertificationError, Criterion, Finding, Rectification
from certification.services import inspections

from .factories import PdfFile, staff_member
from .plant_helpers import due, on_site_application, on_site_criterion, visited

# A valid 统一社会信用代码 with a serial and the letter of the permit kind.
CREDIT_CODE = "91350100M000100Y43"
PERMIT = CREDIT_CODE + "001P"


@pytest.fixture
def application(plant_round, org, contact, plant, staff):
    return on_site_application(plant_round, org, contact, plant, staff)


@pytest.fixture
def inspection(application, staff):
    return visited(application, staff)


@pytest.mark.parametrize("size", [1, 4])
def test_a_team_has_two_or_three_members(application, staff, size):
    team = [staff] + [staff_member() for _ in range(size - 1)]
    with pytest.raises(CertificationError, match=str(size)):
        inspections.plan_inspection(
            application, user=staff, planned_on=timezone.localdate(), staff=team
        )


def test_the_inspection_date_cannot_be_past(application, staff):
    with pytest.raises(CertificationError):
        inspections.plan_inspection(
            application,
            user=staff,
            planned_on=timezone.localdate() - datetime.timedelta(days=1),
            staff=[staff, staff_member()],
        )


def test_an_expert_in_conflict_is_refused(application, staff, experts, org):
    experts[0].conflicts.create(organization=org, reason="曾为其提供咨询")
    with pytest.raises(CertificationError, match=experts[0].person.name):
        inspections.plan_inspection(
            application, user=staff, planned_on=timezone.localdate(), experts=experts
        )


def test_deductions_only_on_items_assessed_on_site(inspection, staff, application):
    ordinary = application.criteria_set.criteria.filter(
        kind=Criterion.Kind.INDICATOR, on_site=False
    ).first()
    with pytest.raises(CertificationError):
        inspections.add_finding(
            inspection, user=staff, description="问题", criterion=ordinary, deduction=2
        )
    # Without points the finding is fine against any criterion.
    inspections.add_finding(inspection, user=staff, description="问题", criterion=ordinary)


def test_deductions_stay_within_the_items_full_marks(inspection, staff, application):
    item = on_site_criterion(application)
    inspections.add_finding(
        inspection, user=staff, description="一", criterion=item, deduction=item.max_points - 1
    )
    with pytest.raises(CertificationError, match=str(item.code)):
        inspections.add_finding(
            inspection, user=staff, description="二", criterion=item, deduction=2
        )
    assert Finding.objects.count() == 1


def test_an_on_site_veto_is_found_or_not(inspection, staff, application):
    veto = on_site_criterion(application, Criterion.Kind.VETO)
    with pytest.raises(CertificationError):
        inspections.add_finding(
            inspection, user=staff, description="数据异常", criterion=veto, deduction=3
        )


def test_a_photo_must_be_an_image(inspection, staff):
    fake = SimpleUploadedFile("照片.png", b"not an image at all", content_type="image/png")
    with pytest.raises(Exception) as refused:
        inspections.add_finding(inspection, user=staff, description="问题", photos=[fake])
    assert "PNG" in str(refused.value) or "png" in str(refused.value).lower()
    assert not Finding.objects.exists()


def test_a_deadline_in_the_past_is_refused(inspection, staff):
    with pytest.raises(CertificationError):
        inspections.request_rectification(
            inspection,
            user=staff,
            request="整改",
            due_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert not Rectification.objects.exists()


def test_evidence_without_a_file_keeps_what_was_typed(client, inspection, staff, contact):
    rectification = inspections.request_rectification(
        inspection, user=staff, request="补充检测报告", due_on=due()
    )
    client.force_login(contact)
    url = reverse(
        "certification:rectification_evidence",
        args=[inspection.application.number, rectification.pk],
    )
    response = client.post(url, {"response": "已委托第三方检测"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "已委托第三方检测" in text
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.REQUESTED


def test_evidence_of_the_wrong_type_is_refused_in_the_form(client, inspection, staff, contact):
    rectification = inspections.request_rectification(
        inspection, user=staff, request="补充检测报告", due_on=due()
    )
    client.force_login(contact)
    url = reverse(
        "certification:rectification_evidence",
        args=[inspection.application.number, rectification.pk],
    )
    bad = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"response": "见附件", "files": [bad]})
    assert response.status_code == 200
    assert "见附件" in response.content.decode()
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.REQUESTED


def test_evidence_through_the_portal(client, inspection, staff, contact):
    rectification = inspections.request_rectification(
        inspection, user=staff, request="补充检测报告", due_on=due()
    )
    client.force_login(contact)
    url = reverse(
        "certification:rectification_evidence",
        args=[inspection.application.number, rectification.pk],
    )
    response = client.post(url, {"response": "见附件", "files": [PdfFile("检测报告.pdf")]})
    assert response.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.SUBMITTED
    assert rectification.evidence.get().original_name.endswith(".pdf")


def plant_data(plant, **changes):
    data = {
        "name": plant.name,
        "province": plant.province,
        "design_capacity": "1200",
        "lines": "2",
        "technology": "grate",
        "generating_capacity": "25",
        "flue_gas_process": "sncr_semidry",
        "discharge_permit_number": PERMIT,
        "monitoring_connected": "on",
        "monitoring_connected_since": "2021-06-01",
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_plant_record_takes_the_graders_facts(plant, org):
    form = PlantForm(
        plant_data(plant, discharge_permit_number=PERMIT.lower()), instance=plant, organization=org
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert saved.discharge_permit_number == PERMIT
    assert saved.generating_capacity == Decimal("25")
    assert saved.missing_facts == []


@pytest.mark.parametrize(
    "permit",
    ["12345", CREDIT_CODE + "01P", CREDIT_CODE[:-1] + "X001P", CREDIT_CODE + "0011"],
)
def test_a_malformed_permit_number_is_refused(plant, org, permit):
    form = PlantForm(
        plant_data(plant, discharge_permit_number=permit), instance=plant, organization=org
    )
    assert not form.is_valid()
    assert "discharge_permit_number" in form.errors


def test_online_monitoring_needs_its_date(plant, org):
    form = PlantForm(
        plant_data(plant, monitoring_connected_since=""), instance=plant, organization=org
    )
    assert not form.is_valid()
    assert "monitoring_connected_since" in form.errors
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    form = PlantForm(
        plant_data(plant, monitoring_connected_since=future), instance=plant, organization=org
    )
    assert not form.is_valid()


def test_another_flue_gas_line_must_be_described(plant, org):
    form = PlantForm(plant_data(plant, flue_gas_process="other"), instance=plant, organization=org)
    assert "flue_gas_description" in form.errors


def test_the_portal_keeps_a_bad_permit_number_as_typed(client, plant, contact):
    client.force_login(contact)
    url = reverse("certification:plant_edit", args=[plant.pk])
    data = plant_data(plant, discharge_permit_number="9135-BAD")
    response = client.post(url, {**data, "organization": plant.organization_id})
    assert response.status_code == 200
    assert "9135-BAD" in response.content.decode()


def test_the_plant_form_shows_its_dates_as_the_date_input_needs(plant, org):
    form = PlantForm(instance=plant, organization=org)
    html = str(form["formal_operation_on"])
    assert f'value="{plant.formal_operation_on.isoformat()}"' in html
