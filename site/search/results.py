"""The site search: which pages are searched, and how each result is shown."""

import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.http import HttpRequest
from django.utils.safestring import SafeString
from wagtail.models import Page
from wagtail.search import index

from website.core.routing import public

from .highlight import has_match, highlight, snippet

# Longest query kept; longer ones are cut (and the visitor told).
MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]+")


def clean_query(raw: str) -> str:
    """The query as typed, without control characters or runs of spaces."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", raw).split())


def sections_for(request: HttpRequest) -> list[Page]:
    """Top-level sections of the site in the visitor's language, to narrow a search."""
    from django.utils.translation import get_language

    from website.core.cache import PAGES, cached_fragment, fragment_seconds
    from website.core.sites import find_for_request

    site = find_for_request(request)
    if site is None:
        return []

    def read() -> list[Page]:
        home = site.root_page.localized
        return list(public(home.get_children().live()))

    # The site's sections change with the page tree only: kept per site and language.
    key = f"search:sections:{site.pk}:{get_language()}"
    return cached_fragment(key, read, fragment_seconds(), areas=[PAGES])


def search_pages(query: str, section: Page | None = None):
    """Live public pages matching `query`, best first, as their specific classes.

    The result is lazy: counting and slicing it (a paginator) runs one query each, then one
    query per page type on the slice.
    """
    pages = public(Page.objects.live()).filter(depth__gt=1)
    if section is not None:
        pages = pages.descendant_of(section, inclusive=True)
    return pages.specific().search(query)


def page_text(page: Page) -> str:
    """The text of a page's own searchable fields (title and related objects left out).

    Related objects and methods are skipped so that a page of results costs no queries.
    """
    texts = []
    seen = {"title"}
    for field in page.get_search_fields():
        if not isinstance(field, index.SearchField) or field.field_name in seen:
            continue
        seen.add(field.field_name)
        try:
            model_field = field.get_field(type(page))
        except FieldDoesNotExist:
            continue
        if model_field.is_relation:
            continue
        texts.append(_flatten(field.get_value(page)))
    return " ".join(text for text in texts if text)


def _flatten(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_flatten(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_flatten(item) for item in value.values())
    return str(value)


@dataclass(frozen=True)
class SearchResult:
    page: Page
    url: str | None
    title: SafeString
    snippet: SafeString
    section: str


def build_results(
    request: HttpRequest,
    pages,
    pattern: re.Pattern[str] | None,
    sections: list[Page],
) -> list[SearchResult]:
    """Titles and snippets with the query's words marked, and each page's section."""
    section_titles = {section.path: section.title for section in sections}
    prefix_length = len(sections[0].path) if sections else 0
    results = []
    for page in pages:
        text = page_text(page)
        if not has_match(text, pattern) and page.search_description:
            text = page.search_description
        in_section = page.path[:prefix_length] if page.path not in section_titles else ""
        results.append(
            SearchResult(
                page=page,
                url=page.get_url(request),
                title=highlight(page.title, pattern),
                snippet=snippet(text, pattern),
                section=section_titles.get(in_section, ""),
            )
        )
    return results
