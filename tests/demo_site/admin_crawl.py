"""Crawl the back office as a staff user: every listing, inspect, edit and history view.

The URLs come from the admin's URL patterns (every registered viewset, report and Wagtail
view under /admin/), objects from each viewset's model, one or two per model, so a new
viewset is crawled without touching the test. `crawl()` returns what it found wrong.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

# Object views worth reading (GET only shows them), by the last part of their URL name.
OBJECT_VIEWS = {"edit", "inspect", "history", "usage", "manage", "process", "detail"}
# Never fetched: sessions, error tests, password flows, choosers' fragments, autocomplete.
SKIPPED_NAMES = {
    "wagtailadmin_logout",
    "wagtailadmin_error_test",
    "wagtailadmin_login",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "wagtailadmin_dismissibles",
    "wagtailadmin_block_preview",
    "wagtailadmin_tag_autocomplete",
    "wagtailadmin_choose_page_chosen_multiple",
    "wagtailredirects:process_import",
}
SKIPPED_SUFFIXES = {"chosen_multiple", "create", "results"}
# API, downloads (exports, PDFs, templates) and editing-session pings.
SKIPPED_ROUTE_PARTS = ("/api/", ".xlsx", ".pdf", ".json", ".csv", "test404", "editing-sessions")
# Our apps' listings: their date columns are business dates, shown as dates.
OUR_LISTINGS = re.compile(r"^/admin/(members|certification|events|publications|reports/members)/")

# English Wagtail leaves in its zh-hans admin, and the site named by its host name.
ENGLISH_IN_CHINESE = [
    re.compile(pattern)
    for pattern in (
        r"\bExploring\b",
        r"\bReferenced \d+ times?\b",
        r"\bAutosave is\b",
        r"\bPages? created in\b",
        r"\bAnyone can edit this\b",
        r"\blocalhost\b",
    )
]
MACHINE_VALUES = {"True", "False", "None"}


@dataclass
class Target:
    url: str
    kind: str  # "listing" or the object view: "edit", "inspect", "history", ...
    namespace: str


@dataclass
class Report:
    role: str
    fetched: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    timings: list[tuple[float, str]] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, object]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), namespace + pattern.name, pattern


def _model_of(pattern: URLPattern) -> type[Model] | None:
    callback = pattern.callback
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is None:
        view_class = getattr(callback, "view_class", None)
        model = getattr(view_class, "model", None) if view_class else None
    return model if isinstance(model, type) and issubclass(model, Model) else None


def _sample(model: type[Model], per_model: int) -> list[Model]:
    manager = model._default_manager
    first = list(manager.order_by("pk")[:1])
    if per_model < 2:
        return first
    last = list(manager.order_by("-pk")[:1])
    return first + [obj for obj in last if not first or obj.pk != first[0].pk]


def admin_targets(*, per_model: int = 1) -> list[Target]:
    """The GET-able back-office URLs: listings, then each model's object views."""
    patterns = [
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if route.startswith("admin/")
    ]
    namespace_models: dict[str, type[Model]] = {}
    for _route, name, pattern in patterns:
        model = _model_of(pattern)
        if model and ":" in name:
            namespace_models.setdefault(name.rpartition(":")[0], model)

    listings: list[Target] = [Target("/admin/pages/", "listing", "wagtailadmin_explore")]
    objects: list[Target] = []
    seen: set[str] = {"/admin/pages/"}
    for route, name, pattern in patterns:
        namespace, _, suffix = name.rpartition(":")
        namespace = namespace or name
        if (
            name in SKIPPED_NAMES
            or suffix in SKIPPED_SUFFIXES
            or suffix.endswith("_results")
            or route.startswith("admin/pages/")  # pages: see page_targets()
            or "^" in route
            or any(part in route for part in SKIPPED_ROUTE_PARTS)
        ):
            continue
        converters = pattern.pattern.converters
        if not converters:
            url = "/" + route
            if url not in seen:
                seen.add(url)
                listings.append(Target(url, "listing", namespace))
            continue
        if suffix not in OBJECT_VIEWS or len(converters) != 1:
            continue
        model = _model_of(pattern) or namespace_models.get(namespace)
        if model is None:
            continue
        key = next(iter(converters))
        placeholder = re.search(rf"<(?:\w+:)?{key}>", route).group(0)
        for obj in _sample(model, per_model):
            url = "/" + route.replace(placeholder, str(obj.pk))
            if url not in seen:
                seen.add(url)
                objects.append(Target(url, suffix, namespace))
    return listings + objects


