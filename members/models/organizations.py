"""Organizations, persons and the users who act for an organization."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..regions import Province
from ..validators import normalize_credit_code, validate_credit_code

if TYPE_CHECKING:
    from .memberships import Membership


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
        from .memberships import Membership

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
        from .memberships import Membership

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
        # Member prices look attendees up by email, case-insensitively (events.services).
        indexes = [models.Index(Upper("email"), name="members_person_email_upper")]
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
