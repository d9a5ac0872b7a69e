"""Every back-office listing takes a fixed number of queries whatever the rows on its page.

Each listing (every model viewset's index and every report the apps register) is rendered with
a few rows, then with a full page of them, and must take the same number of queries both
times: a relation that is not loaded with the rows (`ListingQueryMixin.list_select_related`,
website.core.backoffice) costs a query per row. The listings are found in the admin, so a new
viewset or report fails `test_every_listing_is_covered` until it has a builder here.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet

from members.models import Invoice, Membership, MembershipApplication
from tests.factories import UserFactory
from tests.members.factories import (
    BranchFactory,
    ExpertFactory,
    MembershipFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 25  # a page shows 20 rows
PROJECT = {"members", "certification", "events", "publications", "website"}
TODAY = datetime.date(2026, 3, 1)
_serial = itertools.count(1)


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


def _unique_fields(model) -> set[models.Field]:
    fields = {field for field in model._meta.concrete_fields if field.unique}
    for constraint in model._meta.total_unique_constraints:
        fields.update(model._meta.get_field(name) for name in constraint.fields)
    return fields


def _copy(instance):
    """A saved copy of `instance` with its unique values made unique: text and numbers are
    suffixed, dates moved on, and a one-to-one relation is copied in turn."""
    model = type(instance)
    copy = model._default_manager.get(pk=instance.pk)
    number = next(_serial)
    for field in _unique_fields(model):
        value = getattr(copy, field.attname)
        if value is None or (field.primary_key and not field.is_relation):
            continue
        if field.one_to_one:
            setattr(copy, field.name, _copy(getattr(instance, field.name)))
        elif isinstance(value, str) and not field.is_relation:
            suffix = f"-{number}"
            setattr(copy, field.attname, value[: field.max_length - len(suffix)] + suffix)
        elif isinstance(value, datetime.date | int) and not field.is_relation:
            step = datetime.timedelta(days=number) if isinstance(value, datetime.date) else number
            setattr(copy, field.attname, value + step)
    if not model._meta.pk.is_relation:
        copy.pk = None
    return model._default_manager.bulk_create([copy])[0]


def _copies(seed):
    """grow(n): n copies of `seed`."""
    return lambda count: [_copy(seed) for _ in range(count)]


# Builders: builder(request) gives grow(n), which adds n rows to the listing ---------------------


def _organizations(request):
    def grow(count):
        for _ in range(count):
            MembershipFactory(organization=OrganizationFactory(), joined_on=TODAY)

    return grow


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

    return grow


def _invoice():
    _invoices(None)(1)
    return Invoice.objects.latest("pk")


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

    return grow


def _payment_proofs(request):
    from members.models import PaymentProof

    return _copies(
        PaymentProof.objects.create(
            invoice=_invoice(), file="proofs/slip.pdf", amount=Decimal("3000"), paid_on=TODAY
        )
    )


def _payments(request):
    from members.models import Payment

    return _copies(
        Payment.objects.create(
            invoice=_invoice(), amount=Decimal("3000"), paid_on=TODAY, recorded_by=UserFactory()
        )
    )


def _fee_schedules(request):
    from members.models import FeeSchedule

    fees = dict.fromkeys(["president", "vice_president", "standing_director", "director"], 1)
    return _copies(FeeSchedule.objects.create(year=2000, member=1, individual=1, **fees))


def _change_requests(request):
    from members.models import ProfileChangeRequest

    return _copies(
        ProfileChangeRequest.objects.create(
            organization=OrganizationFactory(), reason="更名", document="changes/licence.pdf"
        )
    )


def _lapses(request):
    from website.core.states import StatusChange

    def grow(count):
        for membership in MembershipFactory.create_batch(count, status=Membership.Status.LAPSED):
            StatusChange.objects.create(
                subject=membership,
                from_status=Membership.Status.ACTIVE,
                to_status=Membership.Status.LAPSED,
            )

    return grow


def _certification(request):
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

    return lambda count: grow(count - 1) if count > 1 else None


def _approved(request):
    from certification.models import Application

    return request.getfixturevalue("build")(Application.Status.APPROVED)


def _annual_check(request):
    from certification.models import AnnualCheck

    certificate = _approved(request).certificates.first()
    return AnnualCheck.objects.create(certificate=certificate, sequence=1, due_on=TODAY)


def _annual_material(request):
    from certification.models import AnnualCheckSubmission

    money = Decimal("1000000")
    return _copies(
        AnnualCheckSubmission.objects.create(
            annual_check=_annual_check(request),
            year=2025,
            revenue=money,
            profit=money / 10,
            total_assets=money * 3,
            total_liabilities=money,
        )
    )


def _objections(request):
    from certification.models import Objection

    return _copies(
        Objection.objects.create(
            application=_approved(request),
            name="李四",
            organization="某环卫公司",
            phone="13800000000",
            email="objection@example.com",
            grounds="业绩材料不实。",
        )
    )


def _inspections(request):
    from tests.certification.plant_helpers import on_site_application, visited

    fixtures = ("plant_round", "org", "contact", "plant", "staff")
    arguments = [request.getfixturevalue(name) for name in fixtures]
    application = on_site_application(*arguments)
    return _copies(visited(application, arguments[-1]))


def _nominations(request):
    return _copies(request.getfixturevalue("nomination")().nomination)


def _award_rounds(request):
    return _copies(request.getfixturevalue("award_round").award)


def _award_panels(request):
    from tests.certification.award_factories import panel

    round = request.getfixturevalue("award_round")
    return _copies(panel(round, request.getfixturevalue("experts")))


def _award_bans(request):
    from certification.models import AwardBan

    organization = request.getfixturevalue("org")
    end = TODAY + datetime.timedelta(days=365)
    return _copies(
        AwardBan.objects.create(
            organization=organization, starts_on=TODAY, ends_on=end, reason="造假"
        )
    )


def _holidays(request):
    from certification.models import Holiday

    return _copies(Holiday.objects.create(date=TODAY, name="节日"))


def _scheme_records(attribute):
    """A seed read from an approved credit-rating application (its scheme, round ...)."""

    def builder(request):
        return _copies(attribute(_approved(request)))

    return builder


def _orders(request):
    from tests.events.factories import make_event, member_contact, place

    event = make_event()
    other = make_event("second", days_ahead=40)

    def grow(count):
        for number in range(count):
            user, organization = member_contact()
            place(event if number % 2 else other, user, organization=organization)

    return grow


def _order():
    from tests.events.factories import make_event, member_contact, place

    user, organization = member_contact()
    return place(make_event(), user, organization=organization)


def _event_invoices(request):
    from events.models import InvoiceRequest

    return _copies(
        InvoiceRequest.objects.create(
            order=_order(),
            kind=InvoiceRequest.Kind.NORMAL,
            title="某环卫公司",
            tax_number="91110108MA00000000",
            email="invoice@example.com",
        )
    )


def _waiting_list(request):
    from events.models import WaitingListEntry
    from tests.events.factories import forum_a, make_event

    event = make_event()
    return _copies(
        WaitingListEntry.objects.create(
            event=event, activity=forum_a(event), name="王五", email="wait@example.com"
        )
    )


def _event_records(attribute):
    """A seed read from an event with its activities, tickets, hall and booths."""

    def builder(request):
        from tests.events.factories import make_booths, make_event

        event = make_event()
        return _copies(attribute(event, make_booths(event)))

    return builder


def _exhibitors(request):
    from events.models import ExhibitorApplication
    from tests.events.factories import make_event

    return _copies(
        ExhibitorApplication.objects.create(
            event=make_event(),
            company_name="某环保装备有限公司",
            credit_code="91110108MA00000001",
            contact_name="赵六",
            contact_phone="13800000000",
            contact_email="expo@example.com",
            logo="exhibitors/logo.png",
            website="https://example.com",
        )
    )


def _news_submissions(request):
    from publications.models import NewsSubmission

    def grow(count):
        for _ in range(count):
            member = MembershipFactory().organization
            NewsSubmission.objects.create(
                submitted_by=UserFactory(), organization=member, title=f"会员动态{member.pk}"
            )

    return grow


def _comments(request):
    from publications.models import GroupStandardPage, StandardComment, StandardIndexPage
    from tests.publications.factories import publish

    home = request.getfixturevalue("site_home")
    index = publish(home, StandardIndexPage(title="团体标准", slug="standards"))
    standard = publish(
        index,
        GroupStandardPage(title="技术规范", slug="rules", lead_organization="协会", scope="范围"),
    )
    return _copies(
        StandardComment.objects.create(
            standard=standard,
            name="李娜",
            organization="某再生能源有限公司",
            contact="13800000001",
            clause="6.1",
            comment="检测频次偏低。",
        )
    )


def _seeded(make):
    """A builder copying the seed `make()` gives."""
    return lambda request: _copies(make())


LISTINGS = {
    "/admin/members/applications/": _membership_applications,
    "/admin/members/organizations/": _organizations,
    "/admin/members/persons/": _seeded(lambda: ExpertFactory().person),
    "/admin/members/memberships/": _organizations,
    "/admin/members/branches/": _seeded(BranchFactory),
    "/admin/members/experts/": _seeded(ExpertFactory),
    "/admin/members/invoices/": _invoices,
    "/admin/members/payment-proofs/": _payment_proofs,
    "/admin/members/payments/": _payments,
    "/admin/members/fee-schedules/": _fee_schedules,
    "/admin/members/change-requests/": _change_requests,
    "/admin/reports/members/joins/": _organizations,
    "/admin/reports/members/renewals/": _invoices,
    "/admin/reports/members/lapsed/": _lapses,
    "/admin/reports/members/arrears/": _invoices,
    "/admin/certification/applications/": _certification,
    "/admin/certification/reviews/": _certification,
    "/admin/certification/certificates/": _certification,
    "/admin/certification/objections/": _objections,
    "/admin/certification/annual-checks/": lambda request: _copies(_annual_check(request)),
    "/admin/certification/annual-material/": _annual_material,
    "/admin/certification/inspections/": _inspections,
    "/admin/certification/schemes/": _scheme_records(lambda a: a.scheme),
    "/admin/certification/criteria/": _scheme_records(lambda a: a.criteria_set),
    "/admin/certification/rounds/": _scheme_records(lambda a: a.round),
    "/admin/certification/plants/": lambda request: _copies(request.getfixturevalue("plant")),
    "/admin/certification/holidays/": _holidays,
    "/admin/certification/nominations/": _nominations,
    "/admin/certification/award-rounds/": _award_rounds,
    "/admin/certification/award-panels/": _award_panels,
    "/admin/certification/recommending-units/": lambda r: _copies(
        r.getfixturevalue("unit_and_user")[0]
    ),
    "/admin/certification/award-settings/": lambda request: _copies(
        request.getfixturevalue("award").award
    ),
    "/admin/certification/award-bans/": _award_bans,
    "/admin/events/events/": _event_records(lambda event, booths: event),
    "/admin/events/activities/": _event_records(lambda event, booths: event.activities.first()),
    "/admin/events/tickets/": _event_records(lambda event, booths: event.ticket_types.first()),
    "/admin/events/halls/": _event_records(lambda event, booths: booths[0].hall),
    "/admin/events/booths/": _event_records(lambda event, booths: booths[-1]),
    "/admin/events/orders/": _orders,
    "/admin/events/attendees/": _orders,
    "/admin/events/waiting-list/": _waiting_list,
    "/admin/events/invoices/": _event_invoices,
    "/admin/events/exhibitors/": _exhibitors,
    "/admin/publications/comments/": _comments,
    "/admin/publications/submissions/": _news_submissions,
}


def _walk(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern


def _listings() -> set[str]:
    """The back office's listings: the index of every model viewset the apps register, and
    every report view of theirs (their result fragments aside)."""
    patterns = list(_walk(get_resolver().url_patterns))  # loading the admin registers viewsets
    found = {
        reverse(viewset.get_url_name("index"))
        for viewset in viewsets.viewsets
        if isinstance(viewset, ModelViewSet) and type(viewset).__module__.split(".")[0] in PROJECT
    }
    for pattern in patterns:
        view = getattr(pattern.callback, "view_class", None)
        if (
            view
            and issubclass(view, ReportView)
            and view.__module__.split(".")[0] in PROJECT
            and not pattern.name.endswith("_results")
        ):
            found.add(reverse(f"{view().index_url_name}"))
    return found


def test_every_listing_is_covered():
    assert set(LISTINGS) == _listings()


def _queries(client, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    rows = len(response.context["object_list"])
    return len(queries), rows


@pytest.mark.parametrize("path", LISTINGS)
def test_listing_takes_the_same_queries_for_a_full_page(path, request, client, site_home):
    grow = LISTINGS[path](request)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    grow(FEW)
    client.get(path)  # warm caches that are filled once (site settings, content types)
    few, few_rows = _queries(client, path)
    grow(MANY - FEW)
    # Warm again: the rows just made may have emptied kept parts of every admin page (the
    # sidebar follows permissions and branches); what is counted is what the rows cost.
    client.get(path)
    many, many_rows = _queries(client, path)
    assert many_rows > few_rows
    assert many == few, f"{path}: {few} queries for {few_rows} rows, {many} for {many_rows}"
