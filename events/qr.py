"""QR codes as inline SVG for web pages (PDFs draw their own, see pdf.py)."""

import io

import segno
from django.utils.safestring import SafeString


def qr_svg(data: str, scale: int = 6) -> SafeString:
    buffer = io.BytesIO()
    segno.make(data, error="m").save(buffer, kind="svg", scale=scale, xmldecl=False, svgns=True)
    return SafeString(buffer.getvalue().decode())
