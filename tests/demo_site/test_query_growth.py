"""Every page of the site runs the same queries with 10× the data.

On top of the demo, the bench scenarios (tests/perf/scenarios) add organizations with
memberships, news, certification applications and certificates, and event orders at a tiny
scale; each URL is counted, the same scenarios then grow their data tenfold and each URL is
counted again. Counts are of a rendering without the page cache, cold (the cached fragments
and aggregates emptied too) and warm (they are kept). The pages: one of every page type in
each language, the public views, the sign-in pages, and every page of the apps (public,
portal and the experts', recommending units' and inspectors' pages), each opened by whom it
is for (anonymous, the demo's member contact, the expert...) on the demo's own records. A
page whose count grows with the number of rows (an N+1 in a list, an unbounded aggregate per
row) fails here, by name; so does a new page of an app that this test does not open (every
URL name of the apps is either counted or listed in NOT_PAGES: files, POST-only actions,
one-time links).
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
    "/auth/login/",
    "/auth/signup/",
    "/auth/password/reset/",
    "/members/directory/",
    "/members/directory/?page=2",
    "/members/join/",
    "/members/verify/",
    f"/search/?q={quote('焚烧')}",
    "/certification/",
    "/certification/register/",
    "/certification/publicity/",
    "/certification/verify/",
    "/certification/publicity/objection-received/",
    "/certification/awards/",
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


# Who opens the pages: the demo's accounts (README), signed in; "anonymous" is a visitor.
MEMBER_WHO = "member"


def _record_urls() -> dict[str, tuple[str, str]]:
    """The pages of one record (an invoice, an application, an order...) and the role pages
    (an expert's reviews, a recommending unit's inbox, an inspector's visit): the demo's own
    records, so the same objects (and URLs) at both sizes. Returns {name: (who, url)}."""
    from django.urls import reverse

    from certification.models import (
        AnnualCheck,
        Application,
        Certificate,
        Inspection,
        Nomination,
        Plant,
        Rectification,
        Review,
        Round,
        Scheme,
    )
    from events.models import Event, ExhibitorApplication, Order
    from members.models import Invoice, Membership, MembershipApplication, OrganizationContact
    from publications.models import GroupStandardPage, NewsSubmission
    from website.accounts.models import User

    def first(queryset):
        return queryset.order_by("pk").first()

    def pk_of(record):
        return record and record.pk

    def first_pk(queryset):
        return pk_of(first(queryset))

    user = User.objects.get(email=MEMBER)
    organization_id = (
        OrganizationContact.objects.filter(user=user)
        .order_by("pk")
        .values_list("organization_id", flat=True)
        .first()
    )
    mine = Application.objects.filter(organization_id=organization_id)
    # An application with a page of its own (a project's is followed to the project's page).
    application = first(mine.filter(subject_type__isnull=True))
    draft = first(mine.filter(subject_type__isnull=True, status=Application.Status.DRAFT))
    inspected = first(mine.filter(status=Application.Status.ON_SITE_INSPECTION))
    project = first(mine.filter(subject_type__isnull=False))
    draft_project = first(mine.filter(subject_type__isnull=False, status=Application.Status.DRAFT))
    rating = first(mine.filter(scheme__code="credit-rating"))
    in_publicity = [a for a in Application.objects.in_publicity() if a.publicity_is_open()]
    certificate = first(Certificate.objects.filter(organization_id=organization_id))
    membership = first(Membership.objects.filter(organization_id=organization_id))
    order = first(Order.objects.visible_to(user))
    attendee = order and first(order.attendees.all())
    event = Event.objects.get(code="nh2026")
    award_round = first(Round.objects.open().filter(scheme__award__isnull=False))
    open_round = first(Round.objects.open().filter(scheme__code="plant-grading"))
    review = first(Review.objects.filter(expert__person__user__email="expert@example.org"))
    nomination = first(
        Nomination.objects.filter(
            application__status=Application.Status.ENDORSEMENT,
            recommending_unit__users__email="recommender@example.org",
        )
    )
    exhibitor = first(
        ExhibitorApplication.objects.filter(created_by__email="exhibitor@example.org")
    )
    submission = first(NewsSubmission.objects.filter(submitted_by=user))
    standard = first(GroupStandardPage.objects.live())
    membership_application = first(
        MembershipApplication.objects.filter(applicant__email="applicant.review@example.org")
    )

    def number(record):
        return record and record.number

    # A missing record leaves None among the arguments, which `url` reports below.
    award = (award_round.scheme.code, award_round.year) if award_round else (None,)
    ticket = (attendee.code, attendee.secret) if attendee else (None,)

    def url(name, *objects):
        if any(obj is None for obj in objects):
            return None
        return reverse(name, args=objects)

    found = {
        # The public pages of one record.
        ("anonymous", "directory entry"): url("members:organization", organization_id),
        ("anonymous", "membership check"): url("members:verify", number(membership)),
        ("anonymous", "certificate check"): url("certification:verify_number", number(certificate)),
        ("anonymous", "objection form"): url(
            "certification:objection", in_publicity and in_publicity[0].number
        ),
        ("anonymous", "award accepted"): url("certification:award_accepted", *award),
        ("anonymous", "award publicity"): url("certification:award_publicity", *award),
        ("anonymous", "award winners"): url("certification:award_winners", *award),
        ("anonymous", "ticket"): url("events:ticket", *ticket),
        ("anonymous", "standard comment"): url("publications:comment_create", pk_of(standard)),
        ("anonymous", "standard comment thanks"): url(
            "publications:comment_thanks", pk_of(standard)
        ),
        # The member's own records.
        (MEMBER_WHO, "invoice"): url(
            "member_portal:invoice",
            first_pk(Invoice.objects.filter(membership__organization_id=organization_id)),
        ),
        (MEMBER_WHO, "organization"): url("member_portal:organization", organization_id),
        (MEMBER_WHO, "contacts"): url("member_portal:contacts", organization_id),
        (MEMBER_WHO, "change request"): url("member_portal:change_request", organization_id),
        (MEMBER_WHO, "member profile"): url("member_portal:person"),
        (MEMBER_WHO, "join as an organization"): url("members:join_start", "organization"),
        (MEMBER_WHO, "join as a person"): url("members:join_start", "individual"),
        (MEMBER_WHO, "application"): url("certification:application_detail", number(application)),
        (MEMBER_WHO, "application edit"): url("certification:application_edit", number(draft)),
        (MEMBER_WHO, "self-assessment"): url("certification:self_assessment", number(draft)),
        (MEMBER_WHO, "financials"): url("certification:financials", number(rating)),
        (MEMBER_WHO, "inspection"): url("certification:inspection", number(inspected)),
        (MEMBER_WHO, "rectification evidence"): url(
            "certification:rectification_evidence",
            number(inspected),
            first_pk(Rectification.objects.filter(inspection__application=inspected)),
        ),
        (MEMBER_WHO, "annual check"): url(
            "certification:annual_check",
            first_pk(AnnualCheck.objects.filter(certificate__organization_id=organization_id)),
        ),
        (MEMBER_WHO, "plant"): url(
            "certification:plant_edit",
            first_pk(Plant.objects.filter(organization_id=organization_id)),
        ),
        (MEMBER_WHO, "new plant"): url("certification:plant_add"),
        (MEMBER_WHO, "new application"): url("certification:application_start", pk_of(open_round)),
        (MEMBER_WHO, "new project"): url("certification:project_start", pk_of(award_round)),
        (MEMBER_WHO, "project"): url("certification:project_detail", number(project)),
        (MEMBER_WHO, "project edit"): url("certification:project_edit", number(draft_project)),
        (MEMBER_WHO, "project units"): url("certification:project_units", number(project)),
        (MEMBER_WHO, "project persons"): url("certification:project_persons", number(project)),
        (MEMBER_WHO, "registration form"): url("events:register", event.code),
        (MEMBER_WHO, "exhibitor form"): url("events:exhibit", event.code),
        (MEMBER_WHO, "waiting list form"): url(
            "events:waiting_list", event.code, first_pk(event.activities.all())
        ),
        (MEMBER_WHO, "order"): url("events:order", order and order.code),
        (MEMBER_WHO, "attendee replacement"): url("events:attendee_replace", pk_of(attendee)),
        (MEMBER_WHO, "news submissions"): url("publications:submission_list"),
        (MEMBER_WHO, "new news submission"): url("publications:submission_create"),
        (MEMBER_WHO, "news submission"): url("publications:submission_detail", pk_of(submission)),
        # The other roles' pages.
        ("person", "individual membership"): url("member_portal:membership"),
        ("applicant.review", "membership application"): url(
            "members:application", pk_of(membership_application)
        ),
        ("exhibitor", "exhibitor application"): url("events:exhibitor", pk_of(exhibitor)),
        ("expert", "review inbox"): url("certification:reviews"),
        ("expert", "review"): url("certification:review_detail", pk_of(review)),
        ("recommender", "recommendation inbox"): url("certification:recommendations"),
        ("recommender", "recommendation"): url(
            "certification:recommendation_detail", nomination and nomination.application.number
        ),
        ("certification", "inspection visit"): url(
            "certification:team_inspection", first_pk(Inspection.objects.all())
        ),
    }
    for scheme in Scheme.objects.order_by("sort_order", "pk"):
        found["anonymous", f"register of {scheme.code}"] = url(
            "certification:register", scheme.code
        )
    missing = [name for (_, name), url in found.items() if not url]
    assert not missing, f"the demo has no record for {missing}: the test would not count them"
    return {f"{who}: {name}": (who, url) for (who, name), url in found.items()}


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


def _counts(urls: dict[str, tuple[str, str]]) -> dict[str, tuple[int, int]]:
    from website.accounts.models import User

    clients: dict[str, Client] = {}
    counts = {}
    for name, (who, url) in urls.items():
        if who not in clients:
            clients[who] = Client()
            if who != "anonymous":
                clients[who].force_login(User.objects.get(email=f"{who}@example.org"))
        counts[name] = _count(clients[who], url)
    return counts


# The URL names of the public and portal apps that are not pages, so not counted here: files
# (each served through a view that checks access, tested with its app), actions that only
# take a POST (a GET is refused), and one-time links made for one person.
NOT_PAGES = {
    "members:application_licence": "file",
    "member_portal:certificate": "file (PDF)",
    "member_portal:change_request_document": "file",
    "member_portal:invoice_pdf": "file (PDF)",
    "member_portal:proof_file": "file",
    "member_portal:renew": "POST only",
    "member_portal:contact_remove": "POST only",
    "member_portal:contact_role": "POST only",
    "member_portal:invitation_cancel": "POST only",
    "member_portal:invitation": "one-time link",
    "certification:attachment": "file",
    "certification:annual_file": "file",
    "certification:certificate_pdf": "file (PDF)",
    "certification:document_template": "file (PDF)",
    "certification:result_letter": "file (PDF)",
    "certification:evaluation_report": "file (PDF)",
    "certification:paper_sheet": "file",
    "certification:finding_photo": "file",
    "certification:rectification_file": "file",
    "certification:attachment_upload": "POST only",
    "certification:attachment_delete": "POST only",
    "certification:submit": "POST only",
    "certification:resubmit": "POST only",
    "certification:withdraw": "POST only",
    "certification:reevaluate": "POST only",
    "certification:project_request_recommendation": "POST only",
    "certification:project_recall": "POST only",
    "certification:project_consent": "POST only",
    "certification:expert_invitation": "one-time link",
    "events:order_cancel": "POST only",
    "events:order_invoice": "POST only",
    "events:order_proof": "POST only",
    "events:proof": "file",
    "events:attendee_wait": "POST only",
    "events:waiting_withdraw": "POST only",
    "events:exhibitor_withdraw": "POST only",
    "events:exhibitor_passes": "file (PDF)",
    "events:ticket_badge": "file (PDF)",
    "events:ticket_certificate": "file (PDF)",
    "events:offer": "one-time link",
    "publications:submission_revise": "a page only while a submission is returned; the demo has none",
    "publications:bulletin_pdf": "file (PDF)",
}
APP_NAMESPACES = ("portal", "member_portal", "members", "certification", "events", "publications")


def _url_names() -> set[str]:
    from django.urls import URLResolver, get_resolver

    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace in APP_NAMESPACES and pattern.name:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns)
    return names


def _uncounted(urls: dict[str, tuple[str, str]]) -> tuple[set[str], set[str]]:
    """The app pages no URL here reaches, and the NOT_PAGES entries no app has any more."""
    from django.urls import resolve

    counted = {resolve(url.split("?")[0]).view_name for _, url in urls.values()}
    names = _url_names()
    return names - counted - set(NOT_PAGES), set(NOT_PAGES) - names


def test_pages_run_the_same_queries_with_ten_times_the_data(demo, settings):
    settings.PAGE_CACHE_SECONDS = 0
    _prepare(SMALL)
    urls = {name: ("anonymous", url) for name, url in _page_type_urls().items()}
    urls.update({url: ("anonymous", url) for url in PUBLIC_VIEWS})
    urls.update({f"{MEMBER_WHO}: {url}": (MEMBER_WHO, url) for url in PORTAL})
    urls.update(_record_urls())
    uncounted, stale = _uncounted(urls)
    assert not uncounted, f"pages of the apps this test does not count: {sorted(uncounted)}"
    assert not stale, f"NOT_PAGES names URLs that no longer exist: {sorted(stale)}"
    small = _counts(urls)

    _prepare(LARGE)
    large = _counts(urls)

    for name, (_, url) in urls.items():  # shown with -s: the figures in tests/perf/README.md
        print(f"{small[name]} {large[name]}  {name}  {url}")
    # Growth is more queries with more data. One fewer can happen where the larger data shows
    # fewer kinds of page on the first page (search on PostgreSQL: 19 → 18 cold).
    grown = {
        name: (small[name], large[name])
        for name in urls
        if any(big > few for few, big in zip(small[name], large[name], strict=True))
    }
    assert not grown, f"queries grew with the data ((cold, warm) small, large): {grown}"
