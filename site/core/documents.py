"""Wagtail documents live in the private storage, never under MEDIA_ROOT.

nginx serves MEDIA_ROOT to anyone under /media/ (public images and renditions only). A
document is stored in the private storage as `documents/<random token>/<its name>`, so its
stored path cannot be guessed while the name people download keeps the human filename, and it
is handed out only by Wagtail's serve view (WAGTAILDOCS_SERVE_METHOD = "serve_view") after the
`before_serve_document` hooks have checked access (publications: members-only bulletins).

Wagtail's Document model is not ours, so `install()` points its file field at the private
storage when the app registry is ready; the field keeps describing itself as before, so no
migration of Wagtail's app is ever asked for (publications' migration 0003 moved the files).
"""

from __future__ import annotations

import posixpath
import secrets

from django.http import HttpResponse

from .files import private_file_response, private_storage

DOCUMENTS_DIR = "documents"


def document_upload_to(instance, filename: str) -> str:
    """`documents/<token>/<filename>`: 128 random bits in the stored path."""
    return posixpath.join(DOCUMENTS_DIR, secrets.token_hex(16), posixpath.basename(filename))


def install() -> None:
    from wagtail.documents import get_document_model

    field = get_document_model()._meta.get_field("file")
    if getattr(field, "_kept_private", False):
        return
    described = field.deconstruct

    def deconstruct():
        name, path, args, kwargs = described()
        kwargs["upload_to"] = DOCUMENTS_DIR
        kwargs.pop("storage", None)
        return name, path, args, kwargs

    field.storage = private_storage()
    field.upload_to = document_upload_to
    field.deconstruct = deconstruct
    field._kept_private = True


def serve_document(request, document, *, cache_control: str = "") -> HttpResponse:
    """The document's file, through nginx's internal location when configured; a plain
    HttpResponse, as `before_serve_document` hooks must return."""
    from wagtail.documents.models import document_served

    document_served.send(sender=type(document), instance=document, request=request)
    inline = document.content_disposition == "inline"
    return private_file_response(
        document.file,
        filename=document.filename,
        content_type=document.content_type,
        as_attachment=not inline,
        cache_control=cache_control or "private, no-store",
        buffered=True,
    )
