"""Real sample files for upload tests, small and made on the fly: uploads are checked by
parsing them (website.core.files), so a few magic bytes no longer pass for a PDF or a PNG."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import cache

from PIL import Image
from pypdf import PdfWriter


@cache
def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _image(kind: str, size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 60)).save(buffer, format=kind)
    return buffer.getvalue()


@cache
def png_bytes() -> bytes:
    return _image("PNG")


@cache
def jpeg_bytes() -> bytes:
    return _image("JPEG")


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@cache
def docx_bytes() -> bytes:
    """A minimal Word document: the three parts an OOXML package needs."""
    return _zip(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
                '.org/officeDocument/2006/relationships/officeDocument" '
                'Target="word/document.xml"/></Relationships>'
            ),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                'main"><w:body><w:p><w:r><w:t>自评报告</w:t></w:r></w:p></w:body></w:document>'
            ),
        }
    )


@cache
def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["单位", "得分"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes() -> bytes:
    return _zip({"readme.txt": "not a Word document"})


@cache
def ofd_bytes() -> bytes:
    """A minimal OFD (GB/T 33190) package: OFD.xml at the root naming its document."""
    return _zip(
        {
            "OFD.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD">'
                "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
                "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
            ),
            "Doc_0/Document.xml": (
                '<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>'
                "<ofd:MaxUnitID>1</ofd:MaxUnitID></ofd:CommonData></ofd:Document>"
            ),
        }
    )


def docx_with_broken_xml() -> bytes:
    """A Word package whose main part is not XML: a renamed page with the right file names."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as archive:
        parts = {name: archive.read(name).decode() for name in archive.namelist()}
    parts["word/document.xml"] = HTML.decode() + "<unclosed>"
    return _zip(parts)


def ofd_without_root() -> bytes:
    """An OFD's parts with OFD.xml moved into a folder: not an OFD package."""
    with zipfile.ZipFile(io.BytesIO(ofd_bytes())) as archive:
        return _zip({f"Doc/{name}": archive.read(name).decode() for name in archive.namelist()})


@cache
def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A 1-bit PNG of width × height pixels that is about 100 KB on disk: written chunk by
    chunk, since Pillow would need the whole image in memory to save it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    compressor = zlib.compressobj(1)
    block = row * 1000
    data = b"".join(compressor.compress(block) for _ in range(height // 1000))
    data += compressor.compress(row * (height % 1000)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
