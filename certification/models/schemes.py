"""Schemes, their versioned criteria sets, required documents and rounds (批次)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from website.core.states import StateMachine

from .base import CertificationError, points_field_kwargs

CODE_PATTERN = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


class SchemeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Scheme(ClusterableModel):
    """One kind of evaluation the association runs: its subject, rules and defaults."""

    class SubjectKind(models.TextChoices):
        ORGANIZATION = "organization", _("Organization")
        PLANT = "plant", _("Plant")
        PROJECT = "project", _("Project or achievement")

    class PublicityUnit(models.TextChoices):
        DAYS = "days", _("Calendar days")
        WORKING_DAYS = "working_days", _("Working days")

    class Aggregation(models.TextChoices):
        MEAN = "mean", _("Mean of the experts' scores")
        MEDIAN = "median", _("Median of the experts' scores")
        TRIMMED_MEAN = "trimmed_mean", _("Mean without the highest and the lowest score")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    subject_kind = models.CharField(
        _("subject"), max_length=20, choices=SubjectKind.choices, default=SubjectKind.ORGANIZATION
    )
    description = models.TextField(_("public description"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive schemes take no applications.")
    )
    certificate_prefix = models.CharField(
        _("number prefix"),
        max_length=6,
        unique=True,
        help_text=_("Letters that start application and certificate numbers, e.g. XY."),
    )
    certificate_title = models.CharField(_("certificate title"), max_length=60, blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("validity in years"),
        default=3,
        help_text=_("0 for certificates without an expiry date (awards, evaluation conclusions)."),
    )
    annual_checks = models.PositiveSmallIntegerField(
        _("annual re-checks"),
        default=0,
        help_text=_("How many annual re-checks fall within the validity of a certificate."),
    )
    reevaluation_months = models.PositiveSmallIntegerField(
        _("re-evaluation window (months)"),
        default=6,
        help_text=_("A re-evaluation may start this many months before the certificate expires."),
    )
    publicity_length = models.PositiveSmallIntegerField(
        _("publicity length"),
        default=5,
        help_text=_("0 when results are decided without public notice."),
    )
    publicity_unit = models.CharField(
        _("publicity counted in"),
        max_length=15,
        choices=PublicityUnit.choices,
        default=PublicityUnit.WORKING_DAYS,
    )
    aggregation = models.CharField(
        _("score aggregation"), max_length=15, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    min_reviews = models.PositiveSmallIntegerField(
        _("minimum expert reviews"),
        default=3,
        help_text=_("Submitted reviews needed before the panel decides."),
    )
    blind_review = models.BooleanField(
        _("blind review"),
        default=False,
        help_text=_("Experts do not see the applicant's name."),
    )
    max_reviews = models.PositiveSmallIntegerField(
        _("maximum expert reviews"),
        null=True,
        blank=True,
        help_text=_("The most experts one application's panel may have; empty for no limit."),
    )
    odd_panel = models.BooleanField(
        _("odd number of experts"),
        default=False,
        help_text=_("The panel must have an odd number of experts when the review closes."),
    )
    max_experts_per_organization = models.PositiveSmallIntegerField(
        _("experts from one organization at most"),
        null=True,
        blank=True,
        help_text=_("How many experts of one panel may work for the same organization."),
    )
    self_assessment = models.BooleanField(
        _("self-assessment"),
        default=True,
        help_text=_("Applicants score themselves against the criteria before submitting."),
    )
    recommendation_required = models.BooleanField(
        _("experts recommend a grade"),
        default=False,
        help_text=_("Each expert must recommend a grade (an award level) to submit a review."),
    )
    require_good_standing = models.BooleanField(_("members in good standing only"), default=True)
    min_accounting_years = models.PositiveSmallIntegerField(
        _("minimum full accounting years"),
        null=True,
        blank=True,
        help_text=_("Full accounting years with revenue the applicant must have; empty for none."),
    )
    min_operation_months = models.PositiveSmallIntegerField(
        _("minimum months in formal operation"),
        null=True,
        blank=True,
        help_text=_("The plant must have operated formally for more than this; empty for none."),
    )
    on_site_inspection = models.BooleanField(
        _("on-site inspection"),
        default=False,
        help_text=_(
            "An inspection team visits the subject between formal review and expert review "
            "(plant grading); rectification requests must be closed before grading."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Drawing a panel from the expert pool (services.panels).
    panel_fields = models.ManyToManyField(
        "members.ExpertiseField",
        verbose_name=_("fields of expertise of the panel"),
        blank=True,
        related_name="+",
        help_text=_("Panels are drawn from experts in these fields; none for the whole pool."),
    )
    exclude_applicant_region = models.BooleanField(
        _("no experts from the applicant's province"),
        default=False,
        help_text=_("A panel draw leaves out experts of the applicant's province."),
    )
    recent_review_years = models.PositiveSmallIntegerField(
        _("years before an expert reviews the same applicant again"),
        default=3,
        help_text=_(
            "A panel draw leaves out experts who reviewed the applicant within this many "
            "years; 0 for no such rule."
        ),
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")

    def __str__(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    def current_criteria(self) -> CriteriaSet | None:
        """The newest published criteria set: what new rounds use."""
        return (
            self.criteria_sets.filter(status=CriteriaSet.Status.PUBLISHED)
            .order_by("-version")
            .first()
        )

    def open_rounds(self):
        today = timezone.localdate()
        return self.rounds.filter(opens_on__lte=today, closes_on__gte=today)

    @property
    def uses_plants(self) -> bool:
        return self.subject_kind == self.SubjectKind.PLANT

    @property
    def uses_projects(self) -> bool:
        return self.subject_kind == self.SubjectKind.PROJECT

    @property
    def has_publicity(self) -> bool:
        return self.publicity_length > 0


class RequiredDocument(Orderable):
    """One line of a scheme's attachments checklist (申报书, 营业执照, audited statements ...)."""

    scheme = ParentalKey(Scheme, on_delete=models.CASCADE, related_name="required_documents")
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(
        pgettext_lazy("certification", "description"), max_length=300, blank=True
    )
    is_required = models.BooleanField(_("required"), default=True)
    blind_visible = models.BooleanField(
        _("shown in blind review"),
        default=False,
        help_text=_(
            "In blind review experts see only these documents (e.g. a technical report without "
            "the names of units and persons)."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name


class CriteriaSet(StateMachine, ClusterableModel):
    """One version of a scheme's criteria: the tree of criteria and the grade bands.

    An application keeps the version it was made under; a version in use is never edited,
    the secretariat copies it into a new draft instead.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    transition_error = CertificationError
    TRANSITIONS = {Status.DRAFT: {Status.PUBLISHED}, Status.PUBLISHED: {Status.RETIRED}}

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="criteria_sets"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    notes = models.TextField(_("notes"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["scheme", "-version"]
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="unique_criteria_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（v{self.version}）"

    def on_status_change(self, previous: str) -> list[str]:
        if self.status == self.Status.PUBLISHED:
            self.published_at = timezone.now()
            return ["published_at"]
        return []

    @property
    def is_in_use(self) -> bool:
        return self.pk is not None and self.applications.exists()

    def ordered_criteria(self) -> list[Criterion]:
        """Every criterion in tree order (by code, numerically where the parts are numbers)."""
        return sorted(self.criteria.all(), key=lambda c: c.sort_key)

    def ordered_bands(self) -> list[GradeBand]:
        return sorted(self.grade_bands.all(), key=lambda band: band.min_score, reverse=True)

    @property
    def max_total(self) -> Decimal:
        """Full marks: the sum of the top-level criteria that add points."""
        total = Decimal("0")
        for criterion in self.criteria.all():
            if criterion.is_top_level and criterion.adds_points and criterion.max_points:
                total += criterion.max_points
        return total

    def grade_label(self, code: str) -> str:
        for band in self.grade_bands.all():
            if band.code == code:
                return band.label
        return code


class Criterion(Orderable):
    """A node of the criteria tree. The dotted code places it: "2.1" sits under "2".

    Groups (dimensions, 分项, competition sections) add up their children, optionally from full
    marks downwards, with a cap on deductions; indicators are scored from 0 to full marks;
    deduction items take points off their group; veto items (否决项) cap or block the grade.
    """

    class Kind(models.TextChoices):
        GROUP = "group", _("Group of criteria")
        INDICATOR = "indicator", _("Scored indicator")
        DEDUCTION = "deduction", _("Deduction item")
        VETO = "veto", _("Veto item")

    criteria_set = ParentalKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Dotted position in the tree: 1, 1.2, 1.2.3.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INDICATOR)
    max_points = models.DecimalField(
        _("full marks"),
        **points_field_kwargs(null=True, blank=True),
        help_text=_(
            "Indicators: full marks. Deductions: the most this item takes off. Groups: the "
            "section's points (its score stays between 0 and this); empty for a section of "
            "deductions only."
        ),
    )
    starts_full = models.BooleanField(
        _("scored from full marks"),
        default=False,
        help_text=_("Groups: start at full marks and take the deductions off."),
    )
    deduction_cap = models.DecimalField(
        _("deduction cap"),
        **points_field_kwargs(null=True, blank=True),
        help_text=_("Groups: the deductions inside never take off more than this."),
    )
    description = models.TextField(_("scoring rule"), blank=True)
    level_descriptions = models.TextField(
        _("level descriptions"), blank=True, help_text=_("One level per line, e.g. 优：9–10分.")
    )
    evidence_required = models.TextField(_("evidence required"), blank=True)
    veto_grade = models.CharField(
        _("grade at most when vetoed"),
        max_length=10,
        blank=True,
        help_text=_("Veto items: the best grade still possible; empty means no grade at all."),
    )
    on_site = models.BooleanField(
        _("assessed on site only"),
        default=False,
        help_text=_(
            "Deductions and veto items only the inspection team can find: applicants and "
            "experts do not score them; the team's findings do."
        ),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def parent_code(self) -> str:
        return self.code.rpartition(".")[0]

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def is_top_level(self) -> bool:
        return "." not in self.code

    @property
    def sort_key(self) -> tuple:
        return tuple(
            (0, int(part), "") if part.isdigit() else (1, 0, part) for part in self.code.split(".")
        )

    @property
    def is_group(self) -> bool:
        return self.kind == self.Kind.GROUP

    @property
    def is_scored(self) -> bool:
        """Experts and applicants enter a value for this criterion."""
        return self.kind != self.Kind.GROUP

    @property
    def is_scored_on_paper(self) -> bool:
        """Applicants and experts enter a value (on-site items come from the inspection)."""
        return self.is_scored and not self.on_site

    @property
    def adds_points(self) -> bool:
        return self.kind in (self.Kind.GROUP, self.Kind.INDICATOR)

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        """The values an expert may enter: points for indicators and deductions, 0/1 for vetoes."""
        if self.kind == self.Kind.VETO:
            return Decimal("0"), Decimal("1")
        return Decimal("0"), self.max_points or Decimal("0")

    def level_lines(self) -> list[str]:
        return [line.strip() for line in self.level_descriptions.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if not CODE_PATTERN.match(self.code or ""):
            errors["code"] = _("Use letters and digits separated by dots, e.g. 1.2.")
        if self.kind in (self.Kind.INDICATOR, self.Kind.DEDUCTION) and not self.max_points:
            errors["max_points"] = _("Indicators and deductions need full marks above zero.")
        if self.max_points is not None and self.max_points < 0:
            errors["max_points"] = _("Full marks cannot be negative.")
        if self.starts_full and (self.kind != self.Kind.GROUP or not self.max_points):
            errors["starts_full"] = _("Only a group with full marks can be scored from full marks.")
        if self.on_site and self.kind not in (self.Kind.DEDUCTION, self.Kind.VETO):
            errors["on_site"] = _("Only deduction and veto items are assessed on site only.")
        if errors:
            raise ValidationError(errors)


class GradeBand(Orderable):
    """A grade and the lowest score that reaches it (AAA ≥ 90 ...)."""

    criteria_set = ParentalKey(CriteriaSet, on_delete=models.CASCADE, related_name="grade_bands")
    code = models.CharField(_("grade"), max_length=10)
    label = models.CharField(_("label"), max_length=40, blank=True)
    min_score = models.DecimalField(_("lowest score"), **points_field_kwargs())
    certified = models.BooleanField(
        _("certified"),
        default=True,
        help_text=_("Applications reaching this grade may be approved and get a certificate."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")

    def __str__(self) -> str:
        return self.label or self.code

    def save(self, *args, **kwargs):
        if not self.label:
            self.label = self.code
        super().save(*args, **kwargs)


class RoundQuerySet(models.QuerySet):
    def open(self):
        today = timezone.localdate()
        return self.filter(opens_on__lte=today, closes_on__gte=today, scheme__is_active=True)


class Round(models.Model):
    """批次: a scheme's call for applications with its open and close dates."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.PROTECT, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    criteria_set = models.ForeignKey(
        CriteriaSet,
        verbose_name=_("criteria set"),
        on_delete=models.PROTECT,
        related_name="rounds",
        help_text=_("The criteria version applications of this round are made under."),
    )
    description = models.TextField(_("call for applications"), blank=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "scheme"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return f"{self.scheme} · {self.name}"

    @property
    def is_open(self) -> bool:
        today = timezone.localdate()
        return self.opens_on <= today <= self.closes_on and self.scheme.is_active

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A round cannot close before it opens.")})
        if (
            self.criteria_set_id
            and self.scheme_id
            and self.criteria_set.scheme_id != self.scheme_id
        ):
            raise ValidationError({"criteria_set": _("Choose criteria of the same scheme.")})
        if self.criteria_set_id and self.criteria_set.status == CriteriaSet.Status.DRAFT:
            raise ValidationError({"criteria_set": _("Publish the criteria set before using it.")})
