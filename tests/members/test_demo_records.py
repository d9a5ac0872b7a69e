"""The members' demo records: believable, complete, idempotent and quick to load."""

import time

import pytest

from members import demo_records
from members.models import (
    Branch,
    Expert,
    Membership,
    Organization,
    OrganizationContact,
    Person,
)
from members.validators import is_valid_credit_code
from website.core import demo as site_demo
from website.core.states import StatusChange

pytestmark = pytest.mark.django_db


def test_demo_records_cover_every_journey_and_load_twice():
    site_demo.load()
    started = time.monotonic()
    demo_records.load()
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"members demo took {elapsed:.1f} s"

    organizations = Organization.objects.all()
    assert organizations.count() == demo_records.ORGANIZATION_COUNT
    assert all(
        is_valid_credit_code(code) for code in organizations.values_list("credit_code", flat=True)
    )
    assert len(set(organizations.values_list("province", flat=True))) >= 30
    assert Membership.objects.filter(tier="individual").count() >= 100
    assert set(Membership.objects.values_list("status", flat=True)) == set(Membership.Status.values)
    assert set(Membership.objects.values_list("tier", flat=True)) == set(Membership.Tier.values)
    lapsed = Membership.objects.filter(status="lapsed").first()
    assert list(
        lapsed.status_history().order_by("changed_at").values_list("to_status", flat=True)
    ) == [
        "active",
        "grace",
        "lapsed",
    ]
    assert Organization.objects.in_directory().count() > 150
    assert Expert.objects.count() == 10
    assert all(
        expert.conflicts.exists() and expert.fields.exists() for expert in Expert.objects.all()
    )
    assert Expert.objects.filter(person__user__email="expert@example.org").exists()
    sorting = Branch.objects.get(name="生活垃圾分类与减量专业委员会")
    assert sorting.secretaries.filter(email="branch@example.org").exists()
    assert sorting.positions.filter(position="chair").count() == 1
    for name in ("公厕建设管理专业委员会", "标准化技术委员会"):
        assert Branch.objects.get(name=name).positions.count() >= 5
    contact = OrganizationContact.objects.get(user__email="member@example.org")
    assert contact.role == "admin" and contact.organization.membership.status == "active"
    assert Membership.objects.get(person__user__email="person@example.org").status == "active"

    counts = (
        Organization.objects.count(),
        Person.objects.count(),
        StatusChange.objects.for_model(Membership).count(),
    )
    demo_records.load()
    assert (
        Organization.objects.count(),
        Person.objects.count(),
        StatusChange.objects.for_model(Membership).count(),
    ) == counts
