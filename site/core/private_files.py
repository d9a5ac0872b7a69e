"""Responses for files that only an access-checked view may hand out (private uploads,
Wagtail documents).

The caller has checked access. In production nginx sends the bytes: with the setting
PRIVATE_FILES_ACCEL_REDIRECT (e.g. "/_protected/"), a file of the private storage is answered
with an empty response whose `X-Accel-Redirect` names it under that `internal` location
(README, "Deploying"); nginx aliases the location to PRIVATE_MEDIA_ROOT. Without the setting,
or for a storage without local paths (an object store), Django streams the file.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

# Never let a browser run what it downloads from us inline.
SANDBOX_CSP = "default-src 'none'; img-src 'self'; sandbox"


def accel_path(file_field) -> str | None:
    """The internal nginx path of a stored file, or None when nginx cannot send it (no
    setting, a storage without paths, or a file outside PRIVATE_MEDIA_ROOT)."""
    prefix = getattr(settings, "PRIVATE_FILES_ACCEL_REDIRECT", "")
    if not prefix:
        return None
    try:
        path = Path(file_field.storage.path(file_field.name)).resolve()
    except NotImplementedError:
        return None
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    if not path.is_relative_to(root):
        return None
    return "/" + prefix.strip("/") + "/" + quote(path.relative_to(root).as_posix())


def private_file_response(
    file_field,
    *,
    filename: str,
    content_type: str | None = None,
    as_attachment: bool = False,
    cache_control: str = "private, no-store",
    buffered: bool = False,
) -> HttpResponse:
    """The file under `filename` (the name the person sees; the stored name may carry a
    random token), handed to nginx when PRIVATE_FILES_ACCEL_REDIRECT is set.

    `buffered` reads the file into a plain HttpResponse instead of streaming it, for callers
    that must return an HttpResponse (Wagtail's before_serve_document hooks ignore streaming
    responses); only for files of bounded size (documents: WAGTAILDOCS_MAX_UPLOAD_SIZE)."""
    if not file_field:
        raise Http404
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    internal = accel_path(file_field)
    if internal is not None:
        if not file_field.storage.exists(file_field.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = internal
        disposition = content_disposition_header(as_attachment, filename)
        if disposition:
            response["Content-Disposition"] = disposition
    else:
        try:
            handle = file_field.storage.open(file_field.name, "rb")
        except FileNotFoundError as error:
            raise Http404 from error
        if buffered:
            with handle:
                response = HttpResponse(handle.read(), content_type=content_type)
            response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        else:
            response = FileResponse(
                handle, content_type=content_type, filename=filename, as_attachment=as_attachment
            )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    response["Content-Security-Policy"] = SANDBOX_CSP
    return response
