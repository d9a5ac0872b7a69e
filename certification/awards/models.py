"""Science and technology awards (科学技术奖) on the certification core.

What the core does not have and awards need: the award's settings (level caps, the ban after
fraud), a round's deadlines and call page, recommending units (推荐单位) that confirm
nominations online, the nomination's own record (level applied for, recommendation, paper
copy, panel, consent), expert panels by field, the committee's recorded votes and the bans.
Schemes, criteria, rounds, applications, reviews, publicity, objections and certificates are
the core's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from members.models import Branch, Expert, ExpertiseField, Organization
from members.regions import Province
from website.core.blocks import BodyBlock
from website.core.models import SeoMixin
from website.core.states import StateMachine

from ..models.applications import Application
from ..models.base import CertificationError
from ..models.schemes import Round, Scheme


class AwardScheme(ClusterableModel):
    """Marks a scheme as an award and holds what only awards need."""

    scheme = models.OneToOneField(
        Scheme,
        verbose_name=_("scheme"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="award",
    )
    category = models.CharField(_("award category"), max_length=50, default="科技进步奖")
    ban_years = models.PositiveSmallIntegerField(
        _("years barred after proven fraud"),
        default=3,
        help_text=_("An organization proven to have cheated may not nominate for this long."),
    )
    consent_text = models.TextField(
        _("consent wording"),
        blank=True,
        help_text=_("What the awardee agrees to before the award is conferred."),
    )

    class Meta:
        verbose_name = _("award settings")
        verbose_name_plural = _("award settings")

    def __str__(self) -> str:
        return str(self.scheme)

    def level(self, code: str) -> AwardLevel | None:
        return next((level for level in self.levels.all() if level.code == code), None)


class AwardLevel(Orderable):
    """一等奖, 二等奖, 三等奖: the caps on completing persons and units, and the vote needed."""

    award = ParentalKey(AwardScheme, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(
        _("level"), max_length=10, help_text=_("As in the criteria's grade bands, e.g. 一等奖.")
    )
    max_persons = models.PositiveSmallIntegerField(_("completing persons at most"))
    max_units = models.PositiveSmallIntegerField(_("completing units at most"))
    majority = models.CharField(
        _("votes needed"),
        max_length=15,
        choices=[
            ("half", _("More than half of the members present")),
            ("two_thirds", _("At least two thirds of the members present")),
            ("three_quarters", _("At least three quarters of the members present")),
        ],
        default="half",
    )

    class Meta(Orderable.Meta):
        verbose_name = _("award level")
        verbose_name_plural = _("award levels")

    def __str__(self) -> str:
        return self.code

    def vote_passes(self, votes_for: int, present: int) -> bool:
        """Exact in integers: more than half always, two thirds or three quarters if set."""
        if present <= 0 or votes_for * 2 <= present:
            return False
        if self.majority == "two_thirds":
            return votes_for * 3 >= present * 2
        if self.majority == "three_quarters":
            return votes_for * 4 >= present * 3
        return True


class AwardRound(models.Model):
    """A round's award-specific deadlines and rules."""

    round = models.OneToOneField(
        Round,
        verbose_name=_("round"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="award",
    )
    recommendation_deadline = models.DateField(
        _("recommendations confirmed by"),
        null=True,
        blank=True,
        help_text=_("The last day recommending units may confirm; empty for the round's close."),
    )
    paper_copy_required = models.BooleanField(_("paper copy required"), default=True)
    paper_copy_deadline = models.DateField(_("paper copy received by"), null=True, blank=True)
    committee_size = models.PositiveSmallIntegerField(
        _("committee members"),
        default=15,
        help_text=_("Members of the award committee; more than half must be present to vote."),
    )
    committee_meets_on = models.DateField(_("committee meets on"), null=True, blank=True)

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")

    def __str__(self) -> str:
        return str(self.round)

    @property
    def last_recommendation_day(self):
        return self.recommendation_deadline or self.round.closes_on

    def clean(self) -> None:
        if (
            self.round_id
            and not AwardScheme.objects.filter(scheme_id=self.round.scheme_id).exists()
        ):
            raise ValidationError({"round": _("Choose a round of an award scheme.")})


class RecommendingUnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def for_user(self, user):
        """Units this user confirms recommendations for: named users and branch secretaries."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(Q(users=user) | Q(branch__secretaries=user)).distinct()


class RecommendingUnit(models.Model):
    """推荐单位: a registered body that recommends nominations (branches, authorities ...)."""

    class Kind(models.TextChoices):
        BRANCH = "branch", _("Branch of the association")
        AUTHORITY = "authority", _("Provincial sanitation authority")
        ASSOCIATION = "association", _("Association")
        UNIVERSITY = "university", _("University or research institute")
        OTHER = "other", _("Other body")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=15, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    branch = models.ForeignKey(
        Branch,
        verbose_name=_("branch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a branch: its secretaries may confirm too."),
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("registered organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("users who confirm"),
        blank=True,
        related_name="recommending_units",
    )
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RecommendingUnitQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("recommending unit")
        verbose_name_plural = _("recommending units")

    def __str__(self) -> str:
        return self.name

    def confirmers(self):
        from django.contrib.auth import get_user_model

        return (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(Q(recommending_units=self) | Q(branches_as_secretary=self.branch_id or 0))
            .distinct()
        )


class AwardPanel(models.Model):
    """评审组: the experts who review a round's nominations of some fields."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="award_panels"
    )
    name = models.CharField(_("name"), max_length=100)
    fields = models.ManyToManyField(
        ExpertiseField, verbose_name=_("fields"), blank=True, related_name="+"
    )
    experts = models.ManyToManyField(
        Expert, verbose_name=_("experts"), blank=True, related_name="award_panels"
    )

    class Meta:
        ordering = ["round", "name"]
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="unique_panel_name"),
        ]

    def __str__(self) -> str:
        return f"{self.round.name} · {self.name}"


