"""The home page's sections: pinned notices, latest news, the ISWA column, the latest bulletins
and the drafts open for comment.

The sections share one lookup of the publication index pages per request (two queries), so
a site without publications pays almost nothing and a full one a fixed number of queries.
Each section returns None when it has nothing to show, so the home page of either language
shows only what exists in that language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page

from website.core.cache import valid_through
from website.core.i18n import (
    by_source_path,
    in_default_language,
    localized_children,
    shown_in,
    under,
)
from website.core.routing import public

from .models import (
    BulletinIndexPage,
    BulletinIssuePage,
    GroupStandardPage,
    IswaArticlePage,
    IswaIndexPage,
    NewsIndexPage,
    NewsPage,
    NewsSection,
    StandardIndexPage,
)
from .models.bulletins import COVER_FILTERS
from .models.common import with_image_renditions

INDEX_MODELS = (NewsIndexPage, IswaIndexPage, StandardIndexPage, BulletinIndexPage)
NOTICES = 6
NEWS = 7
ISWA = 3
STANDARDS = 4


@dataclass
class HomeData:
    """What the sections of one home page need, looked up once per request."""

    home: Page
    news_indexes: dict[str, Page] = field(default_factory=dict)
    indexes: dict[type, list[Page]] = field(default_factory=dict)

    @classmethod
    def load(cls, home) -> HomeData:
        """Every publication index page of the home's language, in one query."""
        data = cls(home)
        models = {model._meta.model_name: model for model in INDEX_MODELS}
        pages = (
            Page.objects.live()
            .filter(
                locale_id=getattr(home, "locale_id", None),
                content_type__app_label="publications",
                content_type__model__in=list(models),
            )
            .annotate(model_name=F("content_type__model"), section=F("newsindexpage__section"))
            .order_by("path")
        )
        for page in pages:
            model = models[page.model_name]
            if model is NewsIndexPage:
                data.news_indexes.setdefault(page.section, page)  # the shallowest wins
            else:
                data.indexes.setdefault(model, []).append(page)
        return data

    def index(self, model) -> Page | None:
        found = self.indexes.get(model)
        return found[0] if found else None


def _of_locale(home) -> Q:
    """The home's language; in English, the Chinese items without a translation too."""
    return Q(locale_id=home.locale_id) if in_default_language() else shown_in(home.locale_id)


def _data(request, home) -> HomeData:
    cache = request.__dict__.setdefault("_publications_home", {})
    if home.pk not in cache:
        cache[home.pk] = HomeData.load(home)
    return cache[home.pk]


def notices(request, home) -> dict | None:
    """Pinned items first (any section), then the latest notices."""
    data = _data(request, home)
    if not data.news_indexes:
        return None
    index = data.news_indexes.get(NewsSection.NOTICES)
    live = public(NewsPage.objects.live().filter(_of_locale(home)))
    today = timezone.localdate()
    pinned = list(
        live.filter(pin_to_home=True)
        .filter(Q(pinned_until__isnull=True) | Q(pinned_until__gte=today))
        .order_by("-date", "-pk")[:NOTICES]
    )
    items = list(pinned)
    if index is not None and len(items) < NOTICES:
        items += list(
            live.filter(under(index))
            .exclude(pk__in=[item.pk for item in pinned])
            .order_by("-date", "-pk")[: NOTICES - len(items)]
        )
    if not items:
        return None
    pinned_ids = {item.pk for item in pinned}
    for item in items:
        item.pinned = item.pk in pinned_ids
    for item in pinned:
        valid_through(item.pinned_until)  # the list changes when a pin runs out
    return {"index": index, "items": items}


def latest_news(request, home) -> dict | None:
    """The latest news of every section but the notices, the first with its picture."""
    data = _data(request, home)
    if not data.news_indexes:
        return None
    news = public(NewsPage.objects.live().filter(_of_locale(home)))
    notices_index = data.news_indexes.get(NewsSection.NOTICES)
    if notices_index is not None:
        news = news.exclude(under(notices_index))
    items = list(with_image_renditions(news.order_by("-date", "-pk"), "featured_image")[:NEWS])
    if not items:
        return None
    return {"index": data.news_indexes.get(NewsSection.ALL), "lead": items[0], "items": items[1:]}


def iswa(request, home) -> dict | None:
    data = _data(request, home)
    index = data.index(IswaIndexPage)
    if index is None:
        return None
    articles = public(IswaArticlePage.objects.child_of(index).live())
    items = list(with_image_renditions(articles.order_by("-date", "-pk"), "featured_image")[:ISWA])
    return {"index": index, "items": items} if items else None


def bulletins(request, home) -> dict | None:
    """The latest issue of each periodical (found among the latest issues in one query)."""
    data = _data(request, home)
    periodicals = data.indexes.get(BulletinIndexPage, [])
    if not periodicals:
        return None
    recent = with_image_renditions(
        BulletinIssuePage.objects.live()
        .filter(_of_locale(home))
        .order_by("-year", "-issue_number", "-pk"),
        "cover",
        *COVER_FILTERS,
    )[: 6 * len(periodicals)]
    latest: dict[str, BulletinIssuePage] = {}
    shelves = by_source_path(periodicals)  # in English, the Chinese periodicals' paths too
    for issue in recent:
        periodical = shelves.get(issue.path[: -issue.steplen])
        if periodical is not None:
            latest.setdefault(periodical.path, issue)
    issues = [latest[p.path] for p in periodicals if p.path in latest]
    if not issues:
        return None
    return {"issues": issues, "periodicals": periodicals}


def standards(request, home) -> dict | None:
    """Drafts open for comment, and the latest published standards."""
    data = _data(request, home)
    index = data.index(StandardIndexPage)
    if index is None:
        return None
    standards = public(localized_children(index, GroupStandardPage.objects.all()).live())
    today = timezone.localdate()
    open_ones = list(
        standards.filter(
            status=GroupStandardPage.Status.CONSULTATION, consultation_closes_on__gte=today
        ).order_by("consultation_closes_on")[:STANDARDS]
    )
    published = list(
        standards.filter(status=GroupStandardPage.Status.PUBLISHED).order_by("-published_on")[
            :STANDARDS
        ]
    )
    for standard in open_ones:
        valid_through(standard.consultation_closes_on)  # leaves the list after its last day
    if not open_ones and not published:
        return None
    return {"index": index, "open": open_ones, "published": published}
