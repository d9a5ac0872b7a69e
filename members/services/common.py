"""Helpers the members services share: the acting user, notices, addresses, groups."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group

from website.core.mail import send_templated_email
from website.core.notify import after_commit

from ..models import (
    Membership,
    MembershipSettings,
    OrganizationContact,
)


def acting(user):
    return user if getattr(user, "is_authenticated", False) else None


def notify(to, template: str, context: dict) -> None:
    """Send a templated email once the change commits (website.core.notify): a change that
    rolls back tells nobody."""
    recipients = [to] if isinstance(to, str) else [address for address in to if address]
    recipients = list(dict.fromkeys(address.lower() for address in recipients if address))
    if recipients:
        after_commit(send_templated_email, recipients, template, context)


def portal_url(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def settings_for_dues() -> MembershipSettings:
    return MembershipSettings.load()


def member_emails(membership: Membership) -> list[str]:
    """Where a membership's notices go: the organization's contacts (administrators first)
    or the individual member."""
    if membership.person_id:
        person = membership.person
        return [
            address
            for address in (person.user.email if person.user else "", person.email)
            if address
        ][:1]
    contacts = OrganizationContact.objects.filter(organization_id=membership.organization_id)
    contacts = contacts.select_related("user").order_by("role", "pk")
    return [contact.user.email for contact in contacts]


def add_to_groups(user, *names: str) -> None:
    user.groups.add(*Group.objects.filter(name__in=names))
