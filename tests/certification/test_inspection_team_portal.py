"""The inspection team in the member portal: an expert of the pool (no admin access) records
the visit and findings with photos; nobody outside the team reaches the page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import Finding, Inspection
from certification.services import inspections

from .factories import staff_member
from .plant_helpers import (
    on_site_application,
    on_site_criterion,
    planned_with_expert,
    png_upload,
)


@pytest.fixture
def application(plant_round, org, contact, plant, staff):
    return on_site_application(plant_round, org, contact, plant, staff)


@pytest.fixture
def inspection(application, staff, experts):
    return planned_with_expert(application, staff, experts[0])


def test_an_expert_on_the_team_works_in_the_portal(client, inspection, experts, application):
    user = experts[0].person.user
    client.force_login(user)
    portal = client.get("/account/")
    assert reverse("certification:team_inspection", args=[inspection.pk]) in portal.content.decode()
    url = reverse("certification:team_inspection", args=[inspection.pk])
    response = client.post(
        url, {"step": "visit", "visited_on": timezone.localdate().isoformat(), "summary": "已核查"}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.state.visited
    response = client.post(
        url,
        {
            "step": "finding",
            "criterion": on_site_criterion(application).pk,
            "description": "炉渣出渣机漏水",
            "deduction": "1",
            "photos": [png_upload()],
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.recorded_by == user and finding.photos.count() == 1


def test_a_bad_finding_is_refused_with_what_was_typed(client, inspection, experts, application):
    user = experts[0].person.user
    inspections.record_visit(inspection, user=user, visited_on=timezone.localdate())
    client.force_login(user)
    url = reverse("certification:team_inspection", args=[inspection.pk])
    ordinary = application.criteria_set.criteria.filter(kind="indicator").first()
    response = client.post(
        url,
        {
            "step": "finding",
            "criterion": ordinary.pk,
            "description": "保留此描述",
            "deduction": "5",
        },
    )
    assert response.status_code == 200
    assert "保留此描述" in response.content.decode()
    assert not Finding.objects.exists()


def test_nobody_outside_the_team_reaches_the_page(
    client, inspection, experts, contact, other_contact
):
    url = reverse("certification:team_inspection", args=[inspection.pk])
    for user in (experts[1].person.user, contact, other_contact, staff_member()):
        client.force_login(user)
        assert client.get(url).status_code == 404
    assert Inspection.objects.get().state.planned
