"""Experts without an account: an emailed, signed and expiring link creates one (or links the
account they already have under that address) so they can log in and score."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import Expert
from website.accounts.roles import EXPERTS
from website.core.notify import after_commit

from ..models import CertificationError, ExpertInvitation, Review
from ..tasks import notify_expert_invitation
from .common import actor, require_staff

SALT = "certification.expert-invitation"


class InvitationError(CertificationError):
    """The link cannot be used: `kind` is "invalid", "expired" or "used"."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def invitation_token(invitation: ExpertInvitation) -> str:
    """The signed token of the link: the invitation and its address, stamped with the time."""
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"i": invitation.pk, "e": invitation.email.lower()}
    )


def invite_expert(expert: Expert, *, user, review: Review | None = None) -> ExpertInvitation:
    """Email the expert a link to create their account; an earlier pending link stops working."""
    require_staff(user)
    person = expert.person
    if person.user_id is not None:
        raise CertificationError(
            _("%(name)s already has an account and can log in.") % {"name": person.name}
        )
    email = (person.email or "").strip().lower()
    if not email:
        raise CertificationError(
            _("%(name)s has no email address in the pool; add one, or enter a paper score sheet.")
            % {"name": person.name}
        )
    now = timezone.now()
    with transaction.atomic():
        ExpertInvitation.objects.filter(
            expert=expert, accepted_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=now)
        invitation = ExpertInvitation.objects.create(
            expert=expert,
            email=email,
            review=review,
            invited_by=actor(user),
            created_at=now,
            expires_at=now + datetime.timedelta(days=ExpertInvitation.VALID_DAYS),
        )
        log(expert, "certification.expert.invite", user=actor(user), data={"email": email})
    after_commit(notify_expert_invitation, invitation.pk)
    return invitation


def read_invitation(token: str) -> ExpertInvitation:
    """The invitation a link names, if the link is genuine, in time and not used."""
    max_age = datetime.timedelta(days=ExpertInvitation.VALID_DAYS)
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvitationError(
            _("This invitation has expired. Ask the secretariat for a new one."), "expired"
        ) from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvitationError(_("This invitation link is not valid."), "invalid") from error
    invitation = (
        ExpertInvitation.objects.select_related("expert__person", "review__application")
        .filter(pk=data.get("i") if isinstance(data, dict) else None)
        .first()
    )
    if invitation is None or invitation.email.lower() != str(data.get("e", "")).lower():
        raise InvitationError(_("This invitation link is not valid."), "invalid")
    if invitation.accepted_at is not None:
        raise InvitationError(
            _("This invitation has already been accepted. Log in to see your assignments."),
            "used",
        )
    if invitation.cancelled_at is not None:
        raise InvitationError(
            _("This invitation was replaced by a newer one. Use the link of the latest email."),
            "invalid",
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _("This invitation has expired. Ask the secretariat for a new one."), "expired"
        )
    return invitation


def existing_account(invitation: ExpertInvitation):
    return get_user_model().objects.filter(email__iexact=invitation.email).first()


def accept_invitation(invitation: ExpertInvitation, *, user=None, password: str = ""):
    """Create the expert's account with this password, or link the account of the invited
    address (its owner logged in). Returns the user; the link cannot be used again."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        invitation = (
            ExpertInvitation.objects.select_for_update()
            .select_related("expert__person")
            .get(pk=invitation.pk)
        )
        if not invitation.is_pending:
            raise InvitationError(_("This invitation can no longer be used."), "used")
        person = invitation.expert.person
        if person.user_id is not None:
            raise InvitationError(_("This expert already has an account."), "used")
        existing = existing_account(invitation)
        if existing is not None:
            if not getattr(user, "is_authenticated", False) or user.pk != existing.pk:
                raise CertificationError(
                    _("An account with %(email)s exists. Log in with it to accept.")
                    % {"email": invitation.email}
                )
            account = existing
        else:
            if getattr(user, "is_authenticated", False):
                raise CertificationError(
                    _("This invitation was sent to %(email)s. Log out to accept it.")
                    % {"email": invitation.email}
                )
            if not password:
                raise CertificationError(_("Choose a password."))
            account = get_user_model().objects.create_user(
                email=invitation.email, password=password, last_name=person.name
            )
        EmailAddress.objects.update_or_create(
            user=account,
            email=invitation.email,
            defaults={"verified": True, "primary": existing is None},
        )
        person.user = account
        person.save(update_fields=["user", "updated_at"])
        account.groups.add(*Group.objects.filter(name=EXPERTS))
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = account
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        log(
            invitation.expert,
            "certification.expert.accept",
            user=account,
            data={"email": invitation.email, "new_account": existing is None},
        )
    return account
