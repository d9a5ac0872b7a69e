"""The demo shows experts as people first: pool experts without an account and a recorded
panel draw that repeats, with one review entered by staff from a paper sheet."""

import pytest

from certification.demo_panels import SEED
from certification.models import PanelDraw, Review
from certification.services import panels
from members.models import Expert

pytestmark = pytest.mark.django_db


def test_demo_has_experts_without_account_and_a_recorded_draw(demo, client):
    assert Expert.objects.filter(person__user__isnull=True).count() >= 3
    draw = PanelDraw.objects.get(seed=SEED)
    assert len(draw.drawn) == 3 and len(draw.reserves) == 2
    assert draw.excluded
    assert panels.repeat_draw(draw) == (draw.drawn, draw.reserves)
    reviews = Review.objects.filter(application=draw.application)
    assert set(reviews.values_list("expert_id", flat=True)) == set(draw.drawn)
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(email="certification@example.org")
    client.force_login(staff)
    page = client.get(f"/admin/certification/applications/process/{draw.application_id}/")
    assert page.status_code == 200
    assert str(SEED) in page.content.decode()
