"""Fixtures for the members tests: staff with the membership role, member records."""

import pytest
from django.contrib.auth.models import Group

from members.models import Membership
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, PersonFactory
from website.accounts import roles


@pytest.fixture
def membership_staff(db):
    roles.sync_roles()
    user = UserFactory(email="staff@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    return user


@pytest.fixture
def admin_client(client, membership_staff):
    client.force_login(membership_staff)
    return client


def member_organization(name="测试环卫有限公司", *, status="active", tier="member", **fields):
    organization = OrganizationFactory(name=name, **fields)
    MembershipFactory(organization=organization, tier=tier, status=status)
    return organization


def member_person(organization=None, *, individual=False, **fields):
    person = PersonFactory(organization=organization, **fields)
    if individual:
        MembershipFactory(
            organization=None,
            person=person,
            tier=Membership.Tier.INDIVIDUAL,
            number=f"G2026{person.pk:04d}",
        )
    return person
