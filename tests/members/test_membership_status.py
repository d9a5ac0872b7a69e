import pytest

from members import services
from members.models import Membership, MembershipError
from tests.members.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_new_memberships_get_unique_numbers_by_kind(user):
    organization_membership = services.create_membership(
        OrganizationFactory(), tier=Membership.Tier.MEMBER, user=user
    )
    person_membership = services.create_membership(
        PersonFactory(), tier=Membership.Tier.INDIVIDUAL, user=user
    )
    assert organization_membership.number.startswith("D")
    assert person_membership.number.startswith("G")
    other = services.create_membership(OrganizationFactory(), tier=Membership.Tier.DIRECTOR)
    assert other.number != organization_membership.number


def test_status_changes_are_recorded_with_actor_and_reason(user):
    membership = services.create_membership(OrganizationFactory(), tier=Membership.Tier.MEMBER)
    services.change_status(membership, Membership.Status.ACTIVE, user=user, reason="审批通过")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    change = membership.status_history().get()
    assert (change.from_status, change.to_status) == ("pending", "active")
    assert change.changed_by == user
    assert change.reason == "审批通过"


def test_illegal_transition_is_refused_and_changes_nothing(user):
    membership = services.create_membership(OrganizationFactory(), tier=Membership.Tier.MEMBER)
    with pytest.raises(MembershipError):
        services.change_status(membership, Membership.Status.LAPSED, user=user)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    assert not membership.status_history().exists()


def test_tier_must_fit_the_subject():
    with pytest.raises(MembershipError):
        services.create_membership(PersonFactory(), tier=Membership.Tier.MEMBER)
    with pytest.raises(MembershipError):
        services.create_membership(OrganizationFactory(), tier=Membership.Tier.INDIVIDUAL)
