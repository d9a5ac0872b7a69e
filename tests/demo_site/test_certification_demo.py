"""The demo: both schemes end to end, built by the services, idempotent."""

import pytest
from django.core.management import call_command

from certification.models import Application, Certificate, Scheme

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_certificate_status_and_is_idempotent(demo, client):
    # Every state but the endorsement, which only schemes with a recommending unit use.
    states = set(Application.Status.values) - {Application.Status.ENDORSEMENT}
    # Only schemes with an on-site inspection (plant grading) pass through it.
    on_site = {Application.Status.ON_SITE_INSPECTION}
    credit = set(
        Application.objects.filter(scheme__code="credit-rating").values_list("status", flat=True)
    )
    assert credit == states - on_site
    plant = set(
        Application.objects.filter(scheme__code="plant-grading").values_list("status", flat=True)
    )
    assert plant == states
    # Awards: this year's round holds every state; last year's has winners and a barred fraud.
    award = Scheme.objects.get(code="science-award")
    latest = award.rounds.order_by("-year").first()
    assert set(latest.applications.values_list("status", flat=True)) == (
        set(Application.Status.values) - on_site
    )
    past = award.rounds.get(year=latest.year - 1)
    assert past.applications.filter(status="approved").count() >= 3
    assert past.applications.filter(nomination__isnull=False, status="rejected").exists()
    from certification.models import AwardBan, AwardCallPage

    assert AwardBan.objects.in_force().exists()
    from certification.models import Nomination, Objection, Project

    assert set(Nomination.objects.values_list("status", flat=True)) == set(Nomination.Status.values)
    assert Objection.objects.filter(application__status="publicity").exists()
    for project in Project.objects.prefetch_related("persons"):
        names = [person.name for person in project.persons.all()]
        assert len(names) == len(set(names)), project.title
    for winner in past.applications.filter(status="approved").select_related("project"):
        level = award.award.level(winner.final_grade)
        holders = (
            1
            + min(winner.project.units.count(), level.max_units)
            + min(winner.project.persons.count(), level.max_persons)
        )
        assert winner.certificates.count() == holders, winner.number
    assert AwardCallPage.objects.live().count() >= 2
    evaluations = Application.objects.filter(scheme__code="achievement-evaluation")
    assert evaluations.filter(status="approved").exists()
    statuses = set(Certificate.objects.values_list("status", flat=True))
    assert {"valid", "expired", "revoked", "superseded", "suspended"} <= statuses
    assert not Scheme.objects.get(code="clean-city-competition").is_active
    counts = (Application.objects.count(), Certificate.objects.count())
    call_command("load_demo", "--no-index", stdout=open("/dev/null", "w"))
    assert (Application.objects.count(), Certificate.objects.count()) == counts
    assert client.get("/certification/register/credit-rating/").status_code == 200
