"""News: a news centre with sections (协会动态, 通知公告, 行业资讯, 会员动态, branch news)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from website.core.blocks import BodyBlock
from website.core.i18n import (
    by_source_path,
    in_default_language,
    prefetch_addresses,
    shown_in,
    under,
)
from website.core.models import SeoMixin
from website.core.routing import public
from website.core.slugs import ShortSlugMixin

from .common import (
    int_param,
    paginate,
    querystring_without,
    stream_text,
    text_param,
    with_image_renditions,
)


class NewsSection(models.TextChoices):
    ALL = "all", _("All news")
    ASSOCIATION = "association", _("Association news")
    NOTICES = "notices", _("Notices")
    INDUSTRY = "industry", _("Industry news")
    MEMBERS = "members", _("Member news")
    BRANCH = "branch", _("Branch news")


class NewsIndexPage(RoutablePageMixin, SeoMixin, Page):
    """A news section, or the news centre (section "all") that lists every section.

    The section of a news item is its parent index's; the news centre filters by it through
    page paths, so nothing is stored twice.
    """

    PER_PAGE = 15

    section = models.CharField(
        _("section"), max_length=20, choices=NewsSection.choices, default=NewsSection.ASSOCIATION
    )
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("section"), FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = [
        "core.HomePage",
        "publications.NewsIndexPage",
        "publications.BranchPage",
    ]
    subpage_types = ["publications.NewsIndexPage", "publications.NewsPage"]
    template = "publications/news_index_page.html"
    cache_areas = ("pages", "news")

    class Meta:
        verbose_name = _("news index")
        verbose_name_plural = _("news indexes")

    @property
    def is_news_centre(self) -> bool:
        return self.section == NewsSection.ALL

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    # Which news this index lists --------------------------------------------------------

    def news(self) -> models.QuerySet[NewsPage]:
        """Live, public news of this index: the whole locale for the centre, else below it.

        In English, the Chinese news without a translation too (website.core.i18n).
        """
        return self._news_of_locale().order_by("-date", "-pk")

    def _news_of_locale(self) -> models.QuerySet[NewsPage]:
        if in_default_language():
            queryset = public(NewsPage.objects.live()).filter(locale_id=self.locale_id)
            return queryset if self.is_news_centre else queryset.descendant_of(self)
        queryset = public(NewsPage.objects.live()).filter(shown_in(self.locale_id))
        return queryset if self.is_news_centre else queryset.filter(under(self))

    def sections(self) -> list[NewsIndexPage]:
        """The live section indexes of this locale, for labels and the filter.

        Kept per language until the page tree or the news change (two queries otherwise).
        A branch's news index is labelled with the branch's name (its parent's title).
        """
        from website.core.cache import PAGES, cached_fragment, fragment_seconds

        key = f"publications:news-sections:{self.locale_id}:{get_language()}"
        return cached_fragment(key, self._read_sections, fragment_seconds(), areas=["news", PAGES])

    def _read_sections(self) -> list[NewsIndexPage]:
        indexes = list(
            NewsIndexPage.objects.live()
            .filter(
                Q(locale_id=self.locale_id) if in_default_language() else shown_in(self.locale_id)
            )
            .exclude(section=NewsSection.ALL)
            .only(
                "id",
                "title",
                "slug",
                "section",
                "path",
                "depth",
                "url_path",
                "locale_id",
                "translation_key",
            )
            .order_by("path")
        )
        branch_parents = [
            found.path[: -self.steplen] for found in indexes if found.section == NewsSection.BRANCH
        ]
        titles = (
            dict(Page.objects.filter(path__in=branch_parents).values_list("path", "title"))
            if branch_parents
            else {}
        )
        for found in indexes:
            found.label = titles.get(found.path[: -self.steplen], found.title)
        return indexes

    def filtered_news(self, request, sections: list[NewsIndexPage]):
        """The news after the visitor's filters; unknown values are ignored, never an error."""
        queryset = self.news()
        active: dict[str, object] = {}
        section = request.GET.get("section", "")
        if self.is_news_centre and section in NewsSection.values:
            paths = [
                path for path, found in by_source_path(sections).items() if found.section == section
            ]
            condition = Q(pk__in=[])
            for index_path in paths:
                condition |= Q(path__startswith=index_path)
            queryset = queryset.filter(condition)
            active["section"] = section
        year = int_param(request, "year", low=1949, high=2100)
        if year:
            start = datetime.date(year, 1, 1)
            queryset = queryset.filter(date__gte=start, date__lt=start.replace(year=year + 1))
            active["year"] = year
        tag = text_param(request, "tag")
        if tag:
            queryset = queryset.filter(tags__name=tag)
            active["tag"] = tag
        return queryset, active

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = self.sections()
        queryset, active = self.filtered_news(request, sections)
        queryset = with_image_renditions(queryset, "featured_image")
        # In English the list holds untranslated Chinese news too: a count per language.
        list_key = f"{self.pk}:{get_language()}:{sorted(active.items())}"
        page_obj = paginate(
            request,
            queryset,
            self.PER_PAGE,
            count_key=f"publications:news:{list_key}",
            areas=("news", "pages"),
        )

        def items() -> list[NewsPage]:
            """The page's rows, read only when the list is rendered (not when kept)."""
            shown = list(page_obj)
            prefetch_addresses(shown, request)
            by_path = by_source_path(sections)
            for item in shown:
                item.section_index = by_path.get(item.path[: -NewsPage.steplen])
            return shown

        years, tags = self.facets()
        context.update(
            page_obj=page_obj,
            news_items=SimpleLazyObject(items),
            # The rendered list is kept per list, filter and page number, the filter form per
            # list and filter (the template).
            list_key=f"{list_key}:{page_obj.number}",
            filters_key=list_key,
            sections=[found for found in sections if found.section != NewsSection.BRANCH]
            if self.is_news_centre
            else [],
            section_choices=[
                (value, label)
                for value, label in NewsSection.choices
                if value != NewsSection.ALL and any(s.section == value for s in sections)
            ]
            if self.is_news_centre
            else [],
            years=years,
            tags=tags,
            active=active,
            querystring=querystring_without(request, "page"),
        )
        return context

    def facets(self) -> tuple[list[int], list[str]]:
        """The years and the 20 most used tags of this index's news, for the filter form.

        Both read every news item of the index (tens of milliseconds at 10,000 news), and they
        change only when news change: so they are computed once per change and index, not on
        every uncached visit.
        """
        from django.utils import translation

        from website.core.cache import cached_fragment, fragment_seconds

        def compute() -> tuple[list[int], list[str]]:
            news = self._news_of_locale()
            return (
                [d.year for d in news.dates("date", "year", order="DESC")],
                NewsPageTag.popular_tags(news, limit=20),
            )

        key = f"publications:news-facets:{self.pk}:{translation.get_language()}"
        return cached_fragment(key, compute, fragment_seconds(), areas=["news"])

    # Feeds ------------------------------------------------------------------------------

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from publications.feeds import NewsFeed

        return NewsFeed(self, atom=False)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from publications.feeds import NewsFeed

        return NewsFeed(self, atom=True)(request)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "publications.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    @staticmethod
    def popular_tags(news: models.QuerySet, *, limit: int) -> list[str]:
        """The most used tag names among some news, in one query."""
        rows = (
            NewsPageTag.objects.filter(content_object__in=news.values("pk"))
            .values("tag__name")
            .annotate(uses=models.Count("pk"))
            .order_by("-uses", "tag__name")[:limit]
        )
        return [row["tag__name"] for row in rows]


class NewsPage(ShortSlugMixin, SeoMixin, Page):
    """One news item or notice. Notices may carry a document number and be pinned home.

    Its address is short ASCII (website.core.slugs): news is shared in WeChat.
    """

    date = models.DateField(_("date"), default=timezone.localdate)
    document_number = models.CharField(
        _("document number"),
        max_length=60,
        blank=True,
        help_text=_("For notices and circulars, e.g. 中环卫〔2024〕4号."),
    )
    summary = models.TextField(
        pgettext_lazy("publications", "summary"),
        max_length=300,
        blank=True,
        help_text=_("Shown in lists and when shared."),
    )
    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("e.g. 协会秘书处, 住房和城乡建设部")
    )
    author = models.CharField(_("author"), max_length=100, blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, verbose_name=_("tags"), blank=True)
    pin_to_home = models.BooleanField(
        _("pin to the home page"),
        default=False,
        help_text=_("Pinned items head the notices on the home page."),
    )
    pinned_until = models.DateField(
        _("pinned until"), null=True, blank=True, help_text=_("Empty: pinned until unpinned.")
    )

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("document_number")]),
        FieldPanel("summary"),
        FieldPanel("featured_image"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("author")]),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("pin_to_home"), FieldPanel("pinned_until")])],
            heading=_("Home page"),
        ),
        InlinePanel("related_links", label=_("Related items"), max_num=6),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("document_number"),
        index.SearchField("source"),
        index.AutocompleteField("document_number"),
        index.FilterField("date"),
        index.FilterField("pin_to_home"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["publications.NewsIndexPage"]
    subpage_types: list[str] = []
    template = "publications/news_page.html"
    cache_areas = ("pages", "news")

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        indexes = [models.Index(fields=["-date"], name="news_date_idx")]

    def get_share_image(self):
        return self.share_image or self.featured_image

    def get_share_description(self) -> str:
        return self.search_description or self.summary or stream_text(self.body)

    @cached_property
    def section_index(self) -> NewsIndexPage | None:
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def is_pinned(self) -> bool:
        return self.pin_to_home and (
            self.pinned_until is None or self.pinned_until >= timezone.localdate()
        )

    def related_items(self, limit: int = 4, tags=None) -> list[NewsPage]:
        """Chosen related news first, then the latest news sharing a tag, then the section's.

        The same queries whatever the number of news (`tags`: this page's, when already read):
        the latest sharing a tag and the latest of the section are both fetched, each an index
        scan by date. A join on the tags with DISTINCT, or one query for both, sorts all the
        news instead: 20 ms with 10,000 news against 2-4 ms.
        """
        chosen = [
            link.page for link in self.related_links.select_related("page").all() if link.page.live
        ]
        items = chosen[:limit]
        want = limit - len(items)
        if want > 0:
            tag_ids = [tag.pk for tag in (self.tags.all() if tags is None else tags)]
            base = (
                public(NewsPage.objects.live())
                .exclude(pk__in=[self.pk, *(page.pk for page in items)])
                .order_by("-date", "-pk")
            )
            tagged = NewsPageTag.objects.filter(tag_id__in=tag_ids).values("content_object_id")
            sharing = list(base.filter(pk__in=tagged)[:want]) if tag_ids else []
            section = base.filter(path__startswith=self.path[: -self.steplen], depth=self.depth)
            found = {page.pk for page in sharing}
            items += [*sharing, *(page for page in section[:want] if page.pk not in found)][:want]
        return items

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tags"] = tags = list(self.tags.all())
        # Read only when the related list is rendered, not when its kept HTML is shown.
        context["related_items"] = SimpleLazyObject(lambda: self.related_items(tags=tags))
        return context


class NewsRelatedPage(Orderable):
    source_page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("related item")
        verbose_name_plural = _("related items")
