"""The files kit: one upload checker, one private storage, one access-checked file response.

Checking: first bytes only say which parser to try; a file is accepted when it parses as one of
the kinds its field allows (a PNG header followed by HTML, a truncated PDF, a zip renamed .docx
fail to parse and are refused). A name that claims an allowed kind must hold it. Images decode
with Pillow within a pixel cap, so a small file that would expand to gigabytes (a decompression
bomb) is refused before decoding. `filetype` (Willow's sniffer, so already installed with
Wagtail) only names what a refused file is, for the message.

Storing: private uploads (licences, proofs, evidence, documents) live in the "private" storage,
never under MEDIA_URL, and are handed out only by `private_file_response` after the view has
checked access. In production nginx sends the bytes: with PRIVATE_FILES_ACCEL_REDIRECT (e.g.
"/_protected/") the response is empty and its `X-Accel-Redirect` names the file under that
`internal` location (README, "Deploying"), aliased to PRIVATE_MEDIA_ROOT."""

from __future__ import annotations

import datetime
import io
import mimetypes
import posixpath
import re
import secrets
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from PIL import Image

# Images above this many pixels are refused (Pillow's own warning starts at 89 million).
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000
# A zip (docx, xlsx, ofd) may not claim to expand beyond this, nor hold more members.
MAX_ZIP_EXPANDED = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"


class Damaged(Exception):
    """The file starts like its kind but does not parse as one."""


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str
    signatures: tuple[bytes, ...]
    parse: Callable[[io.BufferedIOBase], None]


def max_image_pixels() -> int:
    return getattr(settings, "UPLOAD_MAX_IMAGE_PIXELS", DEFAULT_MAX_IMAGE_PIXELS)


class TooManyPixels(Exception):
    def __init__(self, pixels: int | None):
        super().__init__(pixels)
        self.pixels = pixels


def parse_image(file) -> None:
    """Open, check the pixel count before decoding, verify, then decode fully."""
    limit = max_image_pixels()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(file) as image:
                width, height = image.size
                frames = getattr(image, "n_frames", 1)
                if width * height * frames > limit:
                    raise TooManyPixels(width * height * frames)
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise TooManyPixels(None) from None
        except TooManyPixels:
            raise
        except Exception as error:  # noqa: BLE001 - whatever Pillow raises, it is not an image
            raise Damaged(str(error)) from error


def _parse_pdf(file) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            return  # a protected PDF is still a PDF; its pages cannot be read without the key
        if len(reader.pages) < 1:
            raise Damaged("no pages")
    except Damaged:
        raise
    except Exception as error:  # noqa: BLE001 - pypdf raises many types on broken files
        raise Damaged(str(error)) from error


def _open_zip(file) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(file)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise Damaged(str(error)) from error
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_EXPANDED:
        raise Damaged("archive expands too far")
    return archive


def _xml_root(archive: zipfile.ZipFile, name: str) -> str:
    """The local name of the part's root element, once the whole part has parsed as XML
    (defusedxml: no entity expansion, no DTD tricks, no external references)."""
    from defusedxml.ElementTree import iterparse

    root = None
    try:
        with archive.open(name) as stream:
            for event, element in iterparse(stream, events=("start", "end")):
                root = root or element.tag
                if event == "end":
                    element.clear()
    except Exception as error:  # noqa: BLE001 - a broken member or XML: not this kind
        raise Damaged(f"{name}: {error}") from error
    if root is None:
        raise Damaged(f"{name} is empty")
    return root.rsplit("}", 1)[-1]


def _parse_zip(file) -> None:
    _open_zip(file)


def _ooxml_package(file, main_part: str, main_content_type: str) -> zipfile.ZipFile:
    """An Office Open XML package: a zip whose [Content_Types].xml names its main part."""
    archive = _open_zip(file)
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or main_part not in names:
        raise Damaged("not an Office Open XML package of this kind")
    if archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
        raise Damaged("content types too large")
    try:
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except Exception as error:  # noqa: BLE001 - a broken member
        raise Damaged(str(error)) from error
    if main_content_type not in content_types:
        raise Damaged("wrong content type")
    return archive


