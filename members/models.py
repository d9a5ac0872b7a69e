"""Organizations, persons, memberships, branches and the expert pool (DESIGN §4 members)."""

from __future__ import annotations

import calendar
import datetime
import itertools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .regions import Province
from .uploads import (
    change_request_upload_to,
    licence_upload_to,
    private_storage,
    proof_upload_to,
)
from .validators import normalize_credit_code, validate_credit_code


class MembershipError(Exception):
    """What a user or staff member asked for breaks a membership rule."""


class BusinessCategory(models.Model):
    """A line of business (道路清扫保洁, 垃圾焚烧 ...); the secretariat maintains the list."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("business category")
        verbose_name_plural = _("business categories")

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class OrganizationQuerySet(models.QuerySet):
    def in_directory(self):
        """Organizations the public directory lists: active members that did not opt out."""
        return self.filter(
            directory_opt_out=False,
            membership__status__in=Membership.Status.good_standing(),
        )

    def for_public_display(self):
        """The directory's rows with what each row shows, in a fixed number of queries."""
        return (
            self.in_directory()
            .select_related("membership")
            .prefetch_related("categories")
            .only(
                "pk",
                "name",
                "short_name",
                "province",
                "city",
                "kind",
                "logo",
                "membership__tier",
                "membership__status",
                "membership__joined_on",
            )
        )


class Organization(models.Model):
    """单位: a company, institution, authority or other body, member or not."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        INSTITUTION = "institution", _("Public institution")
        GOVERNMENT = "government", _("Government body")
        SOCIAL = "social", _("Social organization")
        RESEARCH = "research", _("Research or education")

    class Size(models.TextChoices):
        MICRO = "micro", _("Fewer than 20 employees")
        SMALL = "small", _("20 to 299 employees")
        MEDIUM = "medium", _("300 to 999 employees")
        LARGE = "large", _("1,000 employees or more")

    name = models.CharField(_("name"), max_length=200, db_index=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, as on the business licence."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    province = models.CharField(
        _("province"), max_length=2, choices=Province.choices, db_index=True
    )
    city = models.CharField(_("city"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    categories = models.ManyToManyField(
        BusinessCategory, verbose_name=_("business categories"), blank=True, related_name="+"
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/%Y/", blank=True)
    profile = models.TextField(_("public profile"), blank=True)
    directory_opt_out = models.BooleanField(
        _("hide from the public directory"),
        default=False,
        help_text=_("The organization does not want to be listed in the member directory."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = normalize_credit_code(self.credit_code)
        super().save(*args, **kwargs)

    @property
    def current_membership(self) -> Membership | None:
        try:
            return self.membership
        except Membership.DoesNotExist:
            return None

    @property
    def is_member_in_good_standing(self) -> bool:
        membership = self.current_membership
        return membership is not None and membership.in_good_standing

    @property
    def category_names(self) -> str:
        """Business categories as one line (uses prefetch_related("categories"))."""
        return "、".join(category.name for category in self.categories.all())


class Person(models.Model):
    """A person known to the association: contact, individual member, expert, officer."""

    class ProfessionalTitle(models.TextChoices):
        SENIOR_FULL = "senior_full", _("Senior (full)")
        SENIOR = "senior", _("Senior (associate)")
        INTERMEDIATE = "intermediate", _("Intermediate")
        JUNIOR = "junior", _("Junior")
        NONE = "", _("None")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    name = models.CharField(_("name"), max_length=50, db_index=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    employer_name = models.CharField(
        _("employer (if not a known organization)"), max_length=200, blank=True
    )
    job_title = models.CharField(_("job title"), max_length=80, blank=True)
    professional_title = models.CharField(
        _("professional title"), max_length=20, choices=ProfessionalTitle.choices, blank=True
    )
    expertise = models.TextField(_("expertise"), blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    # Private contact details: shown to the secretariat and the person only.
    phone = models.CharField(_("mobile phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        if self.organization_id:
            return f"{self.name}（{self.organization}）"
        return self.name


class OrganizationContact(models.Model):
    """A user who acts for an organization: its administrator or a staff contact."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        STAFF = "staff", _("Staff contact")

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organization_contacts",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["organization", "role", "pk"]
        verbose_name = _("organization contact")
        verbose_name_plural = _("organization contacts")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="unique_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"


