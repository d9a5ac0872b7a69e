"""The QR code of every certificate, whatever its scheme, and of the evaluation report reads
with a real decoder as a regular QR code (not Micro QR, which phones and WeChat cannot read)
and opens the certificate's public verification page by its absolute address."""

from urllib.parse import urlsplit

import pytest
from django.test import Client

from certification import services
from certification.models import Application, Scheme
from tests.qr import read_pdf

from .award_factories import achievement_scheme, expert_with_account, nominate, review_all
from .factories import open_round

pytestmark = pytest.mark.django_db

S = Application.Status
# The schemes whose certificates the tests below decode.
READ = {"credit-rating", "plant-grading", "science-award", "achievement-evaluation"}


def verification_address(certificate) -> str:
    return f"http://testserver/certification/verify/{certificate.number}/"


def assert_reads(client, certificate, scheme: str) -> None:
    assert certificate.scheme.code == scheme and scheme in READ
    response = client.get(f"/certification/certificates/{certificate.number}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert read_pdf(response.content) == [[verification_address(certificate)]]
    # A phone that scans it (no login) sees the certificate's live status.
    page = Client().get(urlsplit(verification_address(certificate)).path)
    assert page.status_code == 200 and certificate.grade_label in page.content.decode()


def test_credit_rating_certificate(client, site_home, build, contact):
    certificate = build(S.APPROVED).certificates.get()
    client.force_login(contact)
    assert_reads(client, certificate, "credit-rating")


def test_plant_grading_certificate(client, site_home, build, plant_round, plant, contact):
    certificate = build(S.APPROVED, round=plant_round, subject=plant).certificates.get()
    client.force_login(contact)
    assert_reads(client, certificate, "plant-grading")


def test_award_certificates_of_the_project_its_units_and_persons(
    client, site_home, award, nomination, staff, contact
):
    experts = [expert_with_account(name="孙立新"), expert_with_account(name="钱明远")]
    approved = nomination(S.APPROVED, staff=staff, experts=experts, person_count=2, unit_count=2)
    certificates = list(approved.certificates.order_by("holder_order"))
    assert len(certificates) >= 3  # the project, its completing units and persons
    client.force_login(contact)
    for certificate in certificates:
        assert_reads(client, certificate, "science-award")


def test_achievement_evaluation_certificate_and_report(client, site_home, org, contact, staff):
    evaluation = nominate(open_round(achievement_scheme()), org, contact, None, title="成果评价")
    services.submit(evaluation, user=contact)
    services.start_formal_review(evaluation, user=staff)
    checklist = {str(d.pk): True for d in evaluation.scheme.required_documents.all()}
    services.accept_for_expert_review(evaluation, user=staff, checklist=checklist)
    experts = [expert_with_account(name=f"评价专家{i}") for i in range(5)]
    review_all(evaluation, experts, share=0.85, staff=staff)
    services.close_expert_review(evaluation, user=staff)
    services.approve_without_publicity(evaluation, user=staff)
    certificate = evaluation.certificates.get()
    client.force_login(contact)
    assert_reads(client, certificate, "achievement-evaluation")
    report = client.get(f"/certification/my/projects/{evaluation.number}/report.pdf")
    assert report.status_code == 200
    codes = [text for page in read_pdf(report.content) for text in page]
    assert codes == [verification_address(certificate)]


def test_every_active_scheme_has_its_certificates_read_above():
    """A new scheme that issues certificates needs a test above."""
    active = set(Scheme.objects.filter(is_active=True).values_list("code", flat=True))
    assert active <= READ, f"certificates never decoded: {sorted(active - READ)}"
