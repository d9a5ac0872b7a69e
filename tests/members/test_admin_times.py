"""Back-office inspect pages show times in Beijing time, not as stored (UTC)."""

import datetime

import pytest
from django.utils import timezone

from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_membership_inspect_shows_beijing_time(client, staff_user):
    membership = MembershipFactory()
    stored = datetime.datetime(2026, 11, 23, 17, 45, tzinfo=datetime.UTC)
    type(membership).objects.filter(pk=membership.pk).update(created_at=stored)
    client.force_login(staff_user)
    html = client.get(f"/admin/members/memberships/inspect/{membership.pk}/").content.decode()
    assert timezone.localtime(stored).hour == 1  # 01:45 on the 24th in Beijing
    assert "2026年11月24日 01:45" in html
    assert "2026年11月23日 17:45" not in html
