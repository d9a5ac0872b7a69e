"""Private uploads (business licences, payment proofs): checked by content, size-limited,
stored under sanitized names in the "private" storage and never under a public URL."""

from __future__ import annotations

import datetime
import posixpath
import re
import unicodedata
import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages

from website.core.files import KINDS, SCANS, check_file

# The formats we accept; website.core.files proves a file is one by parsing it.
PRIVATE_KINDS = SCANS
CONTENT_TYPES = {
    KINDS[kind].extension.lstrip("."): KINDS[kind].content_type for kind in PRIVATE_KINDS
}
CONTENT_TYPES["jpeg"] = CONTENT_TYPES["jpg"]


def private_storage() -> Storage:
    """The storage of private files; a callable so migrations do not pin a backend."""
    return storages["private"]


def sniff_extension(head: bytes) -> str | None:
    """The extension matching the file's first bytes, or None for anything else (a hint for
    naming; `validate_private_upload` is what proves the content)."""
    for kind in PRIVATE_KINDS:
        if head.startswith(KINDS[kind].signatures):
            return KINDS[kind].extension.lstrip(".")
    return None


def sanitize_filename(name: str, *, max_length: int = 60) -> str:
    """A safe base name: no path, no control or shell characters; Chinese is kept."""
    name = unicodedata.normalize("NFKC", posixpath.basename(str(name).replace("\\", "/")))
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\-\u4e00-\u9fff]+", "-", stem).strip("-._")
    return stem[:max_length] or "file"


def validate_private_upload(upload) -> None:
    """Accept a PDF, JPEG or PNG that parses as one, no larger than
    settings.PRIVATE_UPLOAD_MAX_SIZE."""
    check_file(upload, PRIVATE_KINDS, max_size=settings.PRIVATE_UPLOAD_MAX_SIZE)


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
