"""What the publication page types share."""

from __future__ import annotations

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images import get_image_model

from website.core.pagination import CachedCountPaginator

# Renditions a list shows for each item's image: two widths in WebP and JPEG, so the browser
# picks what fits its screen (the `picture` tag in the templates uses the same specs).
THUMBNAIL_SPECS = ("fill-360x225", "fill-720x450")
THUMBNAIL_FORMATS = ("format-webp", "format-jpeg")


class PublicationError(Exception):
    """What a user asked for breaks a publishing rule (shown to them as a message)."""


def thumbnail_filters() -> list[str]:
    return [f"{spec}|{fmt}" for spec in THUMBNAIL_SPECS for fmt in THUMBNAIL_FORMATS]


def with_image_renditions(queryset: models.QuerySet, field: str, *filters: str):
    """Fetch each row's image and its renditions in two queries, whatever the number of rows."""
    image_model = get_image_model()
    images = image_model.objects.prefetch_renditions(*(filters or thumbnail_filters()))
    return queryset.prefetch_related(Prefetch(field, queryset=images))


def paginate(
    request: HttpRequest,
    items,
    per_page: int,
    *,
    count_key: str | None = None,
    areas: tuple[str, ...] = (),
) -> PaginatorPage:
    """One page of items; a missing, malformed or out-of-range number gives a valid page.

    With `count_key` (the list and its filters, not the page number) the number of items is
    kept until one of `areas` changes, so the pages of a list share one count.
    """
    if count_key is None:
        return Paginator(items, per_page).get_page(request.GET.get("page"))
    paginator = CachedCountPaginator(items, per_page, count_key=count_key, areas=areas)
    return paginator.get_page(request.GET.get("page"))


def stream_text(stream, length: int = 120) -> str:
    """The start of a StreamField's text, for share descriptions and feeds."""
    for block in stream or []:
        if block.block_type in ("paragraph", "text", "callout"):
            source = block.value.get("text") if block.block_type == "callout" else block.value
            text = " ".join(strip_tags(str(getattr(source, "source", source))).split())
            if text:
                return Truncator(text).chars(length)
    return ""


def int_param(request: HttpRequest, name: str, *, low: int, high: int) -> int | None:
    """An integer query parameter within bounds, or None for anything else."""
    try:
        value = int(request.GET.get(name, ""))
    except (TypeError, ValueError):
        return None
    return value if low <= value <= high else None


def text_param(request: HttpRequest, name: str, *, max_length: int = 100) -> str:
    """A short text query parameter; one holding a NUL byte (which PostgreSQL refuses in
    any text comparison) counts as absent."""
    value = request.GET.get(name, "").strip()[:max_length]
    return "" if "\x00" in value else value


def querystring_without(request: HttpRequest, *names: str) -> str:
    """The current query string minus some parameters (for pagination links)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()
