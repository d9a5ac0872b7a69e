"""The ISWA column: articles of the International Solid Waste Association, in Chinese and
English (each article is a page translated with Wagtail's i18n)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from website.core.blocks import BodyBlock
from website.core.models import SeoMixin
from website.core.routing import public

from .common import paginate, stream_text, with_image_renditions


class IswaIndexPage(SeoMixin, Page):
    PER_PAGE = 12

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["core.HomePage"]
    subpage_types = ["publications.IswaArticlePage"]
    template = "publications/iswa_index_page.html"
    cache_areas = ("pages", "news")

    class Meta:
        verbose_name = _("ISWA column")
        verbose_name_plural = _("ISWA columns")

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = public(IswaArticlePage.objects.child_of(self).live()).order_by("-date", "-pk")
        context["page_obj"] = paginate(
            request, with_image_renditions(articles, "featured_image"), self.PER_PAGE
        )
        return context


class IswaArticlePage(SeoMixin, Page):
    date = models.DateField(_("date"), default=timezone.localdate)
    iswa_source = models.CharField(
        _("ISWA source"),
        max_length=150,
        default="ISWA",
        help_text=_("e.g. ISWA news, Waste Management & Research, ISWA World Congress"),
    )
    source_url = models.URLField(_("source link"), blank=True)
    source_date = models.DateField(_("date at the source"), null=True, blank=True)
    summary = models.TextField(pgettext_lazy("publications", "summary"), max_length=400, blank=True)
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        MultiFieldPanel(
            [
                FieldPanel("iswa_source"),
                FieldRowPanel([FieldPanel("source_url"), FieldPanel("source_date")]),
            ],
            heading=_("Source"),
        ),
        FieldPanel("summary"),
        FieldPanel("featured_image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("iswa_source"),
        index.FilterField("date"),
    ]
    parent_page_types = ["publications.IswaIndexPage"]
    subpage_types: list[str] = []
    template = "publications/iswa_article_page.html"
    cache_areas = ("pages", "news")

    class Meta:
        verbose_name = _("ISWA article")
        verbose_name_plural = _("ISWA articles")

    def get_share_image(self):
        return self.share_image or self.featured_image

    def get_share_description(self) -> str:
        return self.search_description or self.summary or stream_text(self.body)
