"""Checks for uploaded files: the type comes from the content, not from the name."""

from __future__ import annotations

import os
import re

from django.conf import settings

from website.core.files import IMAGES, SCANS, check_file

PRIVATE_KINDS = SCANS


def safe_name(name: str, extension: str) -> str:
    stem = os.path.splitext(os.path.basename(name or ""))[0]
    stem = re.sub(r"[^\w\-]+", "_", stem, flags=re.UNICODE).strip("._")[:80] or "file"
    return f"{stem}{extension}"


def validate_private_upload(file) -> tuple[str, str]:
    """A PDF, JPEG or PNG within the size limit; returns (content type, safe file name)."""
    kind = check_file(file, PRIVATE_KINDS, max_size=settings.PRIVATE_UPLOAD_MAX_SIZE)
    return kind.content_type, safe_name(file.name, kind.extension)


def validate_image_upload(file) -> None:
    """A logo: a JPEG or PNG of at most 2 MB that decodes within the pixel limit."""
    check_file(file, IMAGES, max_size=2 * 1024 * 1024)
