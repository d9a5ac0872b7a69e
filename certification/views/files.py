"""Private files: evidence and certificate PDFs, served only after a per-object check."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from website.core.files import pdf_response, private_file_response

from ..access import blind_name, can_download_certificate, can_read_attachment, reads_blind
from ..models import Attachment, Certificate


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        Attachment.objects.select_related("application__scheme", "requirement"), pk=pk
    )
    if not can_read_attachment(request.user, item):
        raise Http404
    filename, rewrite = item.original_name, None
    if reads_blind(request.user, item):
        # Blind review: neither the applicant's file name nor the PDF's author may show.
        filename = blind_name(item)
        if item.content_type == "application/pdf":
            rewrite = without_pdf_metadata
    return private_file_response(
        item.file,
        filename=filename,
        content_type=item.content_type or None,
        as_attachment=True,
        rewrite=rewrite,
    )


def without_pdf_metadata(data: bytes) -> bytes:
    """The PDF without its document information and XMP metadata (author, company, title),
    which word processors fill with the names a blind review must hide. A file pypdf cannot
    read is returned unchanged."""
    from pypdf import PdfReader, PdfWriter

    try:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.metadata = None
        writer.xmp_metadata = None
        for page in writer.pages:
            if "/Metadata" in page:
                del page["/Metadata"]
        output = io.BytesIO()
        writer.write(output)
    except Exception:  # noqa: BLE001 - a damaged PDF is served as it was uploaded
        return data
    return output.getvalue()


@login_required
def certificate_pdf(request: HttpRequest, number: str) -> HttpResponse:
    from ..pdf import render

    certificate = get_object_or_404(
        Certificate.objects.select_related("scheme", "application"), number=number
    )
    if not can_download_certificate(request.user, certificate):
        raise Http404
    return pdf_response(
        render(certificate, request=request), f"{certificate.number}.pdf", inline=False
    )
