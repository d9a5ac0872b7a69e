"""A page cache for anonymous visitors that publishing and data changes invalidate, by area.

Anonymous pages carry nothing per user, so one rendering serves every visitor until something
changes. What changes is told apart by AREA ("pages", "news", "directory", ...): each app
declares which of its models empty which areas (`cache_areas.watch()` in its AppConfig.ready),
and whatever renders a page declares the areas it reads (`reads()`: a page class's
`cache_areas`, a view's `@reads_areas(...)`, a home-page section's `areas`). Each area has a
generation number in the shared cache; a change bumps the numbers of its areas, every web
process sees them at once, and a cached page whose areas all kept their numbers is still right.
So the nightly membership sweep empties the directory, not the news. A page that declares no
area depends on all of them. A hit costs one round trip to the cache (the page and every
area's number together), which keeps a cached page about as cheap as a bare Django view.

Pages that depend on today's date (a publicity window, a registration window, a comment period,
an event's start) are right only until a boundary nobody saves anything at. What renders them
declares that boundary: `valid_until(moment)`, `valid_through(day)` (right until the end of
that day, Beijing time) or `valid_today()` (until the next midnight). The declarations of one
request are collected in a context variable; the page cache keeps the response only until the
earliest of them, and `cached_fragment()` keeps a fragment's boundary and areas with it, so a
page built from a cached fragment still learns when the fragment goes stale.
"""

import datetime
import functools
import hashlib
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_response_headers

T = TypeVar("T")

PAGES = "pages"  # the page tree, the menu and the site settings: every page's frame
# /healthz: never from the cache, and it must answer (503) when the cache is down.
CACHEABLE_PREFIXES_EXCLUDED = (
    "/admin/",
    "/auth/",
    "/account/",
    "/django-admin/",
    "/static/",
    "/healthz",
)


def _area_key(name: str) -> str:
    return f"pagecache:area:{name}"


class CacheAreas:
    """The areas of the page cache and the models whose changes empty them."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {PAGES: _area_key(PAGES)}
        self._models: dict[type, tuple[str, ...]] = {}

    def watch(self, *models: type, areas: Iterable[str]) -> None:
        """A save or delete of a row of `models` (or a change of an m2m `through` model)
        empties `areas`. Page classes are only recorded: website.core.signals handles pages,
        whose moves and unpublishing also change the menu ("pages")."""
        from wagtail.models import Page

        areas = tuple(areas)
        for name in areas:
            self._names.setdefault(name, _area_key(name))
        # A watched model's own many-to-many links (a ticket's activities, say) are its rows
        # too: their through tables are watched with it.
        models = (
            *models,
            *(
                field.remote_field.through
                for model in models
                for field in model._meta.local_many_to_many
                if field.remote_field.through._meta.auto_created
            ),
        )
        for model in models:
            self._models[model] = tuple(dict.fromkeys((*self._models.get(model, ()), *areas)))
            if issubclass(model, Page):
                continue
            uid = f"pagecache.{model._meta.label_lower}"
            post_save.connect(_model_changed, sender=model, dispatch_uid=f"{uid}.save")
            post_delete.connect(_model_changed, sender=model, dispatch_uid=f"{uid}.delete")
            m2m_changed.connect(_model_changed, sender=model, dispatch_uid=f"{uid}.m2m")

    def names(self) -> tuple[str, ...]:
        return tuple(self._names)

    def keys(self) -> dict[str, str]:
        """Each area's cache key, by name."""
        return self._names

    def of(self, model: type) -> tuple[str, ...]:
        """The areas a change of `model` empties (a subclass inherits its parent's)."""
        for klass in model.__mro__:
            if klass in self._models:
                return self._models[klass]
        return ()

    def key(self, name: str) -> str:
        try:
            return self._names[name]
        except KeyError:
            raise ValueError(
                f"No page-cache area {name!r}; known: {', '.join(self._names)}"
            ) from None


cache_areas = CacheAreas()


def _model_changed(sender, raw: bool = False, action: str = "post_", **kwargs) -> None:
    if not raw and action.startswith("post_"):
        invalidate(*cache_areas.of(sender))


def _generations(found: dict, names: Iterable[str]) -> dict[str, int]:
    """The current number of each area, from `found` (one get_many) where it was there."""
    generations = {}
    for name in names:
        key = cache_areas.key(name)
        generation = found.get(key)
        if generation is None:
            # Never set, or evicted: start from the clock, so that no entry stored under an
            # earlier number can match again.
            start = time.time_ns() // 1000
            cache.add(key, start, timeout=None)
            generation = cache.get(key, start)
        generations[name] = generation
    return generations


