"""Kept SQL (website.core.kept_sql): compiled once per shape, the same rows as the queryset."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from members.models import Membership, Organization, OrganizationContact
from tests.factories import UserFactory
from tests.members.factories import (
    ContactFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from website.core.kept_sql import KeptSQLError, kept_sql, set_prefetched
from website.core.states import StatusChange

pytestmark = pytest.mark.django_db

built: list[tuple] = []

# What the portal home still compiles on every view: Django's session and its user (the
# tests keep sessions in the database, production in the cache).
COMPILED_BY_THE_FRAME = {"sessions.Session", "accounts.User"}
# and on the invoices page, the association's payment details (a settings row).
ALSO_COMPILED = {"member_portal:invoices": {"core.PaymentSettings"}}


@kept_sql
def contacts(user_id: int):
    built.append(("contacts", user_id))
    return (
        OrganizationContact.objects.filter(user_id=user_id)
        .select_related("organization__membership")
        .order_by("organization__name")
    )


@kept_sql
def organizations(ids: list[int], name: str):
    built.append(("organizations", tuple(ids), name))
    return (
        Organization.objects.filter(pk__in=ids)
        .exclude(name=name)
        .annotate(contact_count=Count("contacts"))
        .prefetch_related(Prefetch("contacts", queryset=OrganizationContact.objects.order_by("pk")))
        .order_by("pk")
    )


@kept_sql
def flags(user_id: int):
    return Organization.objects.filter(contacts__user_id=user_id).values_list(
        "pk",
        Exists(Membership.objects.filter(organization=OuterRef("pk"))),
    )


@pytest.fixture
def data():
    user = UserFactory()
    other = UserFactory()
    members = [MembershipFactory().organization for _ in range(2)]
    plain = [OrganizationFactory() for _ in range(2)]
    for organization in (*members, plain[0]):
        ContactFactory(user=user, organization=organization)
    ContactFactory(user=other, organization=plain[1])
    for query in (contacts, organizations, flags):
        query.forget()
    built.clear()
    return user, other, members, plain


def test_rows_equal_the_querysets_with_their_related_rows(data, django_assert_num_queries):
    user, other, members, plain = data
    expected = list(
        OrganizationContact.objects.filter(user=user)
        .select_related("organization__membership")
        .order_by("organization__name")
    )
    with django_assert_num_queries(1):
        found = contacts(user.pk)
        memberships = [contact.organization.current_membership for contact in found]
    assert found == expected
    assert [m.pk if m else None for m in memberships] == [
        c.organization.current_membership.pk if c.organization.current_membership else None
        for c in expected
    ]
    assert contacts(other.pk) == [OrganizationContact.objects.get(user=other)]


def test_the_query_is_built_once_per_shape(data):
    user, other, members, plain = data
    contacts(user.pk)
    contacts(other.pk)
    contacts(user.pk)
    assert [entry[0] for entry in built] == ["contacts"]  # once, with stand-ins
    ids = [o.pk for o in (*members, *plain)]
    organizations(ids[:2], "x")
    organizations(ids[2:], "y")  # same shape: two ids and a name
    organizations(ids, "z")  # four ids: a shape of its own
    organizations(ids[1:3], mark_safe("s"))  # a str subclass is a str
    assert [entry[0] for entry in built] == ["contacts", "organizations", "organizations"]


def test_lists_annotations_and_prefetches_follow_the_arguments(data, django_assert_num_queries):
    user, other, members, plain = data
    ids = [o.pk for o in (*members, *plain)]
    organizations(ids, "")  # keep the shape first
    with django_assert_num_queries(2):  # the rows, then the prefetched contacts
        found = organizations(list(reversed(ids)), members[0].name)
        counts = [(o.pk, o.contact_count, [c.pk for c in o.contacts.all()]) for o in found]
    expected = (
        Organization.objects.filter(pk__in=ids)
        .exclude(name=members[0].name)
        .annotate(contact_count=Count("contacts"))
        .order_by("pk")
    )
    assert counts == [
        (o.pk, o.contact_count, list(o.contacts.order_by("pk").values_list("pk", flat=True)))
        for o in expected
    ]
    # Duplicates in an IN list are one value, as in SQL.
    assert [o.pk for o in organizations([ids[0], ids[0], ids[1]], "")] == ids[:2]


def test_what_one_builder_keeps_is_bounded(data, monkeypatch):
    """Long id lists and shapes beyond the limit run the plain queryset: the same rows,
    nothing more kept."""
    from website.core import kept_sql as module

    user, other, members, plain = data
    ids = [o.pk for o in (*members, *plain)]
    monkeypatch.setattr(module, "MAX_LIST", 3)
    monkeypatch.setattr(module, "MAX_SHAPES", 2)
    expected = [o.pk for o in sorted((*members, *plain), key=lambda o: o.pk)]
    assert [o.pk for o in organizations(ids, "")] == expected  # four ids: plain
    assert [o.pk for o in organizations(ids[:1], "")] == expected[:1]
    assert [o.pk for o in organizations(ids[:2], "")] == sorted(ids[:2])
    assert [o.pk for o in organizations(ids[:3], "")] == sorted(ids[:3])  # a third shape: plain
    assert len(built) == 4  # the plain runs built their querysets; two shapes were kept
    built.clear()
    organizations(ids[1:2], "")
    organizations(ids[2:4], "")
    assert built == []


def test_values_lists_with_expressions(data):
    user, other, members, plain = data
    assert sorted(flags(user.pk)) == sorted(
        [(members[0].pk, True), (members[1].pk, True), (plain[0].pk, False)]
    )
    assert flags(other.pk) == [(plain[1].pk, False)]


@kept_sql
def changes(content_type_id: int, ids: list[int]):
    return StatusChange.objects.filter(content_type_id=content_type_id, object_id__in=ids)


def test_big_integer_columns_take_the_backends_own_parameter_type(data):
    """PostgreSQL's backend passes a big integer as psycopg's Int8: the real values are
    passed the same way (a plain int in its place failed the stand-ins' check)."""
    user, other, members, plain = data
    content_type = ContentType.objects.get_for_model(Organization)
    for organization in (*members, *plain):
        StatusChange.objects.create(
            content_type=content_type, object_id=organization.pk, to_status="active"
        )
    ids = [members[0].pk, plain[1].pk]
    changes.forget()
    assert {c.object_id for c in changes(content_type.pk, ids)} == set(ids)
    assert {c.object_id for c in changes(content_type.pk, [plain[0].pk, members[1].pk])} == {
        plain[0].pk,
        members[1].pk,
    }


def test_empty_lists_and_none(data, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert organizations([], "x") == []
    assert contacts(None) == []  # None runs the plain queryset (user_id IS NULL)


def test_what_cannot_be_kept_runs_the_plain_queryset_or_is_refused(data):
    user, other, members, plain = data

    @kept_sql
    def sliced(count: int):
        return Organization.objects.order_by("pk")[:count]

    assert sliced(3) == list(Organization.objects.order_by("pk")[:3])
    assert sliced(1) == list(Organization.objects.order_by("pk")[:1])

    @kept_sql
    def anything(value):
        return Organization.objects.filter(name=value)

    with pytest.raises(KeptSQLError):
        anything(1.5)
    with pytest.raises(KeptSQLError):
        anything(["a", 1])  # a list mixing strs and ints


@kept_sql
def named(names: list[str], ids: list[int]):
    return Organization.objects.filter(name__in=names).exclude(pk__in=ids).order_by("pk")


def test_lists_of_strs_follow_the_arguments(data):
    user, other, members, plain = data
    names = [o.name for o in (*members, *plain)]
    named.forget()
    for _ in range(2):  # kept, then run from what was kept
        assert named(names[:2], [members[0].pk]) == [members[1]]
        assert named(names[2:], []) == plain
        assert named([names[3], names[3], "%"], [0]) == [plain[1]]  # duplicates dropped
        assert named([], [0]) == []


def test_an_argument_the_backend_escapes_is_never_passed_unescaped(db):
    """SQLite answers iexact with LIKE and escapes % and _ in the value: a kept query must
    not pass them bare, or "%@example.com" would match every address (member prices)."""
    from events.services.orders import _persons_by_email

    person = PersonFactory(email="a_b@example.com")
    PersonFactory(email="other@example.com")
    found = [(person.pk, person.organization_id)]
    for _ in range(2):  # the first run keeps the shape, the second uses it
        assert _persons_by_email("A_B@Example.com") == found
        assert _persons_by_email("axb@example.com") == []
        assert _persons_by_email("%@example.com") == []
        assert _persons_by_email("a\\_b@example.com") == []


def test_a_kept_query_reads_fresh_rows(data):
    """Only the SQL is kept, never the rows."""
    user, other, members, plain = data
    before = contacts(user.pk)
    ContactFactory(user=user, organization=plain[1])
    assert len(contacts(user.pk)) == len(before) + 1


@kept_sql
def changes_of_type(content_type_id: int):
    return StatusChange.objects.filter(content_type_id=content_type_id).order_by("pk")


def test_column_converters_are_worked_out_once_and_still_applied(db, monkeypatch):
    """Dates, datetimes and decimals come back as Python values (SQLite hands back text, which
    only the converters turn into values), with the converters found once per connection."""
    from django.db import connection

    membership = MembershipFactory()
    content_type = ContentType.objects.get_for_model(Membership)
    StatusChange.objects.create(
        content_type=content_type, object_id=membership.pk, from_status="a", to_status="b"
    )
    changes_of_type.forget()
    expected = list(StatusChange.objects.filter(content_type=content_type).order_by("pk"))
    assert changes_of_type(content_type.pk) == expected  # compiled, converters found
    looked_up = []
    original = type(connection.ops).get_db_converters
    monkeypatch.setattr(
        type(connection.ops),
        "get_db_converters",
        lambda ops, expression: looked_up.append(expression) or original(ops, expression),
    )
    found = changes_of_type(content_type.pk)
    assert looked_up == []
    assert [(c.pk, c.changed_at, c.to_status) for c in found] == [
        (c.pk, c.changed_at, c.to_status) for c in expected
    ]
    assert type(found[0].changed_at) is type(expected[0].changed_at)


@pytest.mark.parametrize(
    "url_name",
    [
        "portal:dashboard",
        "member_portal:membership",
        "member_portal:invoices",
        "certification:portal",
        "events:my",
    ],
)
def test_the_signed_in_pages_compile_none_of_their_own_queries(client, data, url_name, request):
    """The portal's pages run their lists from kept SQL: of the queries a second view runs,
    Django compiles only the frame's (the session and its user)."""
    from django.db import connection
    from django.urls import reverse

    user, other, members, plain = data
    client.force_login(user)
    url = reverse(url_name)
    assert client.get(url).status_code == 200
    compiled = request.getfixturevalue("compiled_models")  # counted from the second view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > len(compiled)
    assert {model._meta.label for model in compiled} <= COMPILED_BY_THE_FRAME | ALSO_COMPILED.get(
        url_name, set()
    )


def test_set_prefetched_answers_all_without_a_query_and_filters_with_one(django_assert_num_queries):
    """Rows attached with set_prefetched are what .all() gives, as prefetch_related leaves
    them; anything else asked of the relation runs its own query, as after a prefetch."""
    from events.models import Activity, TicketType
    from tests.events.factories import make_event, ticket

    event = make_event("prefetched")
    admits = ticket(event)
    rows = list(TicketType.objects.get(pk=admits.pk).activities.all())
    assert len(rows) >= 2
    fresh = TicketType.objects.get(pk=admits.pk)
    set_prefetched(fresh, "activities", rows)
    with django_assert_num_queries(0):
        assert list(fresh.activities.all()) == rows
        assert fresh.activities.all()[0] == rows[0]
    with django_assert_num_queries(1):
        assert list(fresh.activities.filter(pk=rows[1].pk)) == [rows[1]]
    assert Activity.objects.filter(ticket_types=fresh).count() == len(rows)
