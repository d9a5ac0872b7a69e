"""Routing a request to its page in one query instead of two per path segment.

Wagtail's `Page.route()` walks the path one segment at a time: the child with the slug (a
query), then that child's specific form (another), so `/news/association/some-news/` costs
six queries before the page is known. The pages a path names are exactly the pages whose
`url_path` is one of the path's prefixes below the site's root, so they are read in one query
(through the slug index) and only the deepest is made specific.

The result is Wagtail's: the walk stops, and hands the rest of the path to the page's own
`route()`, at any page whose type routes differently from `Page.route()` (a routable page whose
sub-routes match the rest of the path, or any other override), and at the first segment with no
page, where the page's own `route()` decides (a routable page's sub-route, the English tree's
fallback to the Chinese page, or a 404).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.url_routing import RouteResult

from .cache import PAGES, cached_fragment, fragment_seconds, reads
from .i18n import LocaleFallbackMixin
from .kept_sql import kept_sql

# Route methods that only look up a child by its slug (in the visitor's language): the walk
# may go through pages with these without asking them.
PLAIN_ROUTES = frozenset({Page.route, LocaleFallbackMixin.route})


def route_below(
    root: Page,
    request: HttpRequest,
    path_components: Sequence[str],
    fallback: Callable[[HttpRequest, Sequence[str]], RouteResult],
) -> RouteResult:
    """The route of `path_components` below `root` (specific), as `root.route()` would find it.

    `fallback` is the root's own route, used when the path names no page below it.
    """
    components = list(path_components)
    if not components:
        return fallback(request, components)
    prefixes = []
    url_path = root.url_path
    for component in components:
        url_path += f"{component}/"
        prefixes.append(url_path)
    found = {
        page.url_path: page
        for page in _pages_named(components, prefixes)
        if page.path.startswith(root.path)
    }
    parent: Page = root
    walked = 0
    for position, prefix in enumerate(prefixes):
        page = found.get(prefix)
        if page is None:
            break
        page._cached_parent_obj = parent
        parent = page
        walked = position + 1
        if not _routes_by_slug(page, components[walked:]):
            break
    if walked == 0:
        return fallback(request, components)
    return specific(parent).route(request, components[walked:])


@kept_sql
def _pages_named(slugs: list[str], url_paths: list[str]):
    """The pages with one of these slugs at one of these url paths (the caller keeps those
    below its root: a url path names one page of the whole tree, so this is only a check)."""
    return Page.objects.filter(slug__in=slugs, url_path__in=url_paths)


_specific_rows: dict[type, Callable[[int], list]] = {}


def specific(page: Page) -> Page:
    """`page.specific` (Wagtail's `get_specific()`: the page in its own class, with what the
    generic instance holds copied over), its query compiled once per page type."""
    model = page.specific_class
    if model is None or isinstance(page, model) or "specific" in page.__dict__:
        return page.specific
    rows = _specific_rows.get(model)
    if rows is None:
        rows = _specific_rows.setdefault(model, kept_sql(_specific_query(model)))
    found = rows(page.pk)
    if not found:
        return page.specific  # gone since it was read: Wagtail's own answer (DoesNotExist)
    specific_page = found[0]
    for name, value in page.__dict__.items():
        specific_page.__dict__.setdefault(name, value)
    page.__dict__["specific"] = specific_page
    return specific_page


def _specific_query(model: type[Page]) -> Callable[[int], object]:
    def rows(page_id: int):
        return model._default_manager.filter(id=page_id)

    rows.__qualname__ = rows.__name__ = f"specific_{model._meta.label_lower}"
    return rows


def _routes_by_slug(page: Page, rest: list[str]) -> bool:
    """Whether `page.route(request, rest)` would only look up its child named `rest[0]`."""
    if not rest:
        return True
    model = page.specific_class
    if model is None:
        return False
    if model.route in PLAIN_ROUTES:
        return True
    if issubclass(model, RoutablePageMixin) and model.route is RoutablePageMixin.route:
        if not page.live:
            return True  # a routable page that is not live routes like any page
        try:
            model.get_resolver().resolve("/" + "/".join(rest) + "/")
        except (Resolver404, Http404):
            return True
        return False
    return False


def _kept_restrictions() -> tuple[list[str], list[str]]:
    """(the paths of the pages with a view restriction, the paths of the aliases), kept until
    the page tree changes: a restriction's change empties every area, an alias's "pages".
    Read before any view, so it declares nothing for the page being rendered."""

    def read() -> tuple[list[str], list[str]]:
        restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
        aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        return sorted(set(restricted)), sorted(set(aliases))

    return cached_fragment(
        "core:restrictions", read, fragment_seconds(), areas=[PAGES], declare=False
    )


def may_be_restricted(page: Page) -> bool:
    """Whether a view restriction may apply to `page`: one on it or an ancestor, or an alias
    on the way (whose source's restrictions apply). Serving a page asks Wagtail for its
    restrictions (two queries); almost no page has any, and the few paths where one may apply
    are kept until the page tree changes."""
    restricted, aliases = _kept_restrictions()
    return any(page.path.startswith(path) for path in (*restricted, *aliases))


def public(queryset: PageQuerySet) -> PageQuerySet:
    """`queryset.public()`: the pages no view restriction applies to (none on the page or an
    ancestor). Wagtail's reads every restriction and its page (a query) each time it is
    called; the restricted pages' paths are kept with the page tree (the ones serving a page
    reads), so a list of pages costs no query for them, and no condition while no page is
    restricted."""
    reads(PAGES)  # the list changes with the restrictions
    restricted, _ = _kept_restrictions()
    if not restricted:
        return queryset
    condition = Q()
    for path in restricted:
        condition |= Q(path__startswith=path)  # the page and its descendants
    return queryset.exclude(condition)
