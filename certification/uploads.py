"""Evidence uploads: type checked by content, size limited, names sanitized."""

from __future__ import annotations

import io
import os
import re
import unicodedata

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Extension → (content type, signatures the file must start with).
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
    "ofd": ("application/ofd", (b"PK\x03\x04",)),
    "zip": ("application/zip", (b"PK\x03\x04",)),
}


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
    """Raise ValidationError unless the upload is an allowed type, by content, within size."""
    limit = getattr(settings, "PRIVATE_UPLOAD_MAX_SIZE", 20 * 1024 * 1024)
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is too large (at most %(limit)s).") % {"limit": filesizeformat(limit)}
        )
    if upload.size == 0:
        raise forms.ValidationError(_("The file is empty."))
    name = sanitize_name(upload.name)
    extension = os.path.splitext(name)[1].lstrip(".").lower()
    if extension not in ALLOWED:
        raise forms.ValidationError(
            _("Upload PDF, image, Word, Excel, OFD or ZIP files only (%(types)s).")
            % {"types": ", ".join(sorted(ALLOWED))}
        )
    content_type, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise forms.ValidationError(
            _("The file's content does not match its type (.%(ext)s).") % {"ext": extension}
        )
    upload.safe_name = name
    upload.detected_type = content_type


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