def _ooxml(main_part: str, main_content_type: str, root: str) -> Callable:
    """A Word or PowerPoint file: the package, and its main part parses as that XML."""

    def parse(file) -> None:
        archive = _ooxml_package(file, main_part, main_content_type)
        if _xml_root(archive, main_part) != root:
            raise Damaged(f"{main_part} is not a {root}")

    return parse


def _parse_xlsx(file) -> None:
    """An Excel workbook: the package, and openpyxl opens it (read-only: sheets stay unread)."""
    from openpyxl import load_workbook

    _ooxml_package(file, "xl/workbook.xml", EXCEL_MAIN)
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            load_workbook(file, read_only=True).close()
    except Exception as error:  # noqa: BLE001 - openpyxl raises many types on broken files
        raise Damaged(str(error)) from error


def _parse_ofd(file) -> None:
    """An OFD (GB/T 33190) document: a zip whose OFD.xml, at its root, parses as <ofd:OFD>."""
    archive = _open_zip(file)
    if "OFD.xml" not in archive.namelist() or _xml_root(archive, "OFD.xml") != "OFD":
        raise Damaged("not an OFD package")


def _parse_ole(file) -> None:
    """A legacy Office file (compound file): check the header's fixed fields."""
    header = file.read(512)
    if (
        len(header) < 512
        or header[28:30] != b"\xfe\xff"
        or header[30:32] not in (b"\x09\x00", b"\x0c\x00")
        or header[32:34] != b"\x06\x00"
    ):
        raise Damaged("not a compound file")


WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
POWERPOINT_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)

KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in (
        FileKind("pdf", "application/pdf", ".pdf", (b"%PDF-",), _parse_pdf),
        FileKind("jpeg", "image/jpeg", ".jpg", (b"\xff\xd8\xff",), parse_image),
        FileKind("png", "image/png", ".png", (b"\x89PNG\r\n\x1a\n",), parse_image),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            (ZIP_SIGNATURE,),
            _ooxml("word/document.xml", WORD_MAIN, "document"),
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            (ZIP_SIGNATURE,),
            _parse_xlsx,
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx",
            (ZIP_SIGNATURE,),
            _ooxml("ppt/presentation.xml", POWERPOINT_MAIN, "presentation"),
        ),
        FileKind("doc", "application/msword", ".doc", (OLE_SIGNATURE,), _parse_ole),
        FileKind("ppt", "application/vnd.ms-powerpoint", ".ppt", (OLE_SIGNATURE,), _parse_ole),
        FileKind("xls", "application/vnd.ms-excel", ".xls", (OLE_SIGNATURE,), _parse_ole),
        FileKind("ofd", "application/ofd", ".ofd", (ZIP_SIGNATURE,), _parse_ofd),
        FileKind("zip", "application/zip", ".zip", (ZIP_SIGNATURE,), _parse_zip),
    )
}
# What each upload field takes. Scans and photos: licences, payment proofs, change requests.
SCANS = ("pdf", "jpeg", "png")
IMAGES = ("jpeg", "png")
# Certification evidence: also office files, OFD (China's fixed-layout format) and archives.
EVIDENCE = ("pdf", "jpeg", "png", "docx", "xlsx", "doc", "xls", "ofd", "zip")


def _rewind(upload) -> None:
    if hasattr(upload, "seek"):
        upload.seek(0)


def _size(upload) -> int | None:
    size = getattr(upload, "size", None)
    if size is None and hasattr(upload, "seek"):
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    return size


