"""What an organization's administrator asks for in the member portal: key-field changes
and colleagues' invitations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from website.core.files import PrivateUploadTo, private_storage
from website.core.records import Invitation
from website.core.states import StateMachine

from ..validators import validate_credit_code
from .memberships import MembershipError
from .organizations import Organization, OrganizationContact


class ProfileChangeRequest(StateMachine):
    """A change of an organization's key fields (name, credit code, legal representative),
    asked for by its administrator and applied only when staff approve it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    transition_error = MembershipError
    TRANSITIONS: dict[str, set[str]] = {Status.PENDING: {Status.APPROVED, Status.REJECTED}}

    KEY_FIELDS = ("name", "credit_code", "legal_representative")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    name = models.CharField(_("new name"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("new unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    legal_representative = models.CharField(
        _("new legal representative"), max_length=50, blank=True
    )
    reason = models.TextField(_("reason for the change"))
    document = models.FileField(
        _("supporting document"),
        storage=private_storage,
        upload_to=PrivateUploadTo("change-requests"),
        max_length=200,
        blank=True,
        help_text=_("The new business licence or the registration authority's approval."),
    )
    document_name = models.CharField(_("original file name"), max_length=200, blank=True)
    previous = models.JSONField(_("values before the change"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("profile change request")
        verbose_name_plural = _("profile change requests")

    def __str__(self) -> str:
        return f"{self.organization} ({self.requested_at:%Y-%m-%d})"

    def on_status_change(self, previous: str) -> list[str]:
        self.decided_at = timezone.now()
        return ["decided_at"]

    def changes(self) -> dict[str, str]:
        """The key fields this request changes, with their new values."""
        return {field: getattr(self, field) for field in self.KEY_FIELDS if getattr(self, field)}


class ContactInvitation(Invitation):
    """An organization administrator's invitation to a colleague to become a contact."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=OrganizationContact.Role.choices,
        default=OrganizationContact.Role.STAFF,
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)

    class Meta(Invitation.Meta):
        verbose_name = _("contact invitation")
        verbose_name_plural = _("contact invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"