class Nomination(StateMachine):
    """What an award nomination adds to its application: level, recommendation, paper copy,
    panel, committee level and consent."""

    class Status(models.TextChoices):
        """The recommending unit's answer."""

        NOT_REQUESTED = "not_requested", _("Not requested")
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    transition_error = CertificationError
    TRANSITIONS = {
        Status.NOT_REQUESTED: {Status.PENDING},
        Status.PENDING: {Status.NOT_REQUESTED, Status.CONFIRMED, Status.DECLINED},
        # Asked again after the applicant has answered the unit's objections.
        Status.DECLINED: {Status.PENDING},
    }

    application = models.OneToOneField(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="nomination",
    )
    level = models.CharField(_("level applied for"), max_length=10, blank=True)
    recommending_unit = models.ForeignKey(
        RecommendingUnit,
        verbose_name=_("recommending unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    status = models.CharField(
        _("recommendation"),
        max_length=15,
        choices=Status.choices,
        default=Status.NOT_REQUESTED,
        db_index=True,
    )
    recommendation_opinion = models.TextField(_("recommending opinion"), blank=True)
    recommendation_requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommended_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    paper_copy_received_on = models.DateField(_("paper copy received on"), null=True, blank=True)
    paper_copy_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paper copy recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    panel = models.ForeignKey(
        AwardPanel,
        verbose_name=_("expert panel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    committee_level = models.CharField(_("level voted by the committee"), max_length=10, blank=True)
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_signatory = models.CharField(_("signed by"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return str(self.application)

    @property
    def has_consent(self) -> bool:
        return self.consent_at is not None


class CommitteeVote(models.Model):
    """评审委员会: one recorded vote on the level of one nominated project."""

    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        on_delete=models.CASCADE,
        related_name="committee_votes",
    )
    level = models.CharField(_("level put to the vote"), max_length=10)
    members_present = models.PositiveSmallIntegerField(_("members present"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    passed = models.BooleanField(_("passed"))
    note = models.TextField(_("note"), blank=True)
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
        ordering = ["recorded_at", "pk"]
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")

    def __str__(self) -> str:
        return f"{self.application.number} {self.level}: {self.votes_for}/{self.members_present}"


class AwardBanQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on, ends_on__gte=on, lifted_at__isnull=True)


class AwardBan(models.Model):
    """Proven fraud: the organization may not nominate for awards until the ban ends."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="award_bans",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=pgettext_lazy("certification", "application"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    reason = models.TextField(_("fraud found"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lift_reason = models.TextField(_("reason for lifting"), blank=True)

    objects = AwardBanQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("award ban")
        verbose_name_plural = _("award bans")

    def __str__(self) -> str:
        return f"{self.organization} {self.starts_on}–{self.ends_on}"


class AwardCallPage(SeoMixin, Page):
    """The call for nominations of one award round (申报通知), published on the site.

    Dates, levels, caps and the documents checklist come from the round, so the page always
    says what the system enforces; the editor writes the rest.
    """

    round = models.ForeignKey(
        Round,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"scheme__award__isnull": False},
    )
    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("call text"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("round"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types: list[str] = []
    template = "certification/awards/call_page.html"
    cache_areas = ("pages", "register")

    class Meta:
        verbose_name = _("award call page")
        verbose_name_plural = _("award call pages")

    def get_context(self, request, *args, **kwargs):
        from .services import call_context

        context = super().get_context(request, *args, **kwargs)
        if self.round_id:
            context.update(call_context(self.round))
        return context
