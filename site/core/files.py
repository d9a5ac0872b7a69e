"""The one upload checker: a file is accepted when it parses as the kind it claims to be.

First bytes only say which parser to try; a PNG header followed by HTML, a truncated PDF or
a renamed zip fails to parse and is refused. Images decode with Pillow within a pixel cap, so
a small file that would expand to gigabytes (a decompression bomb) is refused before decoding.
Every app's upload validators call `check_file`; Wagtail's image forms use it through
website.core.media_forms (WAGTAILIMAGES_IMAGE_FORM_BASE)."""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
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

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


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


def _parse_zip(file) -> None:
    _open_zip(file)


def _ooxml(main_part: str, main_content_type: str) -> Callable:
    """An Office Open XML package: a zip whose [Content_Types].xml names its main part."""

    def parse(file) -> None:
        archive = _open_zip(file)
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or main_part not in names:
            raise Damaged("not an Office Open XML package of this kind")
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1024 * 1024:
            raise Damaged("content types too large")
        try:
            content_types = archive.read(info).decode("utf-8", "replace")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise Damaged(str(error)) from error
        if main_content_type not in content_types:
            raise Damaged("wrong content type")

    return parse


def _parse_ofd(file) -> None:
    archive = _open_zip(file)
    if "OFD.xml" not in archive.namelist():
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
            _ooxml("word/document.xml", WORD_MAIN),
        ),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            (ZIP_SIGNATURE,),
            _ooxml("xl/workbook.xml", EXCEL_MAIN),
        ),
        FileKind(
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx",
            (ZIP_SIGNATURE,),
            _ooxml("ppt/presentation.xml", POWERPOINT_MAIN),
        ),
        FileKind("doc", "application/msword", ".doc", (OLE_SIGNATURE,), _parse_ole),
        FileKind("ppt", "application/vnd.ms-powerpoint", ".ppt", (OLE_SIGNATURE,), _parse_ole),
        FileKind("xls", "application/vnd.ms-excel", ".xls", (OLE_SIGNATURE,), _parse_ole),
        FileKind("ofd", "application/ofd", ".ofd", (ZIP_SIGNATURE,), _parse_ofd),
        FileKind("zip", "application/zip", ".zip", (ZIP_SIGNATURE,), _parse_zip),
    )
}
# Private uploads (licences, payment proofs): scans and photos.
DOCUMENT_SCANS = ("pdf", "jpeg", "png")
IMAGES = ("jpeg", "png")


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

    The upload is left rewound to its start."""
    kinds = [KINDS[name] for name in kinds]
    size = _size(upload)
    if max_size is not None and size is not None and size > max_size:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_size)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    _rewind(upload)
    head = upload.read(16)
    candidates = [kind for kind in kinds if head.startswith(kind.signatures)]
    if not candidates:
        _rewind(upload)
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s."),
            code="file_type",
            params={"types": type_list(kinds)},
        )
    try:
        for kind in candidates:
            _rewind(upload)
            try:
                kind.parse(upload)
            except Damaged:
                continue
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
    raise ValidationError(
        _("The file is damaged or is not really a %(type)s file."),
        code="damaged",
        params={"type": type_list(candidates)},
    )


def kind_for_extension(name: str) -> FileKind | None:
    """The kind a file name's extension claims (jpg and jpeg both mean JPEG)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    extension = {"jpg": "jpeg"}.get(extension, extension)
    return KINDS.get(extension)


def type_list(kinds: Iterable[FileKind]) -> str:
    return ", ".join(kind.extension.lstrip(".").upper() for kind in kinds)


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
    stem = (getattr(upload, "name", "") or "image").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return ContentFile(output.getvalue(), name=f"{stem or 'image'}{kind.extension}")
