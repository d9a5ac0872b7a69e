"""Group standards (团体标准): from 立项 through 征求意见 with public comments to 发布 and
复审. The status and its dates change only through publications.services.standards."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website.core.blocks import BodyBlock
from website.core.cache import valid_from, valid_through, valid_today
from website.core.i18n import localized_children, prefetch_addresses
from website.core.models import SeoMixin
from website.core.routing import public
from website.core.states import StateMachine

from .common import PublicationError, paginate, querystring_without

# T/<code> nnn—yyyy, e.g. T/HW 003—2024 (an ASCII hyphen is accepted and stored as "—").
STANDARD_NUMBER = re.compile(r"^T/([A-Z]{2,10}) (\d{3,5})[—-](\d{4})$")


def normalize_standard_number(value: str) -> str:
    value = " ".join((value or "").replace("－", "-").replace("–", "-").split()).upper()
    match = STANDARD_NUMBER.match(value)
    if not match:
        raise ValidationError(
            _("Enter the number as T/<code> nnn—yyyy, for example T/HW 003—2024."),
            code="invalid",
        )
    code, serial, year = match.groups()
    return f"T/{code} {serial}—{year}"


class StandardIndexPage(SeoMixin, Page):
    PER_PAGE = 20

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["publications.GroupStandardPage"]
    template = "publications/standard_index_page.html"
    cache_areas = ("pages", "standards")

    class Meta:
        verbose_name = _("group standards index")
        verbose_name_plural = _("group standards indexes")

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        from publications.filters import StandardFilter

        context = super().get_context(request, *args, **kwargs)
        standards = public(localized_children(self, GroupStandardPage.objects.all()).live())
        filterset = StandardFilter(request.GET or None, queryset=standards)
        context["filter"] = filterset
        context["page_obj"] = paginate(request, filterset.qs, self.PER_PAGE)
        prefetch_addresses(list(context["page_obj"]), request)  # English: 2 queries
        context["querystring"] = querystring_without(request, "page")
        context["open_for_comment"] = [
            standard
            for standard in standards.filter(status=GroupStandardPage.Status.CONSULTATION)
            if standard.is_open_for_comment
        ]
        return context


class GroupStandardPage(SeoMixin, StateMachine, Page):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Approved for drafting")  # 立项
        DRAFTING = "drafting", _("Drafting")  # 起草
        CONSULTATION = "consultation", _("Open for comment")  # 征求意见
        REVIEW = "review", pgettext_lazy("publications", "Under review")  # 审查
        APPROVED = "approved", pgettext_lazy("publications", "Approved")  # 批准
        PUBLISHED = "published", pgettext_lazy("publications", "Published")  # 发布
        REEXAMINATION = "reexamination", _("Under re-examination")  # 复审
        WITHDRAWN = "withdrawn", pgettext_lazy("publications", "Withdrawn")  # 废止

    # Every allowed change of status (DESIGN §5): comments or the review may send a draft
    # back; the re-examination keeps (发布), revises (起草) or repeals (废止) a standard.
    transition_error = PublicationError
    TRANSITIONS = {
        Status.PROPOSED: {Status.DRAFTING, Status.WITHDRAWN},
        Status.DRAFTING: {Status.CONSULTATION, Status.WITHDRAWN},
        Status.CONSULTATION: {Status.DRAFTING, Status.REVIEW},
        Status.REVIEW: {Status.DRAFTING, Status.APPROVED},
        Status.APPROVED: {Status.PUBLISHED},
        Status.PUBLISHED: {Status.REEXAMINATION, Status.WITHDRAWN},
        Status.REEXAMINATION: {Status.PUBLISHED, Status.DRAFTING, Status.WITHDRAWN},
        Status.WITHDRAWN: set(),
    }
    # Kept from the database when a revision is published: the services own them.
    MANAGED_FIELDS = (
        "status",
        "number",
        "consultation_opens_on",
        "consultation_closes_on",
        "published_on",
        "implemented_on",
    )
    MIN_CONSULTATION_DAYS = 30

    number = models.CharField(
        _("standard number"),
        max_length=40,
        blank=True,
        help_text=_("T/<code> nnn—yyyy, given when the standard is published."),
    )
    plan_number = models.CharField(
        _("project number"), max_length=40, blank=True, help_text=_("e.g. 2024-05")
    )
    english_title = models.CharField(_("English title"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    lead_organization = models.CharField(_("lead drafting organization"), max_length=200)
    drafting_organizations = models.TextField(
        _("participating organizations"), blank=True, help_text=_("One per line.")
    )
    scope = models.TextField(_("scope"), blank=True)
    body = StreamField(
        BodyBlock(), verbose_name=pgettext_lazy("publications", "explanation"), blank=True
    )
    consultation_opens_on = models.DateField(_("comments open on"), null=True, blank=True)
    consultation_closes_on = models.DateField(_("comments close on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    implemented_on = models.DateField(_("in effect from"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("plan_number"), FieldPanel("english_title")]),
        MultiFieldPanel(
            [
                FieldPanel("status", read_only=True),
                FieldPanel("number", read_only=True),
                FieldRowPanel(
                    [
                        FieldPanel("consultation_opens_on", read_only=True),
                        FieldPanel("consultation_closes_on", read_only=True),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("published_on", read_only=True),
                        FieldPanel("implemented_on", read_only=True),
                    ]
                ),
            ],
            heading=_("Status (changed with the “Change status” button)"),
        ),
        FieldPanel("lead_organization"),
        FieldPanel("drafting_organizations"),
        FieldPanel("scope"),
        FieldPanel("body"),
        InlinePanel("documents", label=pgettext_lazy("publications", "Documents")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.AutocompleteField("number"),
        index.SearchField("english_title"),
        index.SearchField("scope"),
        index.SearchField("lead_organization"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]
    parent_page_types = ["publications.StandardIndexPage"]
    subpage_types: list[str] = []
    template = "publications/group_standard_page.html"
    cache_areas = ("pages", "standards")

    class Meta:
        verbose_name = _("group standard")
        verbose_name_plural = _("group standards")

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # Status and its dates follow the services, not whichever revision is published.
        for name in self.MANAGED_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def is_open_for_comment(self) -> bool:
        today = timezone.localdate()
        if self.status == self.Status.CONSULTATION and self.consultation_closes_on is not None:
            # A cached page that shows the answer expires when the period opens or closes.
            if self.consultation_opens_on is not None and today < self.consultation_opens_on:
                valid_from(self.consultation_opens_on)
            else:
                valid_through(self.consultation_closes_on)
        return (
            self.status == self.Status.CONSULTATION
            and self.consultation_closes_on is not None
            and (self.consultation_opens_on is None or self.consultation_opens_on <= today)
            and today <= self.consultation_closes_on
        )

    @property
    def days_left(self) -> int | None:
        if not self.is_open_for_comment:
            return None
        valid_today()  # the count changes every day
        return (self.consultation_closes_on - timezone.localdate()).days

    @property
    def display_number(self) -> str:
        return self.number or self.plan_number

    def get_share_description(self) -> str:
        return self.search_description or self.scope[:120]

    @cached_property
    def stage_documents(self) -> list[tuple[str, list[StandardDocument]]]:
        """The documents grouped by the stage they belong to, in the order of the stages."""
        documents = list(self.documents.select_related("document"))
        labels = dict(self.Status.choices)
        grouped = []
        for stage in self.Status.values:
            found = [document for document in documents if document.stage == stage]
            if found:
                grouped.append((labels[stage], found))
        return grouped

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["history"] = list(self.status_history().order_by("changed_at", "pk"))
        context["stages"] = [
            (label, value == self.status)
            for value, label in self.Status.choices
            if value not in (self.Status.REEXAMINATION, self.Status.WITHDRAWN)
        ]
        return context


class StandardDocument(Orderable):
    """A document of one stage: 立项书, 征求意见稿 and 编制说明, 送审稿, 报批稿, the standard."""

    page = ParentalKey(GroupStandardPage, on_delete=models.CASCADE, related_name="documents")
    stage = models.CharField(_("stage"), max_length=20, choices=GroupStandardPage.Status.choices)
    title = models.CharField(_("title"), max_length=200)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("stage"), FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("standard document")
        verbose_name_plural = _("standard documents")


class StandardComment(models.Model):
    """One public comment on a draft (征求意见稿) and how the drafters handled it."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not yet handled")
        ACCEPTED = "accepted", pgettext_lazy("publications", "Accepted")
        PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")

    standard = models.ForeignKey(
        GroupStandardPage,
        verbose_name=_("standard"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    name = models.CharField(pgettext_lazy("publications", "name"), max_length=50)
    organization = models.CharField(_("organization"), max_length=200)
    contact = models.CharField(
        _("phone or email"), max_length=100, help_text=_("Only the secretariat sees this.")
    )
    clause = models.CharField(
        _("clause"), max_length=50, help_text=_("Chapter or clause number, e.g. 5.2.3")
    )
    comment = models.TextField(pgettext_lazy("publications", "comment"), max_length=3000)
    proposed_change = models.TextField(_("proposed change"), max_length=3000, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    decision = models.CharField(
        _("handling"),
        max_length=20,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    handling_note = models.TextField(_("handling note"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["standard", "submitted_at", "pk"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")

    def __str__(self) -> str:
        return f"{self.organization}（{self.name}）: {self.clause}"
