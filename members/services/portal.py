"""The member portal (journey 3): profile, key-field change requests, contacts."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.accounts import roles
from website.core.files import accept

from ..access import is_organization_admin
from ..models import (
    ContactInvitation,
    Membership,
    MembershipError,
    Organization,
    OrganizationContact,
    ProfileChangeRequest,
)
from ..validators import normalize_credit_code
from .common import acting, add_to_groups, notify, portal_url


def require_admin(organization: Organization, user) -> None:
    if not is_organization_admin(user, organization):
        raise MembershipError(_("Only the organization's administrator may do this."))


def update_profile(organization: Organization, *, user, changed: list[str]) -> None:
    """Record an edit of the ordinary profile fields that the administrator saved."""
    require_admin(organization, user)
    log(organization, "members.organization.profile", user=acting(user), data={"fields": changed})


def request_profile_change(
    organization: Organization,
    *,
    user,
    name: str = "",
    credit_code: str = "",
    legal_representative: str = "",
    reason: str,
    document=None,
) -> ProfileChangeRequest:
    require_admin(organization, user)
    request = ProfileChangeRequest(
        organization=organization,
        name="" if name == organization.name else name.strip(),
        credit_code=""
        if normalize_credit_code(credit_code) == organization.credit_code
        else normalize_credit_code(credit_code),
        legal_representative=""
        if legal_representative == organization.legal_representative
        else legal_representative.strip(),
        reason=reason,
        requested_by=acting(user),
    )
    if not request.changes():
        raise MembershipError(
            _("Nothing to change: the new values are the same as the current ones.")
        )
    if (
        request.credit_code
        and Organization.objects.filter(credit_code=request.credit_code)
        .exclude(pk=organization.pk)
        .exists()
    ):
        raise MembershipError(_("Another organization already has this credit code."))
    if organization.change_requests.filter(status=ProfileChangeRequest.Status.PENDING).exists():
        raise MembershipError(
            _("A change request is already waiting for the secretariat; wait for its decision.")
        )
    with transaction.atomic():
        if document is not None:
            request.document_name = getattr(document, "name", "")[:200]
            accept(document)
            request.document = document
        request.save()
        log(request, "members.change_request.create", user=acting(user), data=request.changes())
    return request


def approve_profile_change(
    request: ProfileChangeRequest, *, user, reason: str = ""
) -> Organization:
    with transaction.atomic():
        request = ProfileChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ProfileChangeRequest.Status.PENDING:
            raise MembershipError(_("This request has already been decided."))
        organization = Organization.objects.select_for_update().get(pk=request.organization_id)
        changes = request.changes()
        if (
            "credit_code" in changes
            and Organization.objects.filter(credit_code=changes["credit_code"])
            .exclude(pk=organization.pk)
            .exists()
        ):
            raise MembershipError(_("Another organization already has this credit code."))
        request.previous = {field: getattr(organization, field) for field in changes}
        for field, value in changes.items():
            setattr(organization, field, value)
        organization.save()
        request.decided_by = acting(user)
        request.decision_reason = reason
        request.transition(
            ProfileChangeRequest.Status.APPROVED,
            user=user,
            reason=reason,
            data=changes,
            update_fields=None,
            log_action="members.change_request.approve",
        )
        log(
            organization,
            "members.organization.key_fields",
            user=acting(user),
            data={"from": request.previous, "to": changes},
        )
        notify(
            [request.requested_by.email] if request.requested_by else [],
            "members/email/change_request_decided",
            {"request": request, "organization": organization, "approved": True, "reason": reason},
        )
    return organization  # organization.save() emptied the directory's cached pages


def reject_profile_change(
    request: ProfileChangeRequest, *, user, reason: str
) -> ProfileChangeRequest:
    if not reason.strip():
        raise MembershipError(_("Please give a reason; the organization will read it."))
    with transaction.atomic():
        request = ProfileChangeRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != ProfileChangeRequest.Status.PENDING:
            raise MembershipError(_("This request has already been decided."))
        request.decided_by = acting(user)
        request.decision_reason = reason
        request.transition(
            ProfileChangeRequest.Status.REJECTED,
            user=user,
            reason=reason,
            update_fields=["decided_by", "decision_reason"],
            log_action="members.change_request.reject",
        )
        notify(
            [request.requested_by.email] if request.requested_by else [],
            "members/email/change_request_decided",
            {
                "request": request,
                "organization": request.organization,
                "approved": False,
                "reason": reason,
            },
        )
    return request


def invite_contact(
    organization: Organization, *, user, email: str, role: str = OrganizationContact.Role.STAFF
) -> ContactInvitation:
    """An administrator invites a colleague; the link in the email is valid for two weeks."""
    require_admin(organization, user)
    email = email.strip().lower()
    if OrganizationContact.objects.filter(
        organization=organization, user__email__iexact=email
    ).exists():
        raise MembershipError(
            _("%(email)s is already a contact of this organization.") % {"email": email}
        )
    with transaction.atomic():
        # A new invitation replaces an earlier one to the same address.
        organization.invitations.filter(
            email__iexact=email, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=timezone.now())
        invitation = ContactInvitation.objects.create(
            organization=organization,
            email=email,
            role=role,
            token=secrets.token_urlsafe(32),
            invited_by=acting(user),
            expires_at=timezone.now() + datetime.timedelta(days=ContactInvitation.VALID_DAYS),
        )
        log(
            organization,
            "members.contact.invite",
            user=acting(user),
            data={"email": email, "role": role},
        )
        notify(
            [email],
            "members/email/contact_invitation",
            {
                "invitation": invitation,
                "organization": organization,
                "inviter": user,
                "url": portal_url(
                    reverse("member_portal:invitation", kwargs={"token": invitation.token})
                ),
            },
        )
    return invitation


def cancel_invitation(invitation: ContactInvitation, *, user) -> None:
    require_admin(invitation.organization, user)
    if not invitation.is_pending:
        raise MembershipError(_("This invitation is no longer pending."))
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    log(
        invitation.organization,
        "members.contact.uninvite",
        user=acting(user),
        data={"email": invitation.email},
    )


def accept_invitation(invitation: ContactInvitation, *, user) -> OrganizationContact:
    """The invited colleague, logged in with the invited address, becomes a contact."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        invitation = (
            ContactInvitation.objects.select_for_update()
            .select_related("organization")
            .get(pk=invitation.pk)
        )
        if not invitation.is_pending:
            raise MembershipError(
                _("This invitation has expired or was withdrawn; ask for a new one.")
            )
        addresses = {user.email.lower()} | {
            address.lower()
            for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
                "email", flat=True
            )
        }
        if invitation.email.lower() not in addresses:
            raise MembershipError(
                _("This invitation was sent to %(email)s. Log in with that address to accept it.")
                % {"email": invitation.email}
            )
        contact, _created = OrganizationContact.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": invitation.role}
        )
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        add_to_groups(user, roles.MEMBER_CONTACTS, roles.MEMBERS)
        log(
            invitation.organization,
            "members.contact.add",
            user=acting(user),
            data={"email": user.email, "role": contact.role},
        )
    return contact


