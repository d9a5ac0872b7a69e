"""The subject's history on the processing page and the portal's annual checks cost the same
queries whatever the history's length (growth, not a ceiling)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import AnnualCheck, Application, Certificate

from .factories import open_round


def add_history(application, count, start):
    """`count` earlier rounds of the same subject, each with a certificate and a re-check."""
    for index in range(start, start + count):
        round = open_round(application.scheme, name=f"{2000 + index}年度", year=2000 + index)
        earlier = Application.objects.create(
            number=f"XY-{2000 + index}-S{index:04d}",
            scheme=application.scheme,
            round=round,
            criteria_set=application.criteria_set,
            organization=application.organization,
            subject_name=application.subject_name,
        )
        certificate = Certificate.objects.create(
            number=f"XY-{2000 + index}-{index:04d}",
            scheme=application.scheme,
            application=earlier,
            organization=application.organization,
            subject_name=application.subject_name,
            grade="AA",
            grade_label="AA",
            issued_on=datetime.date(2000 + index, 6, 1),
            valid_until=datetime.date(2000 + index + 3, 5, 31),
        )
        AnnualCheck.objects.create(
            certificate=certificate, sequence=1, due_on=datetime.date(2001 + index, 6, 1)
        )


def count(client, url):
    client.get(url)  # warm the per-process caches (site settings, permissions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_history_and_annual_checks_do_not_grow_with_the_data(client, build, staff, contact):
    application = build(Application.Status.SUBMITTED)
    process = reverse("certification_applications:process", args=[application.pk])
    portal = reverse("certification:portal")
    add_history(application, 2, 0)
    client.force_login(staff)
    small = count(client, process)
    client.force_login(contact)
    small_portal = count(client, portal)
    add_history(application, 8, 2)
    client.force_login(staff)
    assert count(client, process) == small
    client.force_login(contact)
    assert count(client, portal) == small_portal
