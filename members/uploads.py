"""Private uploads (business licences, payment proofs): checked by content, size-limited,
stored under sanitized names in the "private" storage and never under a public URL."""

from __future__ import annotations

import datetime
import posixpath
import re
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# The formats we accept, recognised by their first bytes (not by name or browser claim).
SIGNATURES: dict[str, tuple[bytes, str]] = {
    "pdf": (b"%PDF-", "application/pdf"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}
CONTENT_TYPES = {extension: content_type for extension, (_, content_type) in SIGNATURES.items()}


def private_storage() -> Storage:
    """The storage of private files; a callable so migrations do not pin a backend."""
    return storages["private"]


def sniff_extension(head: bytes) -> str | None:
    """The extension matching the file's magic bytes, or None for anything else."""
    for extension, (signature, _content_type) in SIGNATURES.items():
        if head.startswith(signature):
            return extension
    return None


def sanitize_filename(name: str, *, max_length: int = 60) -> str:
    """A safe base name: no path, no control or shell characters; Chinese is kept."""
    name = unicodedata.normalize("NFKC", posixpath.basename(str(name).replace("\\", "/")))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\-\u4e00-\u9fff]+", "-", stem).strip("-._")
    return stem[:max_length] or "file"


def validate_private_upload(upload) -> None:
    """Accept a PDF, JPEG or PNG no larger than settings.PRIVATE_UPLOAD_MAX_SIZE."""
    limit = settings.PRIVATE_UPLOAD_MAX_SIZE
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if sniff_extension(head) is None:
        raise ValidationError(
            _("Upload a PDF, JPEG or PNG file; this file is none of these."),
            code="file_type",
        )


def normalize_upload_name(upload) -> None:
    """Rename an accepted upload to its sanitized name with the extension its content has,
    so a renamed file cannot pose as another type."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    extension = sniff_extension(upload.read(16)) or "bin"
    upload.seek(position)
    upload.name = f"{sanitize_filename(upload.name)}.{extension}"


def _private_path(folder: str, filename: str) -> str:
    stem, _dot, extension = filename.rpartition(".")
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:5] or "bin"
    token = uuid.uuid4().hex[:12]
    year = datetime.date.today().year
    return f"{folder}/{year}/{token}-{sanitize_filename(stem or filename)}.{extension}"


def licence_upload_to(instance, filename: str) -> str:
    return _private_path("licences", filename)


def proof_upload_to(instance, filename: str) -> str:
    return _private_path("payment-proofs", filename)


def change_request_upload_to(instance, filename: str) -> str:
    return _private_path("change-requests", filename)


def content_type_of(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return CONTENT_TYPES.get(extension, "application/octet-stream")