def sample_pages() -> list[Page]:
    """One page of each type, shallowest first (the home page first)."""
    pages: dict[int, Page] = {}
    for page in Page.objects.filter(depth__gt=1).order_by("depth", "pk"):
        pages.setdefault(page.content_type_id, page)
    return list(pages.values())


def page_targets(pages: list[Page]) -> list[Target]:
    targets = []
    for page in pages:
        targets += [
            Target(f"/admin/pages/{page.pk}/", "listing", "wagtailadmin_explore"),
            Target(f"/admin/pages/{page.pk}/edit/", "edit", "wagtailadmin_pages"),
            Target(f"/admin/pages/{page.pk}/history/", "history", "wagtailadmin_pages"),
        ]
    return targets


def _text(cell) -> str:
    return " ".join(cell.get_text(" ", strip=True).split())


def _header_of(cell) -> str:
    if cell.name == "dd":
        term = cell.find_previous_sibling("dt")
        return _text(term) if term else ""
    row, table = cell.find_parent("tr"), cell.find_parent("table")
    head = table.find("thead") if table else None
    if row is None or head is None:
        return ""
    index = row.find_all(["td", "th"], recursive=False).index(cell)
    headers = head.find_all("th")
    return _text(headers[index]) if index < len(headers) else ""


def machine_cells(soup) -> list[str]:
    """Listing cells and inspect values that read as Python (True/False/None), not words.

    A value's text includes what screen readers read (Wagtail's icons carry hidden text)."""
    return [
        f"{_header_of(cell) or cell.name}={_text(cell)}"
        for cell in soup.find_all(["td", "dd"])
        if _text(cell) in MACHINE_VALUES
    ]


def relative_dates(soup) -> list[str]:
    """Cells of our listings that show a date as "… 之前" (Wagtail's DateColumn)."""
    return [
        f"{_header_of(cell)}={_text(cell)}"
        for cell in soup.find_all("td")
        if cell.find(class_="w-human-readable-date")
    ]


def live_as_in_use(soup) -> list[str]:
    """Wagtail's zh_Hans calls a published page 在用 (in use); the site says 已发布."""
    return [
        f"status {_text(tag)!r}" for tag in soup.find_all(class_="w-status") if "在用" in _text(tag)
    ]


def english_words(soup) -> list[str]:
    for tag in soup(["script", "style", "template"]):
        tag.decompose()
    text = " ".join(soup.get_text(" ").split())
    return [match.group(0) for pattern in ENGLISH_IN_CHINESE for match in pattern.finditer(text)]


def check(target: Target, html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    if target.kind in {"listing", "inspect", "history", "usage", "detail"}:
        problems += machine_cells(soup)
    if target.kind == "listing" and OUR_LISTINGS.match(target.url):
        problems += [f"relative date {cell}" for cell in relative_dates(soup)]
    problems += live_as_in_use(soup)
    words = english_words(soup)
    if target.url.startswith("/admin/sites/"):
        words = [word for word in words if word != "localhost"]  # the host name column
    problems += [f"English {word!r}" for word in words]
    return sorted(set(problems))


def crawl(
    client, role: str, targets: list[Target], page_targets: list[Target], *, full: bool
) -> Report:
    """GET every target; a limited role reads the object views of what it may list."""
    report = Report(role)
    started = time.monotonic()
    listed: set[str] = set()
    for target in [*targets, *page_targets]:
        if target.kind != "listing" and not full and target.namespace not in listed:
            if target.namespace != "wagtailadmin_pages" or target.kind == "usage":
                continue
        before = time.monotonic()
        try:
            response = client.get(target.url)
        except Exception as error:  # noqa: BLE001 - a crash is what the crawl reports
            report.failures.append(f"{target.url}: {type(error).__name__}: {error}")
            continue
        report.fetched += 1
        report.timings.append((time.monotonic() - before, target.url))
        status = response.status_code
        report.statuses[status] = report.statuses.get(status, 0) + 1
        if status == 404:
            report.not_found.append(target.url)
        if status >= 500:
            report.failures.append(f"{target.url}: {status}")
            continue
        if status != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if target.kind == "listing":
            listed.add(target.namespace)
        problems = check(target, response.content.decode())
        if problems:
            report.failures.append(f"{target.url}: {', '.join(problems)}")
    report.seconds = time.monotonic() - started
    return report
