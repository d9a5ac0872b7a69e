"""The workbench and the portal home's card list the records of the user's organizations only:
applications, certificates with their re-checks, plants."""

import pytest
from django.urls import reverse

from certification.models import Application

pytestmark = pytest.mark.django_db

S = Application.Status


def test_workbench_and_portal_card_show_own_records_only(
    client, site_home, build, contact, other_contact, plant, plant_round
):
    certificate = build(S.APPROVED).certificates.get()
    draft = build(S.DRAFT, round=plant_round, subject=plant)  # one open per scheme
    check = certificate.annual_checks.order_by("sequence").first()
    own = {
        "application": reverse("certification:application_detail", args=[draft.number]),
        "certificate": certificate.number,
        "re-check": reverse("certification:annual_check", args=[check.pk]),
        "plant": plant.name,
    }
    client.force_login(contact)
    page = client.get("/certification/my/").content.decode()
    for name, text in own.items():
        assert text in page, name
    card = client.get("/account/").content.decode()
    assert own["application"] in card
    assert certificate.display_name in card

    client.force_login(other_contact)
    page = client.get("/certification/my/").content.decode()
    for name, text in own.items():
        assert text not in page, name
    card = client.get("/account/").content.decode()
    assert own["application"] not in card
    assert certificate.display_name not in card


def test_the_cached_schemes_and_rounds_follow_a_change_at_once(
    client, site_home, build, contact, plant_scheme
):
    """The workbench keeps the schemes and today's rounds in the cache (area "register"):
    a renamed scheme or a newly opened round shows on the next visit."""
    from .factories import open_round

    application = build(S.DRAFT)
    scheme = application.scheme
    client.force_login(contact)
    page = client.get("/certification/my/").content.decode()
    assert scheme.name in page
    assert reverse("certification:application_start", args=[application.round_id]) in page

    scheme.name = "信用评价（新名称）"
    scheme.save()
    opened = open_round(plant_scheme, name="新开批次")
    page = client.get("/certification/my/").content.decode()
    assert "信用评价（新名称）" in page
    assert reverse("certification:application_start", args=[opened.pk]) in page
    card = client.get("/account/").content.decode()
    assert "信用评价（新名称）" in card
    assert reverse("certification:application_start", args=[opened.pk]) in card
