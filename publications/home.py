"""The home page's sections: pinned notices, latest news, the ISWA column, the latest bulletins
and the drafts open for comment. Each runs a fixed number of queries and returns None when it
has nothing to show, so the home page of either language shows only what exists in it."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

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

NOTICES = 6
NEWS = 7
ISWA = 3


def _locale_id(home) -> int | None:
    return getattr(home, "locale_id", None)


def _index(model, home, **filters):
    return (
        model.objects.live().filter(locale_id=_locale_id(home), **filters).order_by("path").first()
    )


def notices(request, home) -> dict | None:
    """Pinned items first (any section), then the latest notices."""
    index = _index(NewsIndexPage, home, section=NewsSection.NOTICES)
    today = timezone.localdate()
    live = NewsPage.objects.live().public().filter(locale_id=_locale_id(home))
    pinned = list(
        live.filter(pin_to_home=True)
        .filter(Q(pinned_until__isnull=True) | Q(pinned_until__gte=today))
        .order_by("-date", "-pk")[:NOTICES]
    )
    items = list(pinned)
    if index is not None and len(items) < NOTICES:
        items += list(
            live.descendant_of(index)
            .exclude(pk__in=[item.pk for item in pinned])
            .order_by("-date", "-pk")[: NOTICES - len(items)]
        )
    if not items:
        return None
    pinned_ids = {item.pk for item in pinned}
    for item in items:
        item.pinned = item.pk in pinned_ids
    return {"index": index, "items": items}


def latest_news(request, home) -> dict | None:
    """The latest news of every section but the notices, the first with its picture."""
    centre = _index(NewsIndexPage, home, section=NewsSection.ALL)
    notices_index = _index(NewsIndexPage, home, section=NewsSection.NOTICES)
    news = NewsPage.objects.live().public().filter(locale_id=_locale_id(home))
    if notices_index is not None:
        news = news.exclude(path__startswith=notices_index.path)
    items = list(with_image_renditions(news.order_by("-date", "-pk"), "featured_image")[:NEWS])
    if not items:
        return None
    return {"index": centre, "lead": items[0], "items": items[1:]}


def iswa(request, home) -> dict | None:
    index = _index(IswaIndexPage, home)
    if index is None:
        return None
    items = list(
        with_image_renditions(
            IswaArticlePage.objects.child_of(index).live().public().order_by("-date", "-pk"),
            "featured_image",
        )[:ISWA]
    )
    return {"index": index, "items": items} if items else None


def bulletins(request, home) -> dict | None:
    """The latest issue of each periodical."""
    periodicals = list(
        BulletinIndexPage.objects.live().filter(locale_id=_locale_id(home)).order_by("path")
    )
    if not periodicals:
        return None
    latest_ids = []
    for periodical in periodicals:
        # Two periodicals, one small query each: bounded by the number of periodicals.
        issue = (
            BulletinIssuePage.objects.child_of(periodical)
            .live()
            .order_by("-year", "-issue_number")
            .values_list("pk", flat=True)
            .first()
        )
        if issue:
            latest_ids.append(issue)
    issues = list(
        with_image_renditions(
            BulletinIssuePage.objects.filter(pk__in=latest_ids).order_by("path"),
            "cover",
            *COVER_FILTERS,
        )
    )
    if not issues:
        return None
    return {"issues": issues, "periodicals": periodicals}


def standards(request, home) -> dict | None:
    """Drafts open for comment; otherwise the latest published standards."""
    index = _index(StandardIndexPage, home)
    if index is None:
        return None
    standards = GroupStandardPage.objects.child_of(index).live().public()
    today = timezone.localdate()
    open_ones = list(
        standards.filter(
            status=GroupStandardPage.Status.CONSULTATION, consultation_closes_on__gte=today
        ).order_by("consultation_closes_on")[:4]
    )
    published = list(
        standards.filter(status=GroupStandardPage.Status.PUBLISHED).order_by("-published_on")[:4]
    )
    if not open_ones and not published:
        return None
    return {"index": index, "open": open_ones, "published": published}