def check_file(upload, kinds: Iterable[str], *, max_size: int | None = None) -> FileKind:
    """The kind of the upload among `kinds`, proved by parsing it; ValidationError otherwise.

    A name whose extension claims one of the allowed kinds must be that kind (a zip named
    .docx is refused even where zips are welcome). An upload already proved to be one of
    `kinds` (by its form field, then again by a service) is not parsed twice. The upload is
    left rewound to its start."""
    allowed = [KINDS[name] for name in kinds]
    size = _size(upload)
    if max_size is not None and size is not None and size > max_size:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_size)},
        )
    if getattr(upload, "checked_kind", None) in allowed:
        return upload.checked_kind
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    _rewind(upload)
    head = upload.read(8192)
    candidates = [kind for kind in allowed if head.startswith(kind.signatures)]
    claimed = kind_for_extension(getattr(upload, "name", "") or "")
    if claimed in candidates:
        candidates = [claimed]
    if not candidates:
        _rewind(upload)
        raise _wrong_type(head, allowed)
    try:
        for kind in candidates:
            _rewind(upload)
            try:
                kind.parse(upload)
            except Damaged:
                continue
            upload.checked_kind = kind
            return kind
    except TooManyPixels as error:
        raise ValidationError(
            _("The image is too large (%(pixels)s pixels); the limit is %(limit)s pixels."),
            code="too_many_pixels",
            params={
                "pixels": f"{error.pixels:,}" if error.pixels else _("too many"),
                "limit": f"{max_image_pixels():,}",
            },
        ) from None
    finally:
        _rewind(upload)
    if len(candidates) == len(allowed):
        raise ValidationError(
            _("The file is damaged or is not really a %(type)s file."),
            code="damaged",
            params={"type": type_list(candidates)},
        )
    raise ValidationError(
        _(
            "The file is damaged or is not really a %(type)s file. Upload a file of one of "
            "these types: %(types)s."
        ),
        code="damaged",
        params={"type": type_list(candidates), "types": type_list(allowed)},
    )


def _wrong_type(head: bytes, allowed: list[FileKind]) -> ValidationError:
    """The refusal of a file that is none of the allowed kinds, naming what it is if known."""
    found = filetype.guess(head)
    if found is None:
        return ValidationError(
            _("Upload a file of one of these types: %(types)s."),
            code="file_type",
            params={"types": type_list(allowed)},
        )
    return ValidationError(
        _("This is a %(found)s file. Upload a file of one of these types: %(types)s."),
        code="file_type",
        params={"found": found.extension.upper(), "types": type_list(allowed)},
    )


def kind_for_extension(name: str) -> FileKind | None:
    """The kind a file name's extension claims (jpg and jpeg both mean JPEG)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = {"jpg": "jpeg"}.get(extension, extension)
    return KINDS.get(extension)


def type_list(kinds: Iterable[FileKind]) -> str:
    return ", ".join(kind.extension.lstrip(".").upper() for kind in kinds)


def safe_filename(name: str, extension: str | None = None, *, limit: int = 80) -> str:
    """A name safe to store and to send back: no path, no control or shell characters, Chinese
    kept; with `extension` (the one the content proved) instead of the name's own."""
    name = unicodedata.normalize("NFKC", posixpath.basename(str(name or "").replace("\\", "/")))
    stem, own_extension = posixpath.splitext(name)
    stem = re.sub(r"[^\w\-()（）]+", "-", stem).strip("-._")[:limit] or "file"
    extension = extension if extension is not None else own_extension.lower()
    return stem + re.sub(r"[^a-z0-9.]", "", extension.lower())[:6]


def accept(upload, kinds: Iterable[str] = SCANS, *, max_size: int | None = None) -> FileKind:
    """Check a private upload (within PRIVATE_UPLOAD_MAX_SIZE unless told) and rename it to a
    safe name with the extension its content has, so a file cannot pose as another type; the
    kind returned gives its content type."""
    if max_size is None:
        max_size = settings.PRIVATE_UPLOAD_MAX_SIZE
    kind = check_file(upload, kinds, max_size=max_size)
    upload.name = safe_filename(upload.name, kind.extension)
    return kind