def _admin_count(organization_id: int) -> int:
    return OrganizationContact.objects.filter(
        organization_id=organization_id, role=OrganizationContact.Role.ADMIN
    ).count()


def remove_contact(contact: OrganizationContact, *, user) -> None:
    """An administrator removes a colleague; the last administrator always stays."""
    require_admin(contact.organization, user)
    with transaction.atomic():
        contact = (
            OrganizationContact.objects.select_for_update()
            .select_related("user")
            .get(pk=contact.pk)
        )
        if (
            contact.role == OrganizationContact.Role.ADMIN
            and _admin_count(contact.organization_id) <= 1
        ):
            raise MembershipError(
                _(
                    "The organization's last administrator cannot be removed. Make another contact administrator first."
                )
            )
        removed = contact.user
        contact.delete()
        if not OrganizationContact.objects.filter(user=removed).exists():
            removed.groups.remove(*Group.objects.filter(name=roles.MEMBER_CONTACTS))
            if not Membership.objects.filter(person__user=removed).exists():
                removed.groups.remove(*Group.objects.filter(name=roles.MEMBERS))
        log(
            contact.organization,
            "members.contact.remove",
            user=acting(user),
            data={"email": removed.email},
        )


def change_contact_role(contact: OrganizationContact, *, user, role: str) -> OrganizationContact:
    require_admin(contact.organization, user)
    with transaction.atomic():
        contact = OrganizationContact.objects.select_for_update().get(pk=contact.pk)
        if contact.role == role:
            return contact
        if (
            contact.role == OrganizationContact.Role.ADMIN
            and _admin_count(contact.organization_id) <= 1
        ):
            raise MembershipError(_("The organization needs at least one administrator."))
        contact.role = role
        contact.save(update_fields=["role"])
        log(
            contact.organization,
            "members.contact.role",
            user=acting(user),
            data={"email": contact.user.email, "role": role},
        )
    return contact
