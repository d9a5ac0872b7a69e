"""Evidence uploads: type checked by content, size limited, names sanitized."""

from __future__ import annotations

import io
import os
import re
import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from website.core.files import check_file, kind_for_extension

# The extensions we accept, each proved by parsing the file as that kind.
ALLOWED = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "doc", "xls", "ofd", "zip")


def sanitize_name(name: str, *, limit: int = 100) -> str:
    """A file name safe to store and to send back: no path, no control characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = re.sub(r'[<>:"/|?*;]+', "_", name).strip(" .")
    stem, extension = os.path.splitext(name)
    stem = stem[: max(1, limit - len(extension))] or "file"
    return f"{stem}{extension.lower()}"


def check_upload(upload) -> None:
    """Raise ValidationError unless the upload parses as the allowed type its name says,
    within the size limit (website.core.files)."""
    limit = getattr(settings, "PRIVATE_UPLOAD_MAX_SIZE", 20 * 1024 * 1024)
    name = sanitize_name(upload.name)
    extension = os.path.splitext(name)[1].lstrip(".").lower()
    kind = kind_for_extension(name)
    if extension not in ALLOWED or kind is None:
        raise forms.ValidationError(
            _("Upload PDF, image, Word, Excel, OFD or ZIP files only (%(types)s).")
            % {"types": ", ".join(sorted(ALLOWED))}
        )
    check_file(upload, [kind.name], max_size=limit)
    upload.safe_name = name
    upload.detected_type = kind.content_type


class EvidenceFileField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload)
        return upload


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
