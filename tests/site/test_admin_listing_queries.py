"""Every back-office listing takes a fixed number of queries whatever the rows on its page.

Each listing is rendered with a few rows, then with a full page of them (the rows are copies
of the first ones, each with its own relations where the listing shows them), and must take
the same number of queries both times: a relation that is not loaded with the rows
(`ListingQueryMixin.list_select_related`, website.core.backoffice) costs a query per row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Invoice, Membership, MembershipApplication
from tests.certification.conftest import (  # noqa: F401 - fixtures of the certification tests
    build,
    contact,
    credit,
    credit_round,
    experts,
    org,
    staff,
)
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 25  # a page shows 20 rows


def _clone(instance, count: int, **fields):
    """`count` copies of `instance`, saved; `fields` maps a field to a function of the copy's
    number giving its value (unique numbers, the copy's own relation)."""
    model = type(instance)
    copies = []
    for number in range(count):
        copy = model.objects.get(pk=instance.pk)
        copy.pk = None
        copy.id = None
        for name, value in fields.items():
            setattr(copy, name, value(number))
        copies.append(copy)
    return model.objects.bulk_create(copies)


# Builders: grow(n) adds n rows to the listing ---------------------------------------------------


def _organizations(request):
    def grow(count):
        for _ in range(count):
            MembershipFactory(organization=OrganizationFactory())

    return "/admin/members/organizations/", grow


def _memberships(request):
    return "/admin/members/memberships/", _organizations(request)[1]


def _invoices(request):
    def grow(count):
        for _ in range(count):
            membership = MembershipFactory()
            Invoice.objects.create(
                number=f"F{membership.number}",
                membership=membership,
                kind=Invoice.Kind.RENEWAL,
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 12, 31),
                amount=Decimal("3000.00"),
                due_on=datetime.date(2026, 3, 31),
            )

    return "/admin/members/invoices/", grow


def _membership_applications(request):
    def grow(count):
        for _ in range(count):
            user = UserFactory()
            MembershipApplication.objects.create(
                kind=MembershipApplication.Kind.ORGANIZATION,
                applicant=user,
                tier=Membership.Tier.MEMBER,
                organization_name=f"申请单位{user.pk}",
                submitted_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
            )

    return "/admin/members/applications/", grow


def _certification(request, path):
    from certification.models import Application

    seed = request.getfixturevalue("build")(Application.Status.APPROVED)

    def grow(count):
        applications = _clone(
            seed, count, number=lambda n: f"{seed.number}-{Application.objects.count()}-{n}"
        )
        for application in applications:
            for review in seed.reviews.all():
                _clone(review, 1, application=lambda n, a=application: a)
            for certificate in seed.certificates.all():
                _clone(
                    certificate,
                    1,
                    application=lambda n, a=application: a,
                    number=lambda n, a=application: f"Z{a.pk}-{n}",
                )

    return path, lambda count: grow(count - 1) if count > 1 else None


def _certification_applications(request):
    return _certification(request, "/admin/certification/applications/")


def _reviews(request):
    return _certification(request, "/admin/certification/reviews/")


def _certificates(request):
    return _certification(request, "/admin/certification/certificates/")


def _orders(request):
    from tests.events.factories import make_event, member_contact, place

    event = make_event()
    other = make_event("second", days_ahead=40)

    def grow(count):
        for number in range(count):
            user, organization = member_contact()
            place(event if number % 2 else other, user, organization=organization)

    return "/admin/events/orders/", grow


def _attendees(request):
    return "/admin/events/attendees/", _orders(request)[1]


def _news_submissions(request):
    from publications.models import NewsSubmission

    def grow(count):
        for _ in range(count):
            member = MembershipFactory().organization
            NewsSubmission.objects.create(
                submitted_by=UserFactory(), organization=member, title=f"会员动态{member.pk}"
            )

    return "/admin/publications/submissions/", grow


LISTINGS = {
    "organizations": _organizations,
    "memberships": _memberships,
    "invoices": _invoices,
    "membership applications": _membership_applications,
    "certification applications": _certification_applications,
    "reviews": _reviews,
    "certificates": _certificates,
    "orders": _orders,
    "attendees": _attendees,
    "member news submissions": _news_submissions,
}


def _queries(client, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    rows = len(response.context["object_list"])
    return len(queries), rows


@pytest.mark.parametrize("name", LISTINGS)
def test_listing_takes_the_same_queries_for_a_full_page(name, request, client, site_home):
    path, grow = LISTINGS[name](request)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    grow(FEW)
    client.get(path)  # warm caches that are filled once (site settings, content types)
    few, few_rows = _queries(client, path)
    grow(MANY - FEW)
    many, many_rows = _queries(client, path)
    assert many_rows > few_rows
    assert many == few, f"{name}: {few} queries for {few_rows} rows, {many} for {many_rows}"
