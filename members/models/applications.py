"""Joining applications (入会申请)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from website.core.files import PrivateUploadTo, private_storage
from website.core.states import StateMachine

from ..regions import Province
from ..validators import validate_credit_code
from .memberships import Membership, MembershipError
from .organizations import BusinessCategory, Organization, Person


class MembershipApplicationQuerySet(models.QuerySet):
    def in_queue(self):
        """Applications the secretariat has to act on."""
        return self.filter(status__in=MembershipApplication.IN_QUEUE)

    def of_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(applicant=user)


class MembershipApplication(StateMachine):
    """入会申请: filled online by the applicant, decided by the secretariat."""

    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization member")
        INDIVIDUAL = "individual", _("Individual member")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        RETURNED = "returned", _("Returned for more information")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    # The state machine: every allowed change of status, in one place (website.core.states).
    transition_error = MembershipError
    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.UNDER_REVIEW, Status.RETURNED, Status.APPROVED, Status.REJECTED},
        Status.UNDER_REVIEW: {Status.RETURNED, Status.APPROVED, Status.REJECTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
    }
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    IN_QUEUE = (Status.SUBMITTED, Status.UNDER_REVIEW)

    number = models.CharField(
        _("application number"), max_length=20, unique=True, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
    )
    tier = models.CharField(
        _("tier applied for"), max_length=20, choices=Membership.Tier.choices, blank=True
    )
    # The organization (单位会员).
    organization_name = models.CharField(_("organization name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, as on the business licence."),
    )
    organization_kind = models.CharField(
        _("type of organization"), max_length=20, choices=Organization.Kind.choices, blank=True
    )
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=Organization.Size.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    categories = models.ManyToManyField(
        BusinessCategory, verbose_name=_("business categories"), blank=True, related_name="+"
    )
    profile = models.TextField(_("profile of the organization"), blank=True)
    # The individual (个人会员).
    person_name = models.CharField(_("full name"), max_length=50, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    professional_title = models.CharField(
        _("professional title"),
        max_length=20,
        choices=Person.ProfessionalTitle.choices,
        blank=True,
    )
    expertise = models.TextField(_("expertise"), blank=True)
    # Both.
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    city = models.CharField(_("city"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_job_title = models.CharField(_("contact's job title"), max_length=80, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    invoice_title = models.CharField(_("invoice title (发票抬头)"), max_length=200, blank=True)
    invoice_tax_number = models.CharField(
        _("taxpayer number on invoices"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("For organizations the unified social credit code."),
    )
    licence = models.FileField(
        _("business licence"),
        storage=private_storage,
        upload_to=PrivateUploadTo("licences"),
        max_length=200,
        blank=True,
        help_text=_("PDF, JPEG or PNG."),
    )
    licence_name = models.CharField(_("original file name"), max_length=200, blank=True)
    message = models.TextField(_("message to the secretariat"), blank=True)
    accepts_charter = models.BooleanField(_("accepts the charter"), default=False)
    # Decision.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status_reason = models.TextField(
        _("reason given to the applicant"),
        blank=True,
        help_text=_("Why it was returned or rejected; the applicant sees it."),
    )
    staff_note = models.TextField(_("internal note"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person created"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_applications",
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MembershipApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at", "-pk"]
        # The back office's default sort, cheap at 100,000 rows (an index scan, no sort).
        indexes = [
            models.Index(fields=["-submitted_at", "-created_at", "-id"], name="members_app_listing")
        ]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")

    def __str__(self) -> str:
        name = self.applicant_name or _("(no name yet)")
        return f"{self.number} {name}" if self.number else str(name)

    @property
    def number_or_draft(self) -> str:
        return self.number or str(_("(draft)"))

    @property
    def applicant_name(self) -> str:
        if self.kind == self.Kind.INDIVIDUAL:
            return self.person_name
        return self.organization_name

    @property
    def is_individual(self) -> bool:
        return self.kind == self.Kind.INDIVIDUAL

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.APPROVED, self.Status.REJECTED)
