"""Reading QR codes as a phone does: what the product shows or prints is turned into pixels and
decoded with zxing-cpp, a real decoder.

Every code found must be a regular QR code (WeChat, phone cameras and most scanners do not
read Micro QR) with a light quiet zone of four modules around it. PDFs are rendered with
pdfium (pypdfium2), SVGs with resvg (resvg-py): both are wheels from PyPI, no system library.
"""

from __future__ import annotations

import io
import re

import pypdfium2
import resvg_py
import zxingcpp
from PIL import Image

QUIET_ZONE = 4
LIGHT = 160  # a pixel lighter than this counts as light


def read_image(image: Image.Image) -> list[str]:
    """The texts of the QR codes in the image, in reading order; fails on a Micro QR code,
    any other kind of barcode, or a quiet zone that is not light for four modules."""
    gray = image.convert("L")
    codes = zxingcpp.read_barcodes(gray)
    for code in codes:
        assert code.format == zxingcpp.BarcodeFormat.QRCode, (
            f"{code.text!r} is a {code.format.name}, not a regular QR code: phones cannot read it"
        )
        _assert_quiet_zone(gray, code)
    ordered = sorted(codes, key=lambda code: (code.position.top_left.y, code.position.top_left.x))
    return [code.text for code in ordered]


def _assert_quiet_zone(gray: Image.Image, code) -> None:
    # The finder patterns locate the top corners precisely (the bottom right corner is an
    # estimate); codes are drawn upright, so the symbol is a square from the top left.
    start, end = code.position.top_left, code.position.top_right
    modules = 17 + 4 * int(code.extra["Version"])
    module = (end.x - start.x + 1) / modules
    left, top = start.x, start.y
    right, bottom = round(left + modules * module) - 1, round(top + modules * module) - 1
    # The ring from half a module outside the symbol (edges are anti-aliased) to 3.5 modules
    # out, less a pixel for the decoder's rounding, must be light and inside the image.
    inner, outer = round(module / 2), int(module * (QUIET_ZONE - 0.5)) - 1
    box = (left - outer, top - outer, right + outer, bottom + outer)
    assert box[0] >= 0 and box[1] >= 0, f"{code.text!r}: no quiet zone at the image's edge"
    assert box[2] < gray.width and box[3] < gray.height, f"{code.text!r}: no quiet zone"
    pixels = gray.load()
    for y in range(box[1], box[3] + 1):
        for x in range(box[0], box[2] + 1):
            if left - inner <= x <= right + inner and top - inner <= y <= bottom + inner:
                continue
            assert pixels[x, y] >= LIGHT, (
                f"{code.text!r}: the quiet zone (four modules) is not light at ({x}, {y})"
            )


def read_pdf(content: bytes, *, scale: float = 4) -> list[list[str]]:
    """The QR codes of each page of a PDF, rendered at `scale` × 72 dpi."""
    document = pypdfium2.PdfDocument(content)
    try:
        return [read_image(page.render(scale=scale).to_pil()) for page in document]
    finally:
        document.close()


def read_svg(svg: str, *, width: int = 300) -> list[str]:
    """The QR codes of an SVG as a browser draws it in a box `width` pixels wide, over a dark
    background: the code must bring its own light quiet zone (dark mode, coloured cards)."""
    if "xmlns=" not in svg.split(">", 1)[0]:
        # Inline SVG in HTML needs no namespace; a standalone renderer does.
        svg = svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    png = resvg_py.svg_to_bytes(svg_string=svg, width=width)
    drawn = Image.open(io.BytesIO(bytes(png))).convert("RGBA")
    dark = Image.new("RGBA", drawn.size, (20, 20, 20, 255))
    return read_image(Image.alpha_composite(dark, drawn))


def svg_elements(html: str) -> list[str]:
    """Every inline `<svg>…</svg>` of an HTML page."""
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)


def assert_scales_to_its_box(svg: str) -> None:
    """The SVG sizes itself from CSS: a viewBox, and no width or height of its own."""
    tag = svg.split(">", 1)[0]
    assert "viewBox=" in tag, tag
    assert not re.search(r"\s(width|height)=", tag), tag
