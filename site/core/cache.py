"""A page cache for anonymous visitors that publishing and data changes invalidate.

Anonymous pages carry nothing per user, so one rendering serves every visitor until something
changes. Invalidation bumps a generation number kept in the shared cache; every web process
sees the new number at once, and old entries simply expire. Each entry carries the generation
it was rendered in, so a hit costs one round trip to the cache (the number and the page
together), which is what keeps a cached page about as cheap as a bare Django view.

Pages that depend on today's date (a publicity window, a registration window, a comment period,
an event's start) are right only until a boundary nobody saves anything at. What renders them
declares that boundary: `valid_until(moment)`, `valid_through(day)` (right until the end of
that day, Beijing time) or `valid_today()` (until the next midnight). The declarations of one
request are collected in a context variable; the page cache keeps the response only until the
earliest of them, and `cached_fragment()` keeps a fragment's boundary with it, so a page built
from a cached fragment still learns when the fragment goes stale.
"""

import datetime
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_response_headers

T = TypeVar("T")

GENERATION_KEY = "pagecache:generation"
CACHEABLE_PREFIXES_EXCLUDED = ("/admin/", "/auth/", "/account/", "/django-admin/", "/static/")


def current_generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        generation = cache.get(GENERATION_KEY, 1)
    return generation


def invalidate_page_cache(*args, **kwargs) -> None:
    """Forget every cached page. Safe to connect directly to any signal."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


class Validity:
    """The earliest moment at which what was rendered in one scope stops being right."""

    def __init__(self) -> None:
        self.until: datetime.datetime | None = None

    def limit(self, moment: datetime.datetime | None) -> None:
        if moment is not None and (self.until is None or moment < self.until):
            self.until = moment

    def seconds_left(self, now: datetime.datetime | None = None) -> float | None:
        if self.until is None:
            return None
        return (self.until - (now or timezone.now())).total_seconds()


_validity: ContextVar[Validity | None] = ContextVar("page_validity", default=None)


@contextmanager
def validity_scope() -> Iterator[Validity]:
    """Collect the declarations made inside; on leaving, they count for the outer scope too."""
    validity = Validity()
    token = _validity.set(validity)
    try:
        yield validity
    finally:
        _validity.reset(token)
        valid_until(validity.until)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def valid_until(moment: datetime.datetime | None) -> None:
    """What is being rendered stops being right at `moment` (None: no date boundary)."""
    validity = _validity.get()
    if validity is not None:
        validity.limit(moment)


def valid_through(day: datetime.date | None) -> None:
    """What is being rendered is right until the end of `day` (e.g. a window's last day)."""
    if day is not None:
        valid_until(start_of_day(day + datetime.timedelta(days=1)))


def valid_from(day: datetime.date | None) -> None:
    """What is being rendered changes when `day` begins (e.g. a window's first day)."""
    if day is not None:
        valid_until(start_of_day(day))


def valid_today() -> None:
    """What is being rendered changes every day (e.g. "3 days left"): until next midnight."""
    valid_through(timezone.localdate())


def cached_fragment(key: str, compute: Callable[[], T], timeout: int) -> T:
    """`compute()`, kept in the cache for `timeout` seconds or until the boundary it declared.

    A hit declares the stored boundary again, so the page that uses the fragment expires with
    it. The key should carry the page cache's generation when saves change the fragment.
    """
    entry = cache.get(key)
    now = timezone.now()
    if entry is not None:
        value, until = entry
        if until is None or now < until:
            valid_until(until)
            return value
    with validity_scope() as validity:
        value = compute()
    seconds = validity.seconds_left(now)
    if seconds is None or seconds > 0:
        cache.set(key, (value, validity.until), _ttl(timeout, seconds))
    return value


def _ttl(timeout: int, seconds_left: float | None) -> int:
    if seconds_left is None:
        return timeout
    return max(1, min(timeout, int(seconds_left) + 1))


def _cache_key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}".encode()
    return f"pagecache:{hashlib.sha256(raw).hexdigest()}"


def _excluded_prefixes() -> tuple[str, ...]:
    # PAGE_CACHE_EXCLUDED_PREFIXES adds paths, e.g. the benchmark's bare view (tests/perf).
    return CACHEABLE_PREFIXES_EXCLUDED + tuple(
        getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ())
    )


def _is_anonymous_candidate(request: HttpRequest, excluded: tuple[str, ...] | None = None) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and settings.CSRF_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(excluded or _excluded_prefixes())
        and "preview" not in request.GET
    )


class AnonymousPageCacheMiddleware:
    """Serve and store full responses for visitors without a session or CSRF cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)
        self.excluded = _excluded_prefixes()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.timeout <= 0 or not _is_anonymous_candidate(request, self.excluded):
            return self.get_response(request)
        key = _cache_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or current_generation()
        entry = found.get(key)
        if entry is not None and len(entry) == 3 and entry[0] == generation:
            # The cache's own expiry follows the boundary too; checking it here as well keeps
            # a page right whatever the cache backend's clock says.
            until, cached = entry[1], entry[2]
            if until is None or timezone.now() < until:
                cached["X-Page-Cache"] = "hit"
                return cached
        with validity_scope() as validity:
            response = self.get_response(request)
            if self._storable(request, response):
                patch_response_headers(response, cache_timeout=0)
                response["Cache-Control"] = "no-cache"
                if hasattr(response, "render") and callable(response.render):
                    response.render()  # a template response declares while it renders
                seconds = validity.seconds_left()
                if seconds is None or seconds > 0:
                    timeout = _ttl(self.timeout, seconds)
                    cache.set(key, (generation, validity.until, response), timeout)
                response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        # A page that set a cookie (a form's CSRF token, a session, messages) is personal.
        if response.status_code != 200 or response.cookies or response.streaming:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
            return False
        if getattr(request, "session", None) is not None and request.session.modified:
            return False
        cache_control = response.get("Cache-Control", "")
        return "private" not in cache_control and "no-store" not in cache_control
