"""Extension points the apps fill: sections of the home page and of the member portal.

An app registers a section in its AppConfig.ready(); the page that shows the sections renders
them in order. A section whose context function returns None is left out (nothing to show,
or not for this user). A section names the page-cache areas it reads (website.core.cache), so
that the home page is emptied by a change there; one that names none depends on all of them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

ContextFunction = Callable[[HttpRequest, Any], dict | None]


@dataclass(order=True)
class Section:
    order: int
    key: str = field(compare=False)
    template: str = field(compare=False)
    get_context: ContextFunction = field(compare=False)
    slot: str = field(default="main", compare=False)
    areas: tuple[str, ...] = field(default=(), compare=False)


class SectionRegistry:
    """`cached=True` (the home page): a section that names its areas is kept rendered in the
    cache, per page and language, until one of its areas or the page tree changes or the
    date boundary it declared passes (website.core.cache.cached_fragment). Only for sections
    that show the same to every visitor."""

    def __init__(self, *, cached: bool = False) -> None:
        self._sections: dict[str, Section] = {}
        self.cached = cached

    def register(
        self,
        key: str,
        *,
        template: str,
        get_context: ContextFunction,
        order: int = 100,
        slot: str = "main",
        areas: Iterable[str] = (),
    ) -> None:
        # Registering the same key again replaces it, so ready() may run twice safely.
        self._sections[key] = Section(order, key, template, get_context, slot, tuple(areas))

    def unregister(self, key: str) -> None:
        self._sections.pop(key, None)

    def sections(self) -> list[Section]:
        return sorted(self._sections.values())

    def render_all(self, request: HttpRequest, obj: Any = None) -> dict[str, list[SafeString]]:
        """Render every section; returns the HTML grouped by slot, in order."""
        from .cache import cache_areas, reads

        slots: dict[str, list[SafeString]] = {}
        for section in self.sections():
            reads(*(section.areas or cache_areas.names()))
            if self.cached and section.areas:
                html = self._cached(section, request, obj)
            else:
                html = self._render(section, request, obj)
            if html is not None:
                slots.setdefault(section.slot, []).append(SafeString(html))
        return slots

    @staticmethod
    def _render(section: Section, request: HttpRequest, obj: Any) -> str | None:
        context = section.get_context(request, obj)
        if context is None:
            return None
        return render_to_string(section.template, context, request=request)

    def _cached(self, section: Section, request: HttpRequest, obj: Any) -> str | None:
        from django.utils import translation

        from .cache import PAGES, cached_fragment, fragment_seconds

        key = ":".join(
            (
                "fragment:section",
                section.key,
                str(getattr(obj, "pk", "")),
                translation.get_language() or "",
                request.get_host(),
            )
        )
        return cached_fragment(
            key,
            lambda: self._render(section, request, obj),
            fragment_seconds(),
            areas=(*section.areas, PAGES),
        )


home_sections = SectionRegistry(cached=True)
portal_sections = SectionRegistry()


LinkFunction = Callable[[HttpRequest], list[tuple[str, str]]]


@dataclass(order=True)
class NavEntry:
    order: int
    key: str = field(compare=False)
    get_links: LinkFunction = field(compare=False)


class NavRegistry:
    """Links an app adds to the member portal's navigation: get_links(request) returns
    (label, url) pairs for this user (none to show nothing)."""

    def __init__(self) -> None:
        self._entries: dict[str, NavEntry] = {}

    def register(self, key: str, *, get_links: LinkFunction, order: int = 100) -> None:
        self._entries[key] = NavEntry(order, key, get_links)

    def unregister(self, key: str) -> None:
        self._entries.pop(key, None)

    def links(self, request: HttpRequest) -> list[tuple[str, str]]:
        result: list[tuple[str, str]] = []
        for entry in sorted(self._entries.values()):
            result.extend(entry.get_links(request))
        return result


portal_nav = NavRegistry()
