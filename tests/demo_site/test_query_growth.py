"""Every public page type and every portal page runs the same queries with 10× the data.

On top of the demo, the bench scenarios (tests/perf/scenarios) add organizations with
memberships, news, certification applications and certificates, and event orders at a tiny
scale; each URL is counted, the same scenarios then grow their data tenfold and each URL is
counted again. Counts are of a rendering without the page cache, cold (the cached fragments
and aggregates emptied too) and warm (they are kept), anonymous for the public pages and signed in as the demo's member
contact for the portal, the directory and the news. A page whose count grows with the
number of rows (an N+1 in a list, an unbounded aggregate per row) fails here, by name.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.perf.scenarios import Context, discover

pytestmark = pytest.mark.django_db

SMALL = 0.0002  # about 20 organizations, 2 news, 2 applications per scheme...
LARGE = SMALL * 10
SCENARIOS = ("members", "publications", "certification", "events")
MEMBER = "member@example.org"
# Pages served by views rather than page types (the page types are found in the demo).
PUBLIC_VIEWS = [
    "/members/directory/",
    "/members/directory/?page=2",
    "/members/join/",
    "/members/verify/",
    f"/search/?q={quote('焚烧')}",
    "/certification/",
    "/certification/register/",
    "/certification/publicity/",
    "/certification/verify/",
]
PORTAL = [
    "/account/",
    "/account/membership/",
    "/account/invoices/",
    "/account/profile/",
    "/certification/my/",
    "/events/my/",
    "/members/directory/",
    "/news/",
]


def _prepare(scale: float) -> None:
    from publications.models import NewsPage

    with open(os.devnull, "w") as quiet:
        ctx = Context(scale=scale, stdout=quiet)
        for scenario in discover():
            if scenario.name in SCENARIOS:
                scenario.prepare(ctx)
    # Every news list shows pictures with few news as with many (a list without any skips
    # the image queries), whichever news the dates put first.
    news = NewsPage.objects.all()
    image = news.exclude(featured_image=None).values_list("featured_image", flat=True).first()
    news.update(featured_image=image)


def _portal_record_urls() -> dict[str, str]:
    """The member's own records, as the portal links them: the demo's, so the same objects
    (and URLs) at both sizes."""
    from django.urls import reverse

    from certification.models import Application
    from events.models import Order
    from members.models import Invoice, OrganizationContact
    from website.accounts.models import User

    user = User.objects.get(email=MEMBER)
    organization_id = (
        OrganizationContact.objects.filter(user=user)
        .order_by("pk")
        .values_list("organization_id", flat=True)
        .first()
    )
    invoice = Invoice.objects.filter(membership__organization_id=organization_id).first()
    # An application with a page of its own (a project's is followed to the project's page).
    application = (
        Application.objects.filter(organization_id=organization_id, subject_type__isnull=True)
        .order_by("pk")
        .first()
    )
    order = Order.objects.visible_to(user).order_by("pk").first()
    found = {
        "invoice": invoice and reverse("member_portal:invoice", args=[invoice.pk]),
        "organization": reverse("member_portal:organization", args=[organization_id]),
        "contacts": reverse("member_portal:contacts", args=[organization_id]),
        "application": application
        and reverse("certification:application_detail", args=[application.number]),
        "order": order and reverse("events:order", args=[order.code]),
    }
    missing = [name for name, url in found.items() if not url]
    assert not missing, f"the demo's member has no {missing}: the test would not count them"
    return {f"signed in {name}": url for name, url in found.items()}


def _page_type_urls() -> dict[str, str]:
    """One live page of every page type in each language tree (its first by path)."""
    urls: dict[str, str] = {}
    for page in Page.objects.live().filter(depth__gt=1).order_by("path").specific():
        name = f"{type(page).__name__} ({page.locale.language_code})"
        if name not in urls and not page.get_view_restrictions().exists():
            url = page.get_url()
            if url:
                urls[name] = url
    return urls


def _count(client: Client, url: str) -> tuple[int, int]:
    """Queries of a rendering with nothing cached (cold), and with the fragments and
    aggregates kept per area (warm: what a visit the page cache does not serve costs)."""
    client.get(url)  # per-process caches (site root paths, renditions) settle
    cache.clear()  # render: no cached page, fragment or aggregate
    counts = []
    for _ in ("cold", "warm"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(captured.captured_queries))
    return counts[0], counts[1]


def _counts(urls: dict[str, str]) -> dict[str, tuple[int, int]]:
    from website.accounts.models import User

    anonymous, member = Client(), Client()
    member.force_login(User.objects.get(email=MEMBER))
    counts = {}
    for name, url in urls.items():
        client = member if name.startswith("signed in") else anonymous
        counts[name] = _count(client, url)
    return counts


def test_pages_run_the_same_queries_with_ten_times_the_data(demo, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _prepare(SMALL)
    urls = _page_type_urls()
    urls.update({url: url for url in PUBLIC_VIEWS})
    urls.update({f"signed in {url}": url for url in PORTAL})
    urls.update(_portal_record_urls())
    small = _counts(urls)

    _prepare(LARGE)
    large = _counts(urls)

    for name in urls:  # shown with -s: the figures quoted in tests/perf/README.md
        print(f"{small[name]} {large[name]}  {name}  {urls[name]}")
    # Growth is more queries with more data. One fewer can happen where the larger data shows
    # fewer kinds of page on the first page (search on PostgreSQL: 19 → 18 cold).
    grown = {
        name: (small[name], large[name])
        for name in urls
        if any(big > few for few, big in zip(small[name], large[name], strict=True))
    }
    assert not grown, f"queries grew with the data ((cold, warm) small, large): {grown}"
