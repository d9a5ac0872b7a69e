"""The site a request is for, and its home page, kept per host until the page tree changes.

Wagtail looks the site up on every request (a query ordering every site by how well it
matches the host) and routing then reads the home page's specific row. Both change only with
the page tree and the sites, so they are kept in the cache under "pages" and handed to
Wagtail the way it caches them itself, on `request._wagtail_site`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Site

from .cache import PAGES, cached_fragment, fragment_seconds


def kept_site(request: HttpRequest) -> Site | None:
    """Site.find_for_request()'s answer, with the root page in its specific form."""
    hostname = split_domain_port(request.get_host())[0]  # only allowed hosts make entries
    port = request.get_port()

    def read() -> Site | None:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    key = f"core:site:{hostname}:{port}"
    # Not a declaration of what the page shows: every page reads the site.
    return cached_fragment(key, read, fragment_seconds(), areas=[PAGES], declare=False)


def find_for_request(request: HttpRequest | None) -> Site | None:
    """Site.find_for_request(), kept: the site is remembered on the request as Wagtail does."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        try:
            request._wagtail_site = kept_site(request)
        except DisallowedHost:
            return Site.find_for_request(request)
    return request._wagtail_site


class SiteMiddleware:
    """Hands the kept site to Wagtail before it serves a page (and routes from its home)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if view_func is wagtail_views.serve:
            find_for_request(request)
