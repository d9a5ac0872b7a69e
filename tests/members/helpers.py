"""Helpers for the join, dues and portal tests: fee schedules, files, members with contacts."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from members import services
from members.models import FeeSchedule, Membership, OrganizationContact
from tests.factories import UserFactory
from tests.files import pdf_bytes, png_bytes
from tests.members.factories import OrganizationFactory, PersonFactory


def committed():
    """The block as if its transaction committed: what it queued for after the commit
    (notifications, website.core.notify) runs at the end of the block."""
    return TestCase.captureOnCommitCallbacks(execute=True)


PDF = pdf_bytes()
PNG = png_bytes()
EXE = b"MZ\x90\x00" + b"\x00" * 32

RATES = {
    "president": Decimal("50000"),
    "vice_president": Decimal("30000"),
    "standing_director": Decimal("10000"),
    "director": Decimal("10000"),
    "member": Decimal("3000"),
    "individual": Decimal("300"),
}


def fee_schedule(year: int, **overrides) -> FeeSchedule:
    schedule, _created = FeeSchedule.objects.update_or_create(
        year=year, defaults={**RATES, **overrides}
    )
    return schedule


def pdf_upload(name: str = "营业执照.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def member_organization(
    *,
    tier: str = Membership.Tier.MEMBER,
    status: str = Membership.Status.ACTIVE,
    paid_through: datetime.date | None = None,
    joined_on: datetime.date | None = None,
    admin=None,
):
    """An organization with an active membership and an administrator contact."""
    organization = OrganizationFactory()
    admin = admin or UserFactory()
    OrganizationContact.objects.create(
        organization=organization, user=admin, role=OrganizationContact.Role.ADMIN
    )
    membership = services.create_membership(
        organization,
        tier=tier,
        status=status,
        joined_on=joined_on or datetime.date(2020, 3, 1),
        paid_through=paid_through,
    )
    return organization, membership, admin


def individual_member(*, paid_through=None, user=None):
    user = user or UserFactory()
    person = PersonFactory(user=user, organization=None)
    membership = services.create_membership(
        person,
        tier=Membership.Tier.INDIVIDUAL,
        status=Membership.Status.ACTIVE,
        joined_on=datetime.date(2021, 5, 1),
        paid_through=paid_through,
    )
    return person, membership, user
