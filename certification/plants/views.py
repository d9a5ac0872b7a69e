"""The plant's portal pages of the on-site step and the access-checked files (finding photos,
rectification evidence). Objects are found through the user's organizations (or the team and
staff for files), so another enterprise's id is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from members.access import organizations_of
from website.core.files import private_file_response

from ..access import application_for_contact, is_certification_staff
from ..models import CertificationError, FindingPhoto, Inspection, RectificationEvidence
from ..services import inspections
from .forms import EvidenceForm


def can_read_inspection(user, inspection: Inspection) -> bool:
    """Staff, the team and the applicant's contacts."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_certification_staff(user) or inspections.is_inspector(user, inspection):
        return True
    return organizations_of(user).filter(pk=inspection.application.organization_id).exists()


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