class UploadField(forms.FileField):
    """A form's file input for one field's allow-list of kinds and size limit (by default
    PRIVATE_UPLOAD_MAX_SIZE); the file must parse as one of the kinds."""

    def __init__(self, *args, kinds: Iterable[str] = SCANS, max_size: int | None = None, **kw):
        self.kinds = tuple(kinds)
        self.max_size = max_size
        extensions = {KINDS[kind].extension for kind in self.kinds}
        extensions |= {".jpeg"} if "jpeg" in self.kinds else set()
        kw.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": ",".join(sorted(extensions))})
        )
        super().__init__(*args, **kw)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read"):
            limit = self.max_size or settings.PRIVATE_UPLOAD_MAX_SIZE
            check_file(value, self.kinds, max_size=limit)
        return value


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used and again after the setting changes (as
    Django's default_storage is), so a field's storage follows the settings in tests."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage() -> Storage:
    """The storage of private files (STORAGES["private"], on the file system or an S3 bucket);
    a callable so that migrations name this function instead of pinning a backend."""
    return _private_storage


@deconstructible
class PrivateUploadTo:
    """`upload_to` for private uploads: `<folder>/<year>/<random token>-<safe name>`, so a
    stored path cannot be guessed and still says what the file is."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        name = safe_filename(filename)
        stem, extension = posixpath.splitext(name)
        year = datetime.date.today().year
        return f"{self.folder}/{year}/{secrets.token_hex(6)}-{stem[:60]}{extension or '.bin'}"


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


def pdf_response(content: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A generated PDF as a response: personal documents, so never stored by a cache."""
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def private_file_response(
    file_field,
    *,
    filename: str = "",
    content_type: str | None = None,
    as_attachment: bool = False,
    cache_control: str = "private, no-store",
    buffered: bool = False,
    rewrite: Callable[[bytes], bytes] | None = None,
) -> HttpResponse:
    """The stored file of a view that has checked access, under `filename` (the name the
    person sees, given the stored file's extension if it has none; the stored name may carry a
    random token), handed to nginx when PRIVATE_FILES_ACCEL_REDIRECT is set.

    `rewrite` changes the bytes on the way out (a blind review strips a PDF's author), so
    Django sends them. `buffered` reads the file into a plain HttpResponse instead of streaming
    it, for callers that must return one (Wagtail's before_serve_document hooks ignore
    streaming responses); only for files of bounded size (WAGTAILDOCS_MAX_UPLOAD_SIZE)."""
    if not file_field:
        raise Http404
    stored = posixpath.basename(file_field.name)
    filename = filename or stored
    if not posixpath.splitext(filename)[1]:
        filename += posixpath.splitext(stored)[1]
    content_type = (
        content_type
        or mimetypes.guess_type(stored)[0]
        or mimetypes.guess_type(filename)[0]
        or "application/octet-stream"
    )
    internal = None if rewrite else accel_path(file_field)
    if internal is not None:
        if not file_field.storage.exists(file_field.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = internal
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    else:
        try:
            handle = file_field.storage.open(file_field.name, "rb")
        except FileNotFoundError as error:
            raise Http404 from error
        if rewrite is not None:
            with handle:
                handle = io.BytesIO(rewrite(handle.read()))
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


def web_image(upload, *, max_side: int = 800):
    """A checked JPEG or PNG re-encoded for the web, at most max_side pixels on its longer
    side: what public pages show inline instead of the uploaded original (which may be
    thousands of pixels wide, or carry bytes after the image)."""
    from django.core.files.base import ContentFile

    kind = check_file(upload, IMAGES)
    with Image.open(upload) as image:
        image.thumbnail((max_side, max_side))
        if kind.name == "jpeg":
            image = image.convert("RGB")
        elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        output = io.BytesIO()
        image.save(output, format="JPEG" if kind.name == "jpeg" else "PNG", optimize=True)
    _rewind(upload)
    return ContentFile(output.getvalue(), name=safe_filename(upload.name, kind.extension))
