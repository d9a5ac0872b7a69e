"""QR codes: the one place the product makes them, for web pages (SVG) and for PDFs (reportlab).

Every code is a regular QR code. `segno.make` picks a Micro QR code for short data (a ticket
code, a certificate number), and WeChat, phone cameras and most scanners read only regular
QR, so this module uses `segno.make_qr`. Error correction is level M and the quiet zone is
four modules (what ISO/IEC 18004 asks for), painted white, so the code reads on any
background, next to a frame, in dark mode and on paper.
"""

from __future__ import annotations

import io

import segno
from django.utils.safestring import SafeString, mark_safe
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4
ERROR_CORRECTION = "m"


def make_qr(data: str) -> segno.QRCode:
    """A regular QR code (never Micro QR) of `data`."""
    return segno.make_qr(data, error=ERROR_CORRECTION)


def qr_svg(data: str) -> SafeString:
    """The QR code as an SVG element for an HTML page or an `<img>` data URI.

    It has a viewBox and no width or height, so it scales to the box CSS gives it (one
    module is one unit); the white background covers the quiet zone. The SVG namespace is
    included so the same text also works as a standalone file."""
    buffer = io.BytesIO()
    make_qr(data).save(
        buffer,
        kind="svg",
        border=QUIET_ZONE,
        omitsize=True,
        xmldecl=False,
        svgns=True,
        nl=False,
        svgclass="qr",
        lineclass=None,
        dark="#000",
        light="#fff",
    )
    # segno writes the whole markup; the data is only in the drawn modules.
    return mark_safe(buffer.getvalue().decode())  # noqa: S308


def draw_qr(
    canvas: Canvas, data: str, x: float, y: float, size: float, *, dark=colors.black
) -> None:
    """Draw the QR code on a reportlab canvas as vector squares: lower left corner at (x, y),
    `size` points wide and high, the white quiet zone included in `size`."""
    matrix = make_qr(data).matrix
    cell = size / (len(matrix) + 2 * QUIET_ZONE)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(dark)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        bottom = y + size - (QUIET_ZONE + row_index + 1) * cell
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            # One rectangle per run of dark modules: fewer objects and no hairline seams.
            path.rect(x + (QUIET_ZONE + start) * cell, bottom, (column - start) * cell, cell)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
