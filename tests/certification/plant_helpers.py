"""Test data of plant grading's on-site step: a plant application waiting for its
inspection, a team of two staff members, photos and evidence files."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification import services
from certification.models import Application, Criterion
from certification.services import inspections
from tests.files import png_bytes

from .factories import advance, staff_member

S = Application.Status
TODAY = timezone.localdate


def png_upload(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def on_site_application(plant_round, org, contact, plant, staff) -> Application:
    application = services.create_application(plant_round, org, user=contact, subject=plant)
    return advance(application, S.ON_SITE_INSPECTION, contact=contact, staff=staff)


def planned_with_expert(application, staff, expert):
    """Planned today with `expert` leading and `staff` on the team."""
    return inspections.plan_inspection(
        application,
        user=staff,
        planned_on=TODAY(),
        experts=[expert],
        staff=[staff],
        leader=expert,
    )


def visited(application, staff, second=None):
    """Planned with `staff` (leader) and a second staff member, and visited today."""
    second = second or staff_member()
    inspection = inspections.plan_inspection(
        application, user=staff, planned_on=TODAY(), staff=[staff, second], leader=staff
    )
    return inspections.record_visit(inspection, user=staff, visited_on=TODAY())


def on_site_criterion(application, kind=Criterion.Kind.DEDUCTION) -> Criterion:
    return application.criteria_set.criteria.get(on_site=True, kind=kind)


def due(days: int = 14) -> datetime.date:
    return TODAY() + datetime.timedelta(days=days)


POINTS = Decimal
