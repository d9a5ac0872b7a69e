"""Who may act for which organization. Every portal view asks these, per object."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.functional import cached_property

from website.core.kept_sql import kept_sql

from .models import Organization, OrganizationContact, Person


def organizations_of(user) -> QuerySet[Organization]:
    """Organizations this user acts for (as administrator or staff contact)."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    return Organization.objects.filter(contacts__user=user).distinct()


def is_contact(user, organization: Organization) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and OrganizationContact.objects.filter(organization=organization, user=user).exists()
    )


def is_organization_admin(user, organization: Organization) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and OrganizationContact.objects.filter(
            organization=organization, user=user, role=OrganizationContact.Role.ADMIN
        ).exists()
    )


def person_of(user) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).select_related("organization").first()


def has_member_rights(user) -> bool:
    """True when the user is an individual member or acts for a member organization,
    in good standing. Members-only content and member prices follow this."""
    from .models import Membership

    if not getattr(user, "is_authenticated", False):
        return False
    good = Membership.Status.good_standing()
    return (
        Membership.objects.filter(status__in=good, person__user=user).exists()
        or Membership.objects.filter(status__in=good, organization__contacts__user=user).exists()
    )


def can_see_application(user, application) -> bool:
    """The applicant, or staff of the secretariat with the application permission."""
    if not getattr(user, "is_authenticated", False):
        return False
    if application.applicant_id == user.pk:
        return True
    return user.is_active and user.has_perm("members.view_membershipapplication")


def is_membership_staff(user, permission: str = "members.view_membership") -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and user.has_perm(permission)


def contacts_of(user) -> list[OrganizationContact]:
    """The user's contact roles with their organizations and memberships, in one query."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _contacts_of_user(user.pk)


@kept_sql
def _contacts_of_user(user_id: int):
    return (
        OrganizationContact.objects.filter(user_id=user_id)
        .select_related("organization__membership")
        .order_by("organization__name")
    )


@kept_sql
def _membership_of_person_user(user_id: int):
    from .models import Membership

    return (
        Membership.objects.filter(person__user_id=user_id).select_related("person").order_by()[:1]
    )


@kept_sql
def _organization_ids_of_user(user_id: int):
    return (
        OrganizationContact.objects.filter(user_id=user_id)
        .order_by()
        .values_list("organization_id", flat=True)
    )


def individual_membership_of(user):
    """The user's own (individual) membership, or None. One person per account and one
    membership per person: an unordered slice, so PostgreSQL starts from the person's unique
    index (``.first()`` ordered by number walked the whole number index at 100,000 rows)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return next(iter(_membership_of_person_user(user.pk)), None)


def visible_membership_ids(user) -> list[int]:
    """Ids of the memberships the user may see: their organizations' and their own.

    One query, a UNION of two index lookups (memberships by their organization's contacts,
    by their person's user); an OR across the two joins scanned every membership (130-154 ms
    at 100,000 rows)."""
    from .models import Membership

    if not getattr(user, "is_authenticated", False):
        return []
    of_organizations = Membership.objects.filter(organization__contacts__user=user)
    own = Membership.objects.filter(person__user=user)
    return list(
        of_organizations.order_by()
        .values_list("pk", flat=True)
        .union(own.order_by().values_list("pk", flat=True))
    )


class MemberAccess:
    """What the signed-in user acts for, read once per request (`member_access(request)`):
    the contact roles with their organizations and memberships, and the user's own membership,
    each read when first asked for.

    The portal's pages filter by these ids as literal lists: with a subquery over the contacts
    PostgreSQL cannot tell which organizations it names and walked whole listing indexes in
    date order (the portal home's certificates: 3 ms, more as the register grows; 0.1 ms by
    id)."""

    def __init__(self, user) -> None:
        self.user = user
        self.user_id = user.pk if getattr(user, "is_authenticated", False) else None

    @cached_property
    def contacts(self) -> list[OrganizationContact]:
        return list(contacts_of(self.user))

    @cached_property
    def individual(self):
        return individual_membership_of(self.user)

    @property
    def organizations(self) -> list[Organization]:
        return [contact.organization for contact in self.contacts]

    @cached_property
    def organization_ids(self) -> list[int]:
        if "contacts" in self.__dict__ or self.user_id is None:
            return [contact.organization_id for contact in self.contacts]
        # Pages without the portal menu need only the ids: one index lookup.
        return _organization_ids_of_user(self.user_id)

    @property
    def organizations_in_good_standing(self) -> list[Organization]:
        """The organizations whose membership is in good standing (what members may do for
        them: submit news, member prices), from the contacts already read."""
        return [
            organization
            for organization in self.organizations
            if organization.is_member_in_good_standing
        ]

    @property
    def memberships(self) -> list:
        """The organizations' memberships (by name) and then the user's own."""
        found = [
            contact.organization.current_membership
            for contact in self.contacts
            if contact.organization.current_membership
        ]
        if self.individual:
            found.append(self.individual)
        return found

    @property
    def membership_ids(self) -> list[int]:
        """The same memberships as visible_membership_ids(user)."""
        return [membership.pk for membership in self.memberships]


def member_access(request) -> MemberAccess:
    """The user's MemberAccess, computed once per request (the portal menu, the page and the
    front page's sections all ask)."""
    access = getattr(request, "_member_access", None)
    if access is None or access.user_id != getattr(request.user, "pk", None):
        access = request._member_access = MemberAccess(request.user)
    return access
