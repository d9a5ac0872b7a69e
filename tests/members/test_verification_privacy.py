"""Membership verification confirms a claim; it does not list members to whoever counts up.

The 会员证's QR code carries a key: with it the holder and the live status show. Without it a
visitor must type the holder's name; an unknown number and a wrong name read alike; lookups
are rate limited per client; opted-out and lapsed members are not revealed by number alone.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from members import verification
from members.models import Membership
from tests.members.helpers import individual_member, member_organization

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def opted_out():
    organization, membership, _admin = member_organization(paid_through=datetime.date(YEAR, 12, 31))
    organization.directory_opt_out = True
    organization.save()
    return organization, membership


def _verify(client, number, **params):
    return client.get(reverse("members:verify", args=[number]), params)


def test_a_number_alone_reveals_nothing(client, opted_out):
    organization, membership = opted_out

    response = _verify(client, membership.number)

    assert response.status_code == 200
    assert organization.name not in response.content.decode()
    assert membership.get_tier_display() not in response.content.decode()


def test_a_wrong_name_and_an_unknown_number_read_alike(client, opted_out):
    _organization, membership = opted_out

    wrong_name = _verify(client, membership.number, name="别的公司").content.decode()
    unknown = _verify(client, "D20999999", name="别的公司").content.decode()

    assert "没有与此编号和名称相符的会员" in wrong_name
    strip = lambda html: html.replace(membership.number, "X").replace("D20999999", "X")  # noqa: E731
    assert strip(wrong_name) == strip(unknown)


def test_the_holders_name_confirms_the_membership(client, opted_out):
    organization, membership = opted_out
    typed = " " + organization.name.replace("(", "（").replace(")", "）") + " "

    response = _verify(client, membership.number.lower(), name=typed)

    body = response.content.decode()
    assert organization.name in body
    assert "该会员为本会有效会员" in body


def test_the_certificate_key_shows_the_holder(client, opted_out):
    organization, membership = opted_out
    url = verification.verification_url(membership)

    split = urlsplit(url)
    response = client.get(f"{split.path}?{split.query}")

    assert url.startswith("http://testserver/")
    assert organization.name in response.content.decode()
    assert (
        _verify(client, membership.number, key="0" * 20).content.decode().count(organization.name)
        == 0
    )


def test_a_lapsed_member_by_key_reads_as_not_in_good_standing(client, opted_out):
    organization, membership = opted_out
    Membership.objects.filter(pk=membership.pk).update(status=Membership.Status.LAPSED)

    response = _verify(
        client, membership.number, key=verification.verification_key(membership.number)
    )

    assert "该会籍当前不处于有效状态" in response.content.decode()


def test_an_individual_members_name_stays_masked(client):
    person, membership, _user = individual_member(paid_through=datetime.date(YEAR, 12, 31))

    response = _verify(client, membership.number, name=person.name)

    body = response.content.decode()
    assert person.name[:1] + "**" in body
    assert person.name not in body.replace(f'value="{person.name}"', "")


def test_lookups_are_rate_limited_per_client(client, opted_out):
    _organization, membership = opted_out
    for attempt in range(verification.LOOKUPS_PER_WINDOW):
        number = f"D2026{attempt:04d}"
        assert _verify(client, number, name="某公司").status_code == 200

    refused = _verify(client, membership.number, name="某公司")
    other_client = client.get(
        reverse("members:verify", args=[membership.number]),
        {"name": "某公司"},
        REMOTE_ADDR="10.9.8.7",
    )

    assert refused.status_code == 429
    assert "查询次数过多" in refused.content.decode()
    assert other_client.status_code == 200


@pytest.mark.parametrize("number", ["D2026\x000001", "x" * 200, "../../etc", "D2026 0001"])
def test_odd_numbers_are_answered_not_crashed(client, number):
    response = client.get(reverse("members:verify_lookup"), {"number": number, "name": "某公司"})

    assert response.status_code == 200
    assert "没有与此编号和名称相符的会员" in response.content.decode()


def test_the_lookup_form_is_translated_and_not_cached(client):
    response = client.get(reverse("members:verify_lookup"))

    assert response.status_code == 200
    assert "会员编号" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