class MembershipQuerySet(models.QuerySet):
    def in_good_standing(self):
        return self.filter(status__in=Membership.Status.good_standing())


class Membership(models.Model):
    """The membership of one organization or one person, renewed year after year."""

    class Tier(models.TextChoices):
        PRESIDENT = "president", _("President unit")
        VICE_PRESIDENT = "vice_president", _("Vice-president unit")
        STANDING_DIRECTOR = "standing_director", _("Standing director unit")
        DIRECTOR = "director", _("Director unit")
        MEMBER = "member", _("Member unit")
        INDIVIDUAL = "individual", _("Individual member")

        @classmethod
        def organization_tiers(cls) -> list[str]:
            return [tier for tier in cls.values if tier != cls.INDIVIDUAL]

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        GRACE = "grace", _("In grace period")
        LAPSED = "lapsed", _("Lapsed")
        SUSPENDED = "suspended", _("Suspended")
        TERMINATED = "terminated", _("Terminated")

        @classmethod
        def good_standing(cls) -> list[str]:
            """Statuses that keep member rights (prices, members-only content, applying)."""
            return [cls.ACTIVE, cls.GRACE]

    # The state machine: every allowed change of status, in one place.
    TRANSITIONS: dict[str, set[str]] = {
        Status.PENDING: {Status.ACTIVE, Status.TERMINATED},
        Status.ACTIVE: {Status.GRACE, Status.LAPSED, Status.SUSPENDED, Status.TERMINATED},
        Status.GRACE: {Status.ACTIVE, Status.LAPSED, Status.SUSPENDED, Status.TERMINATED},
        Status.LAPSED: {Status.ACTIVE, Status.TERMINATED},
        Status.SUSPENDED: {Status.ACTIVE, Status.TERMINATED},
        Status.TERMINATED: set(),
    }

    number = models.CharField(_("membership number"), max_length=30, unique=True)
    organization = models.OneToOneField(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership",
    )
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="membership",
    )
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    paid_through = models.DateField(_("paid through"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=(Q(organization__isnull=False) & Q(person__isnull=True))
                | (Q(organization__isnull=True) & Q(person__isnull=False)),
                name="membership_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def subject(self) -> Organization | Person:
        return self.organization if self.organization_id else self.person

    @property
    def is_individual(self) -> bool:
        return self.person_id is not None

    @property
    def in_good_standing(self) -> bool:
        return self.status in self.Status.good_standing()

    def can_change_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    def transition(self, status: str, *, user=None, reason: str = "") -> MembershipStatusChange:
        """Change status by the state machine and record it. Call inside a transaction."""
        if status == self.status:
            raise MembershipError(_("The membership already has this status."))
        if not self.can_change_to(status):
            raise MembershipError(
                _("A membership cannot go from “%(from)s” to “%(to)s”.")
                % {"from": self.get_status_display(), "to": self.Status(status).label}
            )
        change = MembershipStatusChange.objects.create(
            membership=self,
            from_status=self.status,
            to_status=status,
            changed_by=user if getattr(user, "is_authenticated", False) else None,
            reason=reason,
        )
        self.status = status
        self.save(update_fields=["status", "updated_at"])
        self.sync_member_groups()
        return change

    def member_users(self):
        """The user accounts that hold this membership's rights."""
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.all()
        if self.person_id:
            return users.filter(person__pk=self.person_id)
        return users.filter(organization_contacts__organization_id=self.organization_id)

    def sync_member_groups(self) -> None:
        """Keep the members' group (members-only pages) in step with the status: a user
        keeps it while any membership they hold or act for is in good standing."""
        from django.contrib.auth.models import Group

        from website.accounts.roles import MEMBERS

        group = Group.objects.filter(name=MEMBERS).first()
        if group is None:
            return
        good = self.Status.good_standing()
        for user in self.member_users().distinct():
            entitled = (
                Membership.objects.filter(status__in=good)
                .filter(Q(person__user=user) | Q(organization__contacts__user=user))
                .exists()
            )
            if entitled:
                user.groups.add(group)
            else:
                user.groups.remove(group)


class MembershipStatusChange(models.Model):
    """One change of a membership's status: who, when, from, to and why."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Membership.Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Membership.Status.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the change was made by a scheduled rule."),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("membership status change")
        verbose_name_plural = _("membership status changes")

    def __str__(self) -> str:
        return f"{self.membership.number}: {self.from_status} → {self.to_status}"


# ---------------------------------------------------------------------------------------------
# Joining, dues and the member portal (journeys 1–3 of the members issue).
# ---------------------------------------------------------------------------------------------


@register_setting(icon="cog")
class MembershipSettings(BaseGenericSetting):
    """The dues rules the secretariat may change (DESIGN §5 gives the defaults)."""

    half_price_from_month = models.PositiveSmallIntegerField(
        _("reduced first year from month"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Members approved on or after this day of the year pay a reduced first year."),
    )
    half_price_from_day = models.PositiveSmallIntegerField(
        _("reduced first year from day"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    reduced_first_year_percent = models.PositiveSmallIntegerField(
        _("reduced first year (percent of the fee)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    payment_term_days = models.PositiveSmallIntegerField(
        _("payment term (days)"),
        default=30,
        help_text=_("A joining invoice is due this many days after it is issued."),
    )
    renewal_invoice_days = models.PositiveSmallIntegerField(
        _("issue renewal invoices (days before expiry)"),
        default=60,
        help_text=_("Next year's invoice is issued this many days before the paid-through date."),
    )
    reminder_days = models.CharField(
        _("renewal reminders (days before expiry)"),
        max_length=50,
        default="60,30,7",
        validators=[
            RegexValidator(
                r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$",
                _("Enter whole numbers of days separated by commas, e.g. 60,30,7."),
            )
        ],
        help_text=_("Each reminder is sent once, e.g. 60,30,7."),
    )
    grace_period_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=365,
        help_text=_(
            "An unpaid membership enters its grace period the day after its paid-through date, "
            "keeps member rights during it and lapses when it ends. The charter: one year of "
            "unpaid dues ends the membership, i.e. 365 days."
        ),
    )
    bank_details = models.TextField(
        _("bank details for transfers"),
        blank=True,
        default="户名：中国城市环境卫生协会\n开户行：中国工商银行北京某支行\n账号：0200 0000 0000 0000 000",
        help_text=_("Printed on invoices and shown to members."),
    )

    class Meta:
        verbose_name = _("membership settings")
        verbose_name_plural = _("membership settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @property
    def reminder_day_list(self) -> list[int]:
        """Reminder offsets, largest first, without duplicates."""
        days = {int(part) for part in self.reminder_days.split(",") if part.strip().isdigit()}
        return sorted(days, reverse=True)

    def half_price_from(self, year: int) -> datetime.date:
        day = min(
            self.half_price_from_day, calendar.monthrange(year, self.half_price_from_month)[1]
        )
        return datetime.date(year, self.half_price_from_month, day)


class FeeSchedule(models.Model):
    """The dues of one year, one amount per tier (at most four distinct levels, DESIGN §5)."""

    MAX_LEVELS = 4

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    president = models.DecimalField(
        _("president unit"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    vice_president = models.DecimalField(
        _("vice-president unit"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    standing_director = models.DecimalField(
        _("standing director unit"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    director = models.DecimalField(
        _("director unit"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    member = models.DecimalField(
        _("member unit"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    individual = models.DecimalField(
        _("individual member"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.TextField(_("note"), blank=True, help_text=_("e.g. the resolution that set it."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")

    def __str__(self) -> str:
        return _("Dues %(year)s") % {"year": self.year}

    def amount_for(self, tier: str) -> Decimal:
        return getattr(self, Membership.Tier(tier).value)

    def organization_levels(self) -> set[Decimal]:
        return {self.amount_for(tier) for tier in Membership.Tier.organization_tiers()}

    def clean(self) -> None:
        super().clean()
        amounts = [self.amount_for(tier) for tier in Membership.Tier.organization_tiers()]
        if any(amount is None for amount in amounts):
            return
        if len(set(amounts)) > self.MAX_LEVELS:
            raise ValidationError(
                _(
                    "Dues may have at most %(max)d levels for member organizations; "
                    "these amounts make %(count)d. Give some tiers the same amount."
                )
                % {"max": self.MAX_LEVELS, "count": len(set(amounts))}
            )
        # A higher tier never pays less than a lower one.
        for higher, lower in itertools.pairwise(amounts):
            if higher < lower:
                raise ValidationError(_("A higher tier cannot pay less than a lower tier."))


class MembershipApplicationQuerySet(models.QuerySet):
    def in_queue(self):
        """Applications the secretariat has to act on."""
        return self.filter(
            status__in=[
                MembershipApplication.Status.SUBMITTED,
                MembershipApplication.Status.UNDER_REVIEW,
            ]
        )

    def of_user(self, user):
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(applicant=user)


class MembershipApplication(models.Model):
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

    # The state machine: every allowed change of status, in one place.
    TRANSITIONS: dict[str, set[str]] = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.UNDER_REVIEW, Status.RETURNED, Status.APPROVED, Status.REJECTED},
        Status.UNDER_REVIEW: {Status.RETURNED, Status.APPROVED, Status.REJECTED},
        Status.RETURNED: {Status.SUBMITTED},
        Status.APPROVED: set(),
        Status.REJECTED: set(),
    }
    EDITABLE = (Status.DRAFT, Status.RETURNED)

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
        upload_to=licence_upload_to,
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

    def can_change_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    def transition(self, status: str, *, user=None, reason: str = "") -> ApplicationStatusChange:
        """Change status by the state machine and record it. Call inside a transaction."""
        if not self.can_change_to(status):
            raise MembershipError(
                _("An application cannot go from “%(from)s” to “%(to)s”.")
                % {"from": self.get_status_display(), "to": self.Status(status).label}
            )
        change = ApplicationStatusChange.objects.create(
            application=self,
            from_status=self.status,
            to_status=status,
            changed_by=user if getattr(user, "is_authenticated", False) else None,
            reason=reason,
        )
        self.status = status
        self.save(update_fields=["status", "updated_at"])
        return change


class ApplicationStatusChange(models.Model):
    """One change of an application's status: who, when, from, to and why."""

    application = models.ForeignKey(
        MembershipApplication,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(
        _("from"), max_length=15, choices=MembershipApplication.Status.choices
    )
    to_status = models.CharField(
        _("to"), max_length=15, choices=MembershipApplication.Status.choices
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"


class InvoiceQuerySet(models.QuerySet):
    def outstanding(self):
        return self.filter(status__in=[Invoice.Status.OPEN, Invoice.Status.OVERDUE])

    def visible_to(self, user):
        """Invoices of the organizations the user acts for and of the user's own membership."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            Q(membership__organization__contacts__user=user) | Q(membership__person__user=user)
        ).distinct()


class Invoice(models.Model):
    """A dues invoice (会费通知单) for one membership year."""

    class Kind(models.TextChoices):
        JOINING = "joining", _("First year")
        RENEWAL = "renewal", _("Renewal")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        OVERDUE = "overdue", _("Overdue")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Cancelled")

    number = models.CharField(_("invoice number"), max_length=20, unique=True)
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("issued on"), default=datetime.date.today)
    due_on = models.DateField(_("due on"), db_index=True)
    title = models.CharField(_("invoice title (发票抬头)"), max_length=200)
    tax_number = models.CharField(
        _("taxpayer number"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            # One live invoice per membership and period: the sweep may run twice safely.
            models.UniqueConstraint(
                fields=["membership", "period_start"],
                condition=~Q(status="cancelled"),
                name="one_live_invoice_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.period_start.year}）"

    @property
    def is_outstanding(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.OVERDUE)

    @property
    def paid_amount(self) -> Decimal:
        return sum((payment.amount for payment in self.payments.all()), Decimal("0"))

    @property
    def balance(self) -> Decimal:
        return max(self.amount - self.paid_amount, Decimal("0"))


class PaymentProof(models.Model):
    """A transfer receipt a member uploads; staff confirm it (a payment) or reject it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.CASCADE, related_name="proofs"
    )
    file = models.FileField(
        _("proof of payment"),
        storage=private_storage,
        upload_to=proof_upload_to,
        max_length=200,
        help_text=_("The bank's transfer receipt: PDF, JPEG or PNG."),
    )
    file_name = models.CharField(_("original file name"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    paid_on = models.DateField(_("paid on"))
    reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("proof of payment")
        verbose_name_plural = _("proofs of payment")

    def __str__(self) -> str:
        return f"{self.invoice.number} {self.paid_on:%Y-%m-%d} {self.amount}"


class Payment(models.Model):
    """Money received for an invoice, recorded by staff (bank transfer is the norm)."""

    class Method(models.TextChoices):
        BANK_TRANSFER = "bank_transfer", _("Bank transfer")
        CASH = "cash", _("Cash")
        CHEQUE = "cheque", _("Cheque")
        ONLINE = "online", _("Online payment")
        OTHER = "other", _("Other")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    method = models.CharField(
        _("method"), max_length=15, choices=Method.choices, default=Method.BANK_TRANSFER
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    paid_on = models.DateField(_("paid on"))
    proof = models.OneToOneField(
        PaymentProof,
        verbose_name=_("proof of payment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payment",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.invoice.number} {self.amount}"


class RenewalReminder(models.Model):
    """A renewal reminder that was sent; its uniqueness keeps the sweep from repeating it."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="renewal_reminders",
    )
    paid_through = models.DateField(_("for the period ending"))
    days_before = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    sent_to = models.TextField(_("sent to"), blank=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("renewal reminder")
        verbose_name_plural = _("renewal reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "paid_through", "days_before"], name="unique_reminder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.number} −{self.days_before}"


class ProfileChangeRequest(models.Model):
    """A change of an organization's key fields (name, credit code, legal representative),
    asked for by its administrator and applied only when staff approve it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

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
        upload_to=change_request_upload_to,
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

    def changes(self) -> dict[str, str]:
        """The key fields this request changes, with their new values."""
        return {field: getattr(self, field) for field in self.KEY_FIELDS if getattr(self, field)}


class ContactInvitation(models.Model):
    """An organization administrator's invitation to a colleague to become a contact."""

    VALID_DAYS = 14

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=OrganizationContact.Role.choices,
        default=OrganizationContact.Role.STAFF,
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact invitation")
        verbose_name_plural = _("contact invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and self.expires_at > timezone.now()
        )


class BranchQuerySet(models.QuerySet):
    def for_secretary(self, user):
        """Branches this user is a secretary of."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(secretaries=user)

    def visible_to(self, user):
        """Every branch for the membership staff; a secretary's own branches otherwise."""
        if getattr(user, "is_authenticated", False) and user.has_perm("members.view_branch"):
            return self.all()
        return self.for_secretary(user)


class Branch(models.Model):
    """分支机构: a specialised committee, society or working committee of the association.

    Branches never charge dues, are never regional and have no sub-branches (DESIGN §5).
    """

    class Kind(models.TextChoices):
        SOCIETY = "society", _("Branch society")
        COMMITTEE = "committee", _("Specialised committee")
        WORKING_COMMITTEE = "working_committee", _("Working committee")

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), unique=True, allow_unicode=False)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    supervising_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervising staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_branches",
    )
    secretaries = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretaries"),
        blank=True,
        related_name="branches_as_secretary",
    )
    publish_directly = models.BooleanField(
        _("secretaries publish directly"),
        default=False,
        help_text=_(
            "Otherwise an editor of the secretariat approves each page before it goes live."
        ),
    )
    section_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("website section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The part of the website that this branch's secretaries edit."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = BranchQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self) -> str:
        return self.name


class BranchPosition(models.Model):
    """A seat in a branch, held by a member person or a member organization."""

    class Position(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")
        SECRETARY_GENERAL = "secretary_general", _("Secretary general")
        MEMBER = "member", _("Committee member")

    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="positions"
    )
    position = models.CharField(_("position"), max_length=20, choices=Position.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="branch_positions",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="branch_positions",
    )
    since = models.DateField(_("since"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["branch", "sort_order", "pk"]
        verbose_name = _("branch position")
        verbose_name_plural = _("branch positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="branch_position_has_holder",
            ),
            # One chair and one secretary general per branch; one seat per holder.
            models.UniqueConstraint(
                fields=["branch"], condition=Q(position="chair"), name="one_chair_per_branch"
            ),
            models.UniqueConstraint(
                fields=["branch"],
                condition=Q(position="secretary_general"),
                name="one_secretary_general_per_branch",
            ),
            models.UniqueConstraint(
                fields=["branch", "person"],
                condition=Q(person__isnull=False),
                name="one_seat_per_person",
            ),
            models.UniqueConstraint(
                fields=["branch", "organization"],
                condition=Q(person__isnull=True),
                name="one_seat_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.branch}: {self.get_position_display()} {self.holder}"

    @property
    def holder(self) -> Person | Organization:
        return self.person if self.person_id else self.organization


class ExpertiseField(models.Model):
    """A field of expertise in the expert pool (垃圾焚烧, 环卫装备, 财务 ...)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("field of expertise")
        verbose_name_plural = _("fields of expertise")

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class ExpertQuerySet(models.QuerySet):
    def available(self):
        return self.filter(is_active=True).exclude(availability=Expert.Availability.UNAVAILABLE)

    def without_conflict_with(self, organization: Organization):
        """Experts who may review this organization: no declared conflict with it."""
        return self.exclude(conflicts__organization=organization)

    def in_field(self, *fields: ExpertiseField | int):
        """Experts with at least one of these fields of expertise (no duplicate rows)."""
        through = Expert.fields.through
        return self.filter(
            Exists(
                through.objects.filter(
                    expert_id=OuterRef("pk"),
                    expertisefield_id__in=[getattr(field, "pk", field) for field in fields],
                )
            )
        )

    def eligible_for(self, organization: Organization):
        """Experts who may be assigned to review this organization: available, no declared
        conflict, and not employed by it."""
        return (
            self.available()
            .without_conflict_with(organization)
            .exclude(person__organization=organization)
        )


class Expert(ClusterableModel):
    """专家库: a person in the association's pool of reviewers."""

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Available")
        LIMITED = "limited", _("Limited")
        UNAVAILABLE = "unavailable", _("Unavailable")

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="expert"
    )
    fields = models.ManyToManyField(
        ExpertiseField, verbose_name=_("fields of expertise"), blank=True, related_name="experts"
    )
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    biography = models.TextField(_("biography"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    since = models.DateField(_("in the pool since"), default=datetime.date.today)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    def __str__(self) -> str:
        return str(self.person)

    @property
    def user(self):
        return self.person.user

    @property
    def field_names(self) -> str:
        """Fields of expertise as one line (uses prefetch_related("fields"))."""
        return "、".join(field.name for field in self.fields.all())

    def has_conflict_with(self, organization: Organization) -> bool:
        return self.conflicts.filter(organization=organization).exists()

    def is_same_organization(self, organization: Organization) -> bool:
        return self.person.organization_id == organization.pk


class ExpertConflict(models.Model):
    """An organization an expert must not review (employer, client, relative ...)."""

    # A ParentalKey so the expert's admin form edits the declared conflicts inline.
    expert = ParentalKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="conflicts"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="expert_conflicts",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    declared_on = models.DateField(_("declared on"), default=datetime.date.today)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["expert", "organization"], name="unique_conflict"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} ≠ {self.organization}"


class ImportBatch(models.Model):
    """One uploaded spreadsheet of organizations or persons: previewed, then imported."""

    class Kind(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Organizations")
        PERSONS = "persons", _("Persons")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Awaiting confirmation")
        IMPORTED = "imported", _("Imported")

    kind = models.CharField(_("records"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREVIEWED
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_valid = models.PositiveIntegerField(_("valid rows"), default=0)
    rows_imported = models.PositiveIntegerField(_("imported rows"), default=0)
    # The preview: per-row errors, as {"rows": [{"row": 5, "errors": [...]}, ...]}.
    report = models.JSONField(_("report"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"
