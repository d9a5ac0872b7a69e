"""The demo: both schemes end to end, built by the services, idempotent."""

import pytest
from django.core.management import call_command

from certification.models import Application, Certificate, Scheme

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_certificate_status_and_is_idempotent(client):
    call_command("load_demo", "--no-index", stdout=open("/dev/null", "w"))
    credit = set(
        Application.objects.filter(scheme__code="credit-rating").values_list("status", flat=True)
    )
    assert credit == set(Application.Status.values)
    plant = set(
        Application.objects.filter(scheme__code="plant-grading").values_list("status", flat=True)
    )
    assert plant == set(Application.Status.values)
    statuses = set(Certificate.objects.values_list("status", flat=True))
    assert {"valid", "expired", "revoked", "superseded", "suspended"} <= statuses
    assert not Scheme.objects.get(code="clean-city-competition").is_active
    counts = (Application.objects.count(), Certificate.objects.count())
    call_command("load_demo", "--no-index", stdout=open("/dev/null", "w"))
    assert (Application.objects.count(), Certificate.objects.count()) == counts
    assert client.get("/certification/register/credit-rating/").status_code == 200
