"""The plaque (标牌) of a graded plant: numbered from a sequence, one per certificate, shown
on the certificate's admin page, in the portal and on the public verification page."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from certification import services
from certification.models import Application, CertificationError, Plaque
from certification.services import inspections

from .factories import advance, contact_of, member_organization, plant_of

S = Application.Status


@pytest.fixture
def certificate(plant_round, org, contact, plant, staff, experts):
    application = services.create_application(plant_round, org, user=contact, subject=plant)
    application = advance(
        application, S.APPROVED, contact=contact, staff=staff, experts=experts[:1], share=0.95
    )
    return application.certificates.get()


def test_plaques_are_numbered_in_sequence(certificate, plant_round, staff, experts):
    plaque = inspections.issue_plaque(certificate, user=staff)
    year = timezone.localdate().year
    assert plaque.number == f"FS-P{year}-0001"
    assert plaque.issued_by == staff
    other = member_organization(name="厦门市环境能源有限公司")
    user = contact_of(other)
    application = services.create_application(
        plant_round, other, user=user, subject=plant_of(other, name="厦门东部焚烧厂")
    )
    application = advance(
        application, S.APPROVED, contact=user, staff=staff, experts=experts[:1], share=0.95
    )
    second = inspections.issue_plaque(application.certificates.get(), user=staff)
    assert second.number == f"FS-P{year}-0002"


def test_one_plaque_per_certificate(certificate, staff):
    inspections.issue_plaque(certificate, user=staff)
    with pytest.raises(CertificationError):
        inspections.issue_plaque(certificate, user=staff)
    assert Plaque.objects.count() == 1


def test_the_plaque_number_is_unique(certificate, staff):
    plaque = inspections.issue_plaque(certificate, user=staff)
    with pytest.raises(IntegrityError):
        Plaque.objects.create(
            certificate=certificate, number=plaque.number, issued_on=plaque.issued_on
        )


def test_no_plaque_for_credit_rating(build, staff):
    application = build(S.APPROVED)
    with pytest.raises(CertificationError):
        inspections.issue_plaque(application.certificates.get(), user=staff)


def test_only_staff_issue_plaques_and_not_before_the_certificate(certificate, contact, staff):
    with pytest.raises(CertificationError):
        inspections.issue_plaque(certificate, user=contact)
    with pytest.raises(CertificationError):
        inspections.issue_plaque(
            certificate, user=staff, issued_on=certificate.issued_on - datetime.timedelta(days=1)
        )


def test_the_plaque_shows_on_verification_and_in_the_portal(
    client, certificate, staff, contact, site_home
):
    plaque = inspections.issue_plaque(certificate, user=staff)
    page = client.get(reverse("certification:verify_number", args=[certificate.number]))
    assert plaque.number in page.content.decode()
    client.force_login(contact)
    portal = client.get(reverse("certification:portal"))
    assert plaque.number in portal.content.decode()


def test_staff_issue_the_plaque_on_the_certificate_page(client, certificate, staff):
    client.force_login(staff)
    url = reverse("certification_certificates:manage", args=[certificate.pk])
    assert "issue_plaque" in client.get(url).content.decode()
    response = client.post(url, {"action": "issue_plaque", "issued_on": ""})
    assert response.status_code == 302
    plaque = Plaque.objects.get(certificate=certificate)
    assert plaque.number in client.get(url).content.decode()
