"""培训结业证书 (training completion certificates) belong to trainings only: a conference's
back-office pages do not offer them, and their URL answers 404 for a conference."""

import pytest

from events.models import Event

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_certificates_are_offered_for_a_training_only(staff_client, event):
    training = make_event("px2031", kind=Event.Kind.TRAINING)
    assert event.kind == Event.Kind.CONFERENCE
    conference_url = f"/admin/events/on-site/{event.pk}/certificates/"
    training_url = f"/admin/events/on-site/{training.pk}/certificates/"

    index = staff_client.get("/admin/events/on-site/").content.decode()
    assert training_url in index and conference_url not in index
    inspect = staff_client.get(f"/admin/events/events/inspect/{event.pk}/").content.decode()
    assert conference_url not in inspect and "培训结业证书" not in inspect
    inspect = staff_client.get(f"/admin/events/events/inspect/{training.pk}/").content.decode()
    assert training_url in inspect

    assert staff_client.get(conference_url).status_code == 404
    assert staff_client.post(conference_url).status_code == 404
    assert staff_client.get(training_url).status_code == 200
