"""Test data for certification: member organizations, experts, staff, and applications
driven by the services to any state."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification import services
from certification.models import Application, Criterion, Plant, Round, Scheme
from certification.services import finance, inspections
from members.models import Expert, Membership
from tests.factories import UserFactory
from tests.files import pdf_bytes
from tests.members.factories import (
    ContactFactory,
    ExpertFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
)
from website.accounts.roles import CERTIFICATION_STAFF

S = Application.Status
PDF = pdf_bytes()


def pdf_upload(name: str = "证明材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


class PdfFile(io.BytesIO):
    """A file object as the upload form hands it to the service."""

    def __init__(self, name: str = "材料.pdf"):
        super().__init__(PDF)
        self.name = name
        self.size = len(PDF)


def member_organization(**kwargs):
    kwargs.setdefault("founded_on", datetime.date(2010, 5, 1))
    organization = OrganizationFactory(**kwargs)
    MembershipFactory(organization=organization, status=Membership.Status.ACTIVE)
    return organization


def contact_of(organization, **kwargs):
    return ContactFactory(organization=organization, **kwargs).user


def staff_member(**kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=CERTIFICATION_STAFF))
    return user


def expert_with_account(**kwargs) -> Expert:
    user = UserFactory()
    person = PersonFactory(user=user, **kwargs)
    return ExpertFactory(person=person)


def open_round(scheme: Scheme, **kwargs) -> Round:
    today = timezone.localdate()
    defaults = {
        "name": f"{today.year}年度",
        "year": today.year,
        "opens_on": today - datetime.timedelta(days=30),
        "closes_on": today + datetime.timedelta(days=30),
        "criteria_set": scheme.current_criteria(),
    }
    defaults.update(kwargs)
    return Round.objects.create(scheme=scheme, **defaults)


def plant_of(organization, *, years: int = 3, capacity: int = 1200, **kwargs) -> Plant:
    today = timezone.localdate()
    return Plant.objects.create(
        organization=organization,
        name=kwargs.pop("name", f"{organization.name}焚烧厂"),
        province=organization.province,
        design_capacity=Decimal(capacity),
        formal_operation_on=today - datetime.timedelta(days=365 * years),
        **kwargs,
    )


def score_sheet(criteria_set, share: float = 0.9) -> dict:
    entries = {}
    for criterion in criteria_set.criteria.all():
        if criterion.kind == Criterion.Kind.INDICATOR:
            entries[criterion.pk] = (
                (criterion.max_points * Decimal(str(share))).quantize(Decimal("0.5")),
                "说明",
            )
        elif criterion.is_scored_on_paper:
            entries[criterion.pk] = (Decimal("0"), "")
    return entries


def sample_figures(years) -> dict:
    """Three healthy years of figures in 10k yuan: growing revenue, 8% margin, 55% debt."""
    figures = {}
    for index, year in enumerate(years):
        revenue = Decimal(10000 + 1000 * index)
        figures[year] = {
            "revenue": revenue,
            "profit": revenue * Decimal("0.08"),
            "total_assets": Decimal(20000),
            "total_liabilities": Decimal(11000),
            "current_assets": Decimal(9000),
            "current_liabilities": Decimal(6000),
        }
    return figures


def fill(application: Application, user, share: float = 0.9) -> Application:
    services.update_details(
        application,
        user=user,
        data={
            "contact_name": "张三",
            "contact_phone": "13800000000",
            "contact_email": "zhang@example.com",
            "accounting_years": 5,
            "summary": "申报说明",
            "declaration": True,
        },
    )
    services.save_self_assessment(
        application, user=user, entries=score_sheet(application.criteria_set, share)
    )
    if finance.needs_financials(application.scheme):
        finance.save_financials(
            application, user=user, figures=sample_figures(finance.required_years(application))
        )
    for document in application.scheme.required_documents.all():
        services.add_attachment(
            application, user=user, file=PdfFile(f"{document.name}.pdf"), requirement=document
        )
    application.refresh_from_db()
    return application


def advance(
    application: Application,
    target: str,
    *,
    contact,
    staff,
    experts=(),
    share: float = 0.9,
    publicity_start: datetime.date | None = None,
) -> Application:
    """Drive an application through the services to `target`."""
    if target == S.DRAFT:
        return application
    fill(application, contact, share)
    services.submit(application, user=contact)
    if target == S.SUBMITTED:
        return _fresh(application)
    services.start_formal_review(application, user=staff)
    if target == S.FORMAL_REVIEW:
        return _fresh(application)
    if target in (S.RETURNED, S.RESUBMITTED):
        services.return_for_correction(application, user=staff, reason="请补充材料")
        if target == S.RESUBMITTED:
            services.resubmit(application, user=contact)
        return _fresh(application)
    checklist = {str(d.pk): True for d in application.scheme.required_documents.all()}
    services.accept_for_expert_review(application, user=staff, checklist=checklist)
    if _fresh(application).state.on_site_inspection:
        if target == S.ON_SITE_INSPECTION:
            return _fresh(application)
        pass_inspection(application, staff=staff)
    if target == S.EXPERT_REVIEW:
        return _fresh(application)
    for expert in experts:
        review = services.assign_expert(application, expert, user=staff)
        user = expert.person.user
        services.declare_no_conflict(review, user=user)
        services.save_scores(
            review, user=user, entries=score_sheet(application.criteria_set, share)
        )
        services.submit_review(review, user=user)
    services.close_expert_review(application, user=staff)
    if target == S.PANEL_DECISION:
        return _fresh(application)
    start = publicity_start or timezone.localdate() - datetime.timedelta(days=40)
    services.start_publicity(application, user=staff, starts_on=start)
    if target == S.PUBLICITY:
        return _fresh(application)
    services.approve(application, user=staff)
    return _fresh(application)


def pass_inspection(application: Application, *, staff, second=None):
    """A visit without findings by `staff` and a second staff member; the inspection closes
    and the application goes to expert review."""
    second = second or staff_member()
    inspection = inspections.plan_inspection(
        application, user=staff, planned_on=timezone.localdate(), staff=[staff, second]
    )
    inspections.record_visit(inspection, user=staff, visited_on=timezone.localdate())
    inspections.close_inspection(inspection, user=staff)
    return inspection


def _fresh(application: Application) -> Application:
    application.refresh_from_db()
    return application
