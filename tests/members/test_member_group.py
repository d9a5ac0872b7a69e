"""The members' group, which opens members-only pages, follows the membership status."""

import pytest
from django.contrib.auth.models import Group

from members import services
from members.models import Membership
from tests.factories import UserFactory
from tests.members.factories import ContactFactory, MembershipFactory, PersonFactory
from website.accounts import roles

pytestmark = pytest.mark.django_db


def in_members_group(user) -> bool:
    return user.groups.filter(name=roles.MEMBERS).exists()


def test_lapse_removes_and_renewal_restores_the_group():
    membership = MembershipFactory(status=Membership.Status.ACTIVE)
    contact = ContactFactory(organization=membership.organization)
    contact.user.groups.add(Group.objects.get(name=roles.MEMBERS))

    services.change_status(membership, Membership.Status.GRACE, reason="未缴会费")
    assert in_members_group(contact.user)  # grace keeps member rights
    services.change_status(membership, Membership.Status.LAPSED, reason="宽限期满")
    assert not in_members_group(contact.user)
    services.change_status(membership, Membership.Status.ACTIVE, reason="补缴会费")
    assert in_members_group(contact.user)


def test_a_contact_of_another_member_in_good_standing_keeps_the_group():
    user = UserFactory()
    lapsing = MembershipFactory(status=Membership.Status.ACTIVE)
    other = MembershipFactory(status=Membership.Status.ACTIVE)
    ContactFactory(organization=lapsing.organization, user=user)
    ContactFactory(organization=other.organization, user=user)
    services.change_status(lapsing, Membership.Status.SUSPENDED, reason="违反章程")
    assert in_members_group(user)


def test_individual_members_follow_their_own_membership():
    user = UserFactory()
    person = PersonFactory(user=user)
    membership = services.create_membership(
        person, tier=Membership.Tier.INDIVIDUAL, status=Membership.Status.ACTIVE
    )
    assert in_members_group(user)
    services.change_status(membership, Membership.Status.TERMINATED, reason="本人申请退会")
    assert not in_members_group(user)
