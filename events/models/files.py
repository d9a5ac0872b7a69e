"""Checks for uploaded files: the type comes from the content, not from the name."""

from __future__ import annotations

import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}
IMAGE_TYPES = {"image/jpeg", "image/png"}


def sniff(file) -> tuple[str, str] | None:
    """(content type, extension) read from the first bytes, or None when not accepted."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(16)
    file.seek(position)
    for signature, found in SIGNATURES.items():
        if head.startswith(signature):
            return found
    return None


def safe_name(name: str, extension: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = re.sub(r"[^\w\-]+", "_", stem, flags=re.UNICODE).strip("._")[:80] or "file"
    return f"{stem}{extension}"


def validate_private_upload(file) -> tuple[str, str]:
    """A PDF, JPEG or PNG within the size limit; returns (content type, safe file name)."""
    limit = settings.PRIVATE_UPLOAD_MAX_SIZE
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(size)d MB).") % {"size": limit // (1024 * 1024)}
        )
    found = sniff(file)
    if found is None:
        raise ValidationError(_("Upload a PDF, JPEG or PNG file."))
    content_type, extension = found
    return content_type, safe_name(file.name, extension)


def validate_image_upload(file) -> None:
    if getattr(file, "size", 0) > 2 * 1024 * 1024:
        raise ValidationError(_("The logo is too large (at most 2 MB)."))
    found = sniff(file)
    if found is None or found[0] not in IMAGE_TYPES:
        raise ValidationError(_("Upload the logo as a JPEG or PNG image."))
