"""The site's URLs plus a bare Django view, the ceiling `make bench` compares pages with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from website.urls import handler404, handler500  # noqa: F401
from website.urls import urlpatterns as site_urlpatterns

BARE_BODY = b"ok\n"


def bare(request: HttpRequest) -> HttpResponse:
    """A constant: no template, no database, no session, only Django and the middleware."""
    return HttpResponse(BARE_BODY, content_type="text/plain")


urlpatterns = [path("__bench__/bare", bare, name="bench_bare"), *site_urlpatterns]
