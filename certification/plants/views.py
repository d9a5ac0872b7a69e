"""The plant's portal pages of the on-site step and the access-checked files (finding photos,
rectification evidence). Objects are found through the user's organizations (or the team and
staff for files), so another enterprise's id is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.access import organizations_of
from website.core.files import private_file_response

from ..access import application_for_contact, is_certification_staff, portal_roles, reviews_for
from ..models import (
    CertificationError,
    FindingPhoto,
    Inspection,
    RectificationEvidence,
    Review,
)
from ..services import inspections
from .forms import EvidenceForm, TeamFindingForm, TeamVisitForm


def can_read_inspection(user, inspection: Inspection) -> bool:
    """Staff, the team and the applicant's contacts."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_certification_staff(user) or inspections.is_inspector(user, inspection):
        return True
    if organizations_of(user).filter(pk=inspection.application.organization_id).exists():
        return True
    # The experts grading the application after the inspection.
    return (
        reviews_for(user)
        .filter(
            application_id=inspection.application_id,
            status__in=[Review.Status.IN_PROGRESS, Review.Status.SUBMITTED],
        )
        .exists()
    )


def _inspection_of(request, number: str) -> Inspection:
    application = application_for_contact(request.user, number)
    inspection = (
        Inspection.objects.filter(application=application)
        .select_related("application__scheme", "application__plant")
        .first()
    )
    if inspection is None:
        raise Http404
    return inspection


@login_required
def inspection(request: HttpRequest, number: str) -> HttpResponse:
    item = _inspection_of(request, number)
    return render(
        request,
        "certification/plants/portal/inspection.html",
        {
            "application": item.application,
            "inspection": item,
            "members": item.members.select_related("expert__person", "user"),
            "findings": item.findings.select_related("criterion").prefetch_related("photos"),
            "rectifications": item.rectifications.prefetch_related("evidence"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification_evidence(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    item = _inspection_of(request, number)
    rectification = get_object_or_404(item.rectifications, pk=pk)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            inspections.submit_evidence(
                rectification,
                user=request.user,
                files=form.cleaned_data["files"],
                response=form.cleaned_data["response"],
            )
        except CertificationError as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Evidence submitted; the inspection team will check it."))
            return redirect("certification:inspection", number)
    return render(
        request,
        "certification/plants/portal/evidence_form.html",
        {
            "application": item.application,
            "rectification": rectification,
            "form": form,
            "error": error,
        },
    )


@login_required
def finding_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(
        FindingPhoto.objects.select_related("finding__inspection__application"), pk=pk
    )
    if not can_read_inspection(request.user, photo.finding.inspection):
        raise Http404
    return private_file_response(
        photo.file, filename=photo.original_name, content_type=photo.content_type or None
    )


@login_required
def rectification_file(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        RectificationEvidence.objects.select_related("rectification__inspection__application"),
        pk=pk,
    )
    if not can_read_inspection(request.user, item.rectification.inspection):
        raise Http404
    return private_file_response(
        item.file,
        filename=item.original_name,
        content_type=item.content_type or None,
        as_attachment=True,
    )


# The inspection team in the portal (experts of the pool need no admin access) ---------------


def inspections_of(user):
    """The inspections whose team the user is on (as an expert or as staff)."""
    if not getattr(user, "is_authenticated", False):
        return Inspection.objects.none()
    return Inspection.objects.filter(
        Q(members__expert__person__user=user) | Q(members__user=user)
    ).distinct()


def portal_section_context(request, user) -> dict | None:
    # Most users are on no team: the roles (one query for the portal's three cards) spare
    # them the list (its DISTINCT over the joins and the applications' columns).
    if not portal_roles(request).inspects:
        return None
    open_items = list(
        inspections_of(user)
        .exclude(status=Inspection.Status.CLOSED)
        .select_related("application")
        .order_by("planned_on")
    )
    return {"inspections": open_items} if open_items else None


@login_required
@require_http_methods(["GET", "POST"])
def team_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's page: record the visit, then findings with photos and deductions."""
    item = get_object_or_404(
        inspections_of(request.user).select_related(
            "application__criteria_set", "application__plant"
        ),
        pk=pk,
    )
    step = request.POST.get("step", "")
    posted = request.method == "POST"
    visit_form = TeamVisitForm(request.POST if posted and step == "visit" else None)
    finding_form = TeamFindingForm(
        request.POST if posted and step == "finding" else None,
        request.FILES if posted and step == "finding" else None,
        inspection=item,
    )
    error = ""
    form = visit_form if step == "visit" else finding_form
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            if step == "visit":
                inspections.record_visit(
                    item, user=request.user, visited_on=data["visited_on"], summary=data["summary"]
                )
            else:
                inspections.add_finding(
                    item,
                    user=request.user,
                    description=data["description"],
                    criterion=data["criterion"],
                    deduction=data["deduction"] or 0,
                    photos=data["photos"],
                )
        except CertificationError as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("certification:team_inspection", pk)
    return render(
        request,
        "certification/plants/portal/team_inspection.html",
        {
            "inspection": item,
            "application": item.application,
            "members": item.members.select_related("expert__person", "user"),
            "findings": item.findings.select_related("criterion").prefetch_related("photos"),
            "rectifications": item.rectifications.prefetch_related("evidence"),
            "visit_form": visit_form,
            "finding_form": finding_form,
            "error": error,
        },
    )
