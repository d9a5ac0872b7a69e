"""A long export frees each chunk of rows as soon as it is written.

Objects fetched with select_related() across a one-to-one, or with a prefetched relation, refer
to each other; without help they are cyclic garbage that only a full collection frees, and a
100,000-row export grew the worker by 15–20 MB before one came (tests/perf/README.md).
`website.core.rows.release` breaks those cycles, and every admin export goes through it.
The collector is switched off here, so only refcounting frees anything."""

from __future__ import annotations

import gc
import weakref

import pytest

from members.models import BusinessCategory, Membership, Organization
from tests.collector import collector_off
from tests.factories import UserFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, PersonFactory
from website.core.backoffice import SafeExportIndexView
from website.core.rows import release

pytestmark = pytest.mark.django_db


def _member_with_categories() -> Organization:
    organization = OrganizationFactory()
    organization.categories.set(
        [
            BusinessCategory.objects.get_or_create(
                slug=slug, defaults={"name": name, "sort_order": order}
            )[0]
            for order, (slug, name) in enumerate([("sweeping", "道路清扫"), ("burning", "焚烧")])
        ]
    )
    MembershipFactory(organization=organization)
    return organization


def _fetch(pk: int) -> Organization:
    organization = (
        Organization.objects.select_related("membership").prefetch_related("categories").get(pk=pk)
    )
    assert organization.membership.organization is organization  # the cycle is there
    assert organization.category_names == "道路清扫、焚烧"
    return organization


def test_without_release_a_fetched_row_outlives_its_last_reference():
    """The control: shows the cycles this module is about exist in this Django."""
    pk = _member_with_categories().pk
    with collector_off():
        organization = _fetch(pk)
        alive = weakref.ref(organization)
        del organization
        assert alive() is not None
    gc.collect()


def test_a_released_row_is_freed_with_what_it_holds_by_refcounting_alone():
    pk = _member_with_categories().pk
    with collector_off():
        organization = _fetch(pk)
        refs = [
            weakref.ref(organization),
            weakref.ref(organization.membership),
            *(weakref.ref(category) for category in organization.categories.all()),
        ]
        release(organization)
        del organization
        assert [ref() for ref in refs] == [None] * 4


def test_rows_prefetched_through_a_reverse_foreign_key_are_freed_too():
    organization = _member_with_categories()
    PersonFactory(organization=organization)
    with collector_off():
        fetched = Organization.objects.prefetch_related("people").get(pk=organization.pk)
        (person,) = fetched.people.all()
        assert person.organization is fetched  # the prefetch points each row back
        refs = [weakref.ref(fetched), weakref.ref(person)]
        del person
        release(fetched)
        del fetched
        assert [ref() for ref in refs] == [None, None]


def test_a_released_row_still_reads_its_relations():
    pk = _member_with_categories().pk
    organization = _fetch(pk)
    release(organization)
    assert organization.membership.tier == Membership.Tier.MEMBER
    assert organization.category_names == "道路清扫、焚烧"


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_holds_no_more_than_two_chunks_of_rows_at_a_time(
    export_format, client, site_home, monkeypatch
):
    monkeypatch.setattr(SafeExportIndexView, "export_chunk_size", 3)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for _ in range(15):
        _member_with_categories()
    # type(), not isinstance(): a lazy object (the CSP nonce) must not be evaluated
    kinds = (Organization, Membership)
    with collector_off():
        before = sum(type(o) in kinds for o in gc.get_objects())  # what other tests left
        response = client.get("/admin/members/organizations/", {"export": export_format})
        assert response.status_code == 200
        live, body = [], []
        for chunk in response.streaming_content:
            body.append(chunk)
            live.append(sum(type(o) in kinds for o in gc.get_objects()) - before)
    if export_format == "csv":
        assert len(b"".join(body).decode("utf-8").splitlines()) == 1 + 15
    # At most two chunks of organizations with their memberships (the one being written and
    # the one Django reads next), against all 30 objects if nothing were freed.
    assert max(live) <= 2 * (2 * 3)