# The areas' numbers as this request first read them (one round trip for all of them), set
# by AnonymousPageCacheMiddleware for the whole request; None outside a request.
_request_generations: ContextVar[dict[str, int] | None] = ContextVar(
    "request_generations", default=None
)


def _generations_now(names: tuple[str, ...]) -> dict[str, int]:
    """The current number of each of these areas: read once per request (all areas in one
    round trip), or now when outside one."""
    seen = _request_generations.get()
    if seen is None:
        return _generations(cache.get_many([cache_areas.key(n) for n in names]), names)
    if any(name not in seen for name in names):
        every = cache_areas.names()
        seen.update(_generations(cache.get_many(list(cache_areas.keys().values())), every))
        for name in names:  # an area declared after the request began
            if name not in seen:
                seen.update(_generations({}, (name,)))
    return {name: seen[name] for name in names}


@contextmanager
def request_areas(generations: dict[str, int] | None = None) -> Iterator[None]:
    """Inside, the areas' numbers are read once (or taken from `generations`, already read)."""
    token = _request_generations.set(dict(generations or {}))
    try:
        yield
    finally:
        _request_generations.reset(token)


class _LocalFragments:
    """The fragments this process has already fetched, as pickled bytes (each use unpickles
    its own copy, as a fetch from the shared cache does), least recently used first out,
    within a fixed number of bytes. An entry counts only while its areas keep the numbers it
    was stored under, like the shared cache's."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.entries: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple | None:
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: tuple) -> None:
        size = len(entry[1])
        if size > self.max_bytes // 8:
            return  # a large fragment would push out many small ones
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[1])
            self.entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _key, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped[1])

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0


local_fragments = _LocalFragments(max_bytes=4 * 1024 * 1024)


def _bump(names: Iterable[str]) -> None:
    # What this request read of the areas is behind its own change: read them again.
    seen = _request_generations.get()
    if seen is not None:
        seen.clear()
    for name in dict.fromkeys(names):
        key = cache_areas.key(name)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, time.time_ns() // 1000, timeout=None)


_collecting: ContextVar[set[str] | None] = ContextVar("page_cache_collecting", default=None)


def invalidate(*names: str) -> None:
    """Empty these areas now, and again when the current transaction commits: a request that
    rendered between the two saw the data before the commit."""
    if not names:
        return
    collecting = _collecting.get()
    if collecting is not None:
        collecting.update(names)
        return
    _bump(names)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # The areas changed in this transaction, kept with its outermost block: one left
        # by a transaction that rolled back is dropped when the next one changes something.
        outermost = connection.atomic_blocks[0]
        pending = connection.__dict__.get("page_cache_pending")
        if pending is None or pending[0] is not outermost:
            pending = connection.page_cache_pending = (outermost, set())
        pending[1].update(names)
        transaction.on_commit(functools.partial(_bump_pending, connection))


def _bump_pending(connection) -> None:
    # One callback per change is registered; the first after the commit bumps them all.
    pending = connection.__dict__.pop("page_cache_pending", None)
    if pending is not None:
        _bump(pending[1])


def invalidate_page_cache() -> None:
    """Forget every cached page (a new demo, a benchmark's cold start)."""
    invalidate(*cache_areas.names())


@contextmanager
def one_invalidation() -> Iterator[None]:
    """Changes made inside empty their areas once, on leaving (a sweep, an import), rather
    than once per row."""
    outer = _collecting.get()
    if outer is not None:
        yield  # the outer block empties them
        return
    collected: set[str] = set()
    token = _collecting.set(collected)
    try:
        yield
    finally:
        _collecting.reset(token)
        invalidate(*collected)


class Validity:
    """What one scope rendered depends on: the areas it read, and the earliest moment at
    which it stops being right."""

    def __init__(self) -> None:
        self.until: datetime.datetime | None = None
        self.areas: set[str] = set()

    def limit(self, moment: datetime.datetime | None) -> None:
        # A boundary already behind us changes nothing: what is being rendered was worked out
        # after it (a publicity window that ended yesterday but is still listed as ended). Kept,
        # it would leave the page and its fragments never stored.
        if moment is None or (self.until is not None and moment >= self.until):
            return
        if moment > timezone.now():
            self.until = moment

    def seconds_left(self, now: datetime.datetime | None = None) -> float | None:
        if self.until is None:
            return None
        return (self.until - (now or timezone.now())).total_seconds()

    def read_areas(self) -> tuple[str, ...]:
        """The areas read, sorted; all of them when nothing was declared."""
        return tuple(sorted(self.areas)) if self.areas else cache_areas.names()


_validity: ContextVar[Validity | None] = ContextVar("page_validity", default=None)


@contextmanager
def validity_scope(*, propagate: bool = True) -> Iterator[Validity]:
    """Collect the declarations made inside; on leaving, they count for the outer scope too
    (unless `propagate` is false)."""
    validity = Validity()
    token = _validity.set(validity)
    try:
        yield validity
    finally:
        _validity.reset(token)
        if propagate:
            valid_until(validity.until)
            reads(*validity.areas)


def reads(*areas: str) -> None:
    """What is being rendered shows data of these areas: a change there must empty it."""
    for name in areas:
        cache_areas.key(name)  # an unknown name is a typo: fail where it was written
    validity = _validity.get()
    if validity is not None:
        validity.areas.update(areas)


def reads_areas(*areas: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """`@reads_areas("pages", "directory")` on a view: what it renders reads these areas."""

    def decorator(view: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(view)
        def wrapper(*args, **kwargs) -> T:
            reads(*areas)
            return view(*args, **kwargs)

        return wrapper

    return decorator


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


def _current(stored: tuple[tuple[str, int], ...], found: dict) -> bool:
    """Whether every area an entry was stored under still has the number it had then."""
    keys = cache_areas.keys()
    return all(name in keys and found.get(keys[name]) == number for name, number in stored)


def cached_fragment(
    key: str,
    compute: Callable[[], T],
    timeout: int,
    *,
    areas: Iterable[str] = (),
    declare: bool = True,
) -> T:
    """`compute()`, kept in the cache for `timeout` seconds, until one of `areas` changes or
    until the boundary it declared, whichever comes first.

    A hit declares the stored boundary and areas again, so the page that uses the fragment
    expires with it. `declare=False` for what every request reads before any view (the site):
    it must not count as the page's declaration, which would narrow an undeclared page's
    areas from all of them to these.

    The areas' numbers are read once per request (`request_areas`), and a fragment this process
    already fetched is taken from its own copy (`local_fragments`) while those numbers hold:
    a page's dozen fragments cost one round trip to the shared cache, not a dozen.
    """
    areas = tuple(areas)
    if declare:
        reads(*areas)
    generations = _generations_now(areas)
    stored = tuple(generations.items())
    now = timezone.now()
    entry = local_fragments.get(key)
    if not _usable(entry, stored, now):
        entry = cache.get(key)
        if _usable(entry, stored, now):
            local_fragments.put(key, entry)
        else:
            entry = None
    if entry is not None:
        if declare:
            valid_until(entry[2])
        return pickle.loads(entry[1])  # noqa: S301 (our own cache, as Django's backends unpickle)
    with validity_scope(propagate=declare) as validity:
        value = compute()
    seconds = validity.seconds_left(now)
    if seconds is None or seconds > 0:
        entry = (stored, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), validity.until, _FORMAT)
        cache.set(key, entry, _ttl(timeout, seconds))
        local_fragments.put(key, entry)
    return value


# Entries written before fragments were kept as bytes have another shape: not read.
_FORMAT = "pickled"


def _usable(entry: tuple | None, stored: tuple, now: datetime.datetime) -> bool:
    """Whether a fragment's entry was stored under these numbers of its areas and has not
    reached its boundary."""
    return (
        entry is not None
        and len(entry) == 4
        and entry[3] == _FORMAT
        and entry[0] == stored
        and (entry[2] is None or now < entry[2])
    )


def fragment_seconds() -> int:
    """How long a fragment or an aggregate kept per area lives when nothing changes it:
    hours (FRAGMENT_CACHE_SECONDS), since a change of its areas empties it at once."""
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 6 * 3600))


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
            with request_areas():
                return self.get_response(request)
        key = _cache_key(request)
        # One round trip: the page and the number of every area (a handful of small keys).
        found = cache.get_many([key, *cache_areas.keys().values()])
        entry = found.get(key)
        if entry is not None and len(entry) == 3 and _current(entry[0], found):
            # The cache's own expiry follows the boundary too; checking it here as well keeps
            # a page right whatever the cache backend's clock says.
            until, cached = entry[1], entry[2]
            if until is None or timezone.now() < until:
                cached["X-Page-Cache"] = "hit"
                return cached
        # Read before rendering: a change made while the page renders leaves it stale.
        generations = _generations(found, cache_areas.names())
        with request_areas(generations), validity_scope() as validity:
            response = self.get_response(request)
            if self._storable(request, response):
                patch_response_headers(response, cache_timeout=0)
                response["Cache-Control"] = "no-cache"
                if hasattr(response, "render") and callable(response.render):
                    response.render()  # a template response declares while it renders
                seconds = validity.seconds_left()
                if seconds is None or seconds > 0:
                    timeout = _ttl(self.timeout, seconds)
                    stored = tuple((name, generations[name]) for name in validity.read_areas())
                    cache.set(key, (stored, validity.until, response), timeout)
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
