"""The site's URLs plus a bare Django view, the ceiling `make bench` compares pages with."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from website.urls import handler404, handler500  # noqa: F401
from website.urls import urlpatterns as site_urlpatterns

BARE_BODY = b"ok\n"


def bare(request: HttpRequest) -> HttpResponse:
    """A constant: no template, no database, no session, only Django and the middleware."""
    return HttpResponse(BARE_BODY, content_type="text/plain")


# What `wagtail start` renders for its home page, give or take the welcome text: a base
# template with the title, static files and the user bar, no project template or tag.
STOCK_WAGTAIL_TEMPLATE = """{% load static wagtailcore_tags wagtailuserbar %}<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.seo_title|default:page.title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{% static 'css/site.css' %}"></head>
<body class="template-homepage">{% wagtailuserbar %}
<main><h1>{{ page.title }}</h1><p><a href="{% pageurl page %}">{{ page.title }}</a></p>
<p>Welcome to your new Wagtail site!</p></main></body></html>"""


def stock_wagtail(request: HttpRequest) -> HttpResponse:
    """The anchor row: a page found and served the way stock Wagtail serves its home page
    (the site for the request, its root page, a template response), with no project
    template, context processor work of its own, section or menu."""
    from django.template import engines
    from django.template.response import TemplateResponse
    from wagtail.models import Site

    site = Site.find_for_request(request)
    page = site.root_page.specific
    template = engines["django"].from_string(STOCK_WAGTAIL_TEMPLATE)
    return TemplateResponse(request, template, {"page": page, "self": page})


urlpatterns = [
    path("__bench__/bare", bare, name="bench_bare"),
    path("__bench__/wagtail", stock_wagtail, name="bench_stock_wagtail"),
    *site_urlpatterns,
]
