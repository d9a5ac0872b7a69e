"""Organizations, persons, memberships, branches and the expert pool (DESIGN §4 members)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .regions import Province
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
        return change


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


class Expert(models.Model):
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

    def has_conflict_with(self, organization: Organization) -> bool:
        return self.conflicts.filter(organization=organization).exists()

    def is_same_organization(self, organization: Organization) -> bool:
        return self.person.organization_id == organization.pk


class ExpertConflict(models.Model):
    """An organization an expert must not review (employer, client, relative ...)."""

    expert = models.ForeignKey(
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
