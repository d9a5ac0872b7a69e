"""The policy library: laws, regulations, rules, normative documents, standards and the
association's own documents, each with its 文号, issuing body, dates and status."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website.core.blocks import BodyBlock
from website.core.i18n import localized_children, prefetch_addresses
from website.core.models import SeoMixin
from website.core.routing import public

from .common import paginate, querystring_without, stream_text


class PolicyIndexPage(SeoMixin, Page):
    PER_PAGE = 20

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["publications.PolicyDocumentPage"]
    template = "publications/policy_index_page.html"
    cache_areas = ("pages", "policies")

    class Meta:
        verbose_name = _("policy library")
        verbose_name_plural = _("policy libraries")

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    def documents(self) -> models.QuerySet[PolicyDocumentPage]:
        return public(localized_children(self, PolicyDocumentPage.objects.all()).live())

    def get_context(self, request, *args, **kwargs):
        from publications.filters import PolicyFilter

        context = super().get_context(request, *args, **kwargs)
        filterset = PolicyFilter(request.GET or None, queryset=self.documents())
        context["filter"] = filterset
        context["page_obj"] = paginate(request, filterset.qs, self.PER_PAGE)
        prefetch_addresses(list(context["page_obj"]), request)  # English: 2 queries
        context["querystring"] = querystring_without(request, "page")
        return context


class PolicyDocumentPage(SeoMixin, Page):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        AMENDED = "amended", _("Amended")
        REPEALED = "repealed", _("Repealed")

    class Category(models.TextChoices):
        LAW = "law", _("Law")
        ADMINISTRATIVE_REGULATION = "administrative_regulation", _("Administrative regulation")
        DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule")
        NORMATIVE_DOCUMENT = "normative_document", _("Normative document")
        STANDARD = "standard", _("Standard")
        ASSOCIATION_DOCUMENT = "association_document", _("Association document")

    document_number = models.CharField(
        _("document number"),
        max_length=80,
        blank=True,
        help_text=_("文号, e.g. 中环卫〔2024〕4号 or 建城〔2017〕253号"),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_FORCE
    )
    issued_on = models.DateField(pgettext_lazy("publications", "issued on"))
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed or amended on"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "publications.PolicyDocumentPage",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    summary = models.TextField(pgettext_lazy("publications", "summary"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("full text"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_body")]),
                FieldRowPanel([FieldPanel("category"), FieldPanel("status")]),
                FieldRowPanel(
                    [
                        FieldPanel("issued_on"),
                        FieldPanel("effective_on"),
                        FieldPanel("repealed_on"),
                    ]
                ),
                FieldPanel("superseded_by"),
            ],
            heading=_("Document"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.AutocompleteField("document_number"),
        index.SearchField("issuing_body"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("category"),
        index.FilterField("status"),
        index.FilterField("issued_on"),
    ]
    parent_page_types = ["publications.PolicyIndexPage"]
    subpage_types: list[str] = []
    template = "publications/policy_document_page.html"
    cache_areas = ("pages", "policies")

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")

    def clean(self):
        super().clean()
        if self.effective_on and self.issued_on and self.effective_on < self.issued_on:
            raise ValidationError(
                {"effective_on": _("A document cannot take effect before it is issued.")}
            )
        if self.status == self.Status.IN_FORCE and self.repealed_on:
            raise ValidationError(
                {"repealed_on": _("A document in force has no repeal or amendment date.")}
            )

    @property
    def is_repealed(self) -> bool:
        return self.status == self.Status.REPEALED

    @property
    def is_amended(self) -> bool:
        return self.status == self.Status.AMENDED

    def get_share_description(self) -> str:
        if self.search_description or self.summary:
            return self.search_description or self.summary
        return stream_text(self.body) or " ".join(
            part for part in (self.issuing_body, self.document_number) if part
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = list(self.attachments.select_related("document"))
        return context


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyDocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Empty: the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def label(self) -> str:
        return self.title or self.document.title
