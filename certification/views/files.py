"""Private files: evidence and certificate PDFs, served only after a per-object check."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from ..access import blind_name, can_download_certificate, can_read_attachment, reads_blind
from ..models import Attachment, Certificate
from ..pdf import render
from ..uploads import without_pdf_metadata


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Attachment.objects.select_related("application__scheme", "requirement"), pk=pk
    )
    if not can_read_attachment(request.user, item):
        raise Http404
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    filename = item.original_name
    if reads_blind(request.user, item):
        # Blind review: neither the applicant's file name nor the PDF's author may show.
        filename = blind_name(item)
        if item.content_type == "application/pdf":
            with handle:
                handle = io.BytesIO(without_pdf_metadata(handle.read()))
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=item.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def certificate_pdf(request: HttpRequest, number: str) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.select_related("scheme", "application"), number=number
    )
    if not can_download_certificate(request.user, certificate):
        raise Http404
    response = HttpResponse(render(certificate, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
