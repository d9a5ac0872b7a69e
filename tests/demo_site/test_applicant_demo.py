"""The demo shows the applicant side: figures and ratios, results with advice, the demo
member's open annual check, material waiting for staff, and the one-live-certificate rule."""

import pytest
from django.urls import reverse

from certification.models import (
    AnnualCheckSubmission,
    Application,
    ApplicationResult,
    FinancialYear,
    Round,
)
from certification.services import annual, holders
from members.models import Organization

pytestmark = pytest.mark.django_db


def test_demo_shows_the_applicant_side(demo, client):
    approved = Application.objects.filter(scheme__code="credit-rating", status="approved")
    assert FinancialYear.objects.filter(application__in=approved).count() >= 3 * approved.count()
    assert ApplicationResult.objects.filter(application__in=approved).count() == approved.count()
    assert AnnualCheckSubmission.objects.filter(status="submitted").exists()
    own = Organization.objects.get(contacts__user__email="member@example.org")
    checks = annual.pending_checks_for(own.certificates.all())
    assert any(annual.is_open_for_material(check) for check in checks)
    credit = approved.first().scheme
    assert holders.live_certificate(credit, own) is not None
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(email="member@example.org"))
    page = client.get(reverse("certification:portal")).content.decode()
    assert 'id="annual-checks"' in page
    application = own.certification_applications.filter(status="approved", scheme=credit).first()
    detail = client.get(reverse("certification:application_detail", args=[application.number]))
    assert 'id="result"' in detail.content.decode()
    round = Round.objects.open().filter(scheme=credit).first()
    start = client.get(reverse("certification:application_start", args=[round.pk]))
    assert "复评" in start.content.decode()
