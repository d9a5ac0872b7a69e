"""A page cache for anonymous visitors that publishing and data changes invalidate.

Anonymous pages carry nothing per user, so one rendering serves every visitor until something
changes. Invalidation bumps a generation number kept in the shared cache; every web process
sees the new number at once, and old entries simply expire. Each entry carries the generation
it was rendered in, so a hit costs one round trip to the cache (the number and the page
together), which is what keeps a cached page about as cheap as a bare Django view.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_response_headers

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
        if entry is not None and entry[0] == generation:
            cached = entry[1]
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._storable(request, response):
            patch_response_headers(response, cache_timeout=0)
            response["Cache-Control"] = "no-cache"
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, (generation, response), self.timeout)
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
