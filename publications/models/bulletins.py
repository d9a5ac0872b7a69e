"""Bulletins: the periodicals 《中国环卫》 and 《环卫信息》 and their issues."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from website.core.blocks import BodyBlock
from website.core.i18n import localized_children
from website.core.models import SeoMixin

from .common import with_image_renditions

COVER_FILTERS = ("fill-240x340|format-webp", "fill-240x340|format-jpeg")


class ContentsEntryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    author = blocks.CharBlock(label=_("Author"), max_length=100, required=False)
    page_number = blocks.CharBlock(
        label=pgettext_lazy("publications", "Page"), max_length=10, required=False
    )
    summary = blocks.TextBlock(label=_("Summary"), required=False)

    class Meta:
        icon = "doc-full"


class ContentsBlock(blocks.StreamBlock):
    """The table of contents: column headings and the articles under them."""

    column = blocks.CharBlock(
        label=pgettext_lazy("publications", "Column"), max_length=60, icon="title"
    )
    entry = ContentsEntryBlock(label=_("Article"))


class BulletinIndexPage(SeoMixin, Page):
    """One periodical, e.g. 《中国环卫》, with its issues by year."""

    introduction = models.TextField(_("introduction"), blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=30, blank=True, help_text=_("e.g. 双月刊, 月刊")
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("frequency")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["publications.BulletinIssuePage"]
    template = "publications/bulletin_index_page.html"
    cache_areas = ("pages", "bulletins")

    class Meta:
        verbose_name = _("periodical")
        verbose_name_plural = _("periodicals")

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    def issues(self) -> models.QuerySet[BulletinIssuePage]:
        # Members-only issues are listed too: their contents are public, the rest is not.
        return (
            localized_children(self, BulletinIssuePage.objects.all())
            .live()
            .order_by("-year", "-issue_number", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        issues = list(with_image_renditions(self.issues(), "cover", *COVER_FILTERS))
        years: dict[int, list[BulletinIssuePage]] = {}
        for issue in issues:
            years.setdefault(issue.year, []).append(issue)
        context["years"] = years
        context["latest"] = issues[0] if issues else None
        return context


class BulletinIssuePage(SeoMixin, Page):
    """One issue: year, issue and total numbers, cover, contents, articles and the PDF.

    A members-only issue shows its contents to everyone and the rest to members
    (publications.services.bulletins keeps the page's view restriction in step).
    """

    year = models.PositiveSmallIntegerField(_("year"))
    issue_number = models.PositiveSmallIntegerField(_("issue number"), help_text=_("期"))
    total_number = models.PositiveIntegerField(
        _("total number"), null=True, blank=True, help_text=_("总第…期")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = models.TextField(_("introduction"), blank=True)
    contents = StreamField(ContentsBlock(), verbose_name=_("contents"), blank=True)
    body = StreamField(
        BodyBlock(),
        verbose_name=_("articles"),
        blank=True,
        help_text=_("Full text of selected articles (members only when the issue is)."),
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    members_only = models.BooleanField(
        _("members only"),
        default=False,
        help_text=_("Only members read the articles and the PDF; everyone sees the contents."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("year"),
                        FieldPanel("issue_number"),
                        FieldPanel("total_number"),
                    ]
                ),
                FieldPanel("published_on"),
            ],
            heading=_("Issue"),
        ),
        FieldPanel("cover"),
        FieldPanel("introduction"),
        FieldPanel("contents"),
        FieldPanel("body"),
        FieldPanel("pdf"),
        FieldPanel("members_only"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("contents"),
        index.FilterField("year"),
    ]
    parent_page_types = ["publications.BulletinIndexPage"]
    subpage_types: list[str] = []
    template = "publications/bulletin_issue_page.html"
    cache_areas = ("pages", "bulletins")

    class Meta:
        verbose_name = _("bulletin issue")
        verbose_name_plural = _("bulletin issues")

    def clean(self):
        super().clean()
        if self.year and not 1980 <= self.year <= 2100:
            raise ValidationError({"year": _("Enter a year between 1980 and 2100.")})
        parent = self.get_parent() if self.pk else None
        if parent is not None and self.year and self.issue_number:
            clash = (
                BulletinIssuePage.objects.child_of(parent)
                .filter(year=self.year, issue_number=self.issue_number)
                .exclude(pk=self.pk)
            )
            if clash.exists():
                raise ValidationError(
                    {"issue_number": _("This periodical already has this issue for the year.")}
                )

    def get_share_image(self):
        return self.share_image or self.cover

    def get_share_description(self) -> str:
        if self.search_description or self.introduction:
            return self.search_description or self.introduction
        titles = [block.value["title"] for block in self.contents if block.block_type == "entry"]
        return "；".join(titles[:4])

    def get_context(self, request, *args, **kwargs):
        from publications.access import can_read_bulletin

        context = super().get_context(request, *args, **kwargs)
        context["full_access"] = can_read_bulletin(request, self)
        context["periodical"] = self.get_parent()
        return context
