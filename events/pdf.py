"""Badges and training certificates as PDF. reportlab's built-in CID font STSong-Light renders
Chinese without a font file; QR codes come from website.core.qr."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.conf import settings
from django.utils import formats, timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, A6, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from website.core.qr import draw_qr

from .models import Attendee, ExhibitorPass, TrainingCertificate

FONT = "STSong-Light"
GREEN = colors.HexColor("#0a6b3d")


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float, minimum=8) -> float:
    while size > minimum and canvas.stringWidth(text, font, size) > width:
        size -= 1
    return size


def _badge(
    canvas: Canvas, *, event_title: str, name: str, organization: str, label: str, code: str
):
    font = _font()
    width, height = A6
    margin = 8 * mm
    canvas.setFillColor(GREEN)
    canvas.rect(0, height - 30 * mm, width, 30 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    size = _fit(canvas, event_title, font, 14, width - 2 * margin)
    canvas.setFont(font, size)
    canvas.drawCentredString(width / 2, height - 14 * mm, event_title)
    canvas.setFont(font, 9)
    canvas.drawCentredString(width / 2, height - 22 * mm, settings.WAGTAIL_SITE_NAME)
    canvas.setFillColor(colors.black)
    size = _fit(canvas, name, font, 30, width - 2 * margin, minimum=14)
    canvas.setFont(font, size)
    canvas.drawCentredString(width / 2, height - 50 * mm, name)
    size = _fit(canvas, organization, font, 13, width - 2 * margin)
    canvas.setFont(font, size)
    canvas.drawCentredString(width / 2, height - 60 * mm, organization)
    draw_qr(canvas, code, (width - 38 * mm) / 2, 24 * mm, 38 * mm)
    canvas.setFont(font, 9)
    canvas.drawCentredString(width / 2, 20 * mm, code)
    canvas.setFillColor(GREEN)
    canvas.rect(0, 0, width, 14 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(font, 16)
    canvas.drawCentredString(width / 2, 4.5 * mm, label or "参会代表")
    canvas.showPage()


def badges_pdf(attendees: Iterable[Attendee], *, title: str = "") -> bytes:
    """One A6 page per attendee: event, name, organization, attendee type, QR of the code."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6)
    canvas.setTitle(title or "badges")
    count = 0
    for attendee in attendees:
        _badge(
            canvas,
            event_title=attendee.order.event.title,
            name=attendee.name,
            organization=attendee.organization_name,
            label=attendee.ticket_type.badge_label,
            code=attendee.code,
        )
        count += 1
    if not count:
        canvas.setFont(_font(), 12)
        canvas.drawString(10 * mm, A6[1] / 2, "—")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def exhibitor_passes_pdf(passes: Iterable[ExhibitorPass]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6)
    canvas.setTitle("exhibitor passes")
    count = 0
    for badge in passes:
        application = badge.application
        booths = application.booth_numbers()
        _badge(
            canvas,
            event_title=application.event.title,
            name=badge.name,
            organization=f"{application.company_name}  {booths}".strip(),
            label="展商",
            code=badge.code,
        )
        count += 1
    if not count:
        canvas.setFont(_font(), 12)
        canvas.drawString(10 * mm, A6[1] / 2, "—")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def certificate_pdf(certificate: TrainingCertificate) -> bytes:
    """结业证书: A4 landscape with the hours attended and the certificate number."""
    font = _font()
    attendee = certificate.attendee
    event = attendee.order.event
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.setTitle(f"{certificate.number} {attendee.name}")
    width, height = landscape(A4)
    canvas.setStrokeColor(GREEN)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)
    canvas.setFillColor(GREEN)
    canvas.setFont(font, 40)
    canvas.drawCentredString(width / 2, height - 55 * mm, "结 业 证 书")
    canvas.setFillColor(colors.black)
    canvas.setFont(font, 12)
    canvas.drawRightString(width - 30 * mm, height - 30 * mm, f"证书编号：{certificate.number}")
    start = formats.date_format(event.starts_on, "Y年n月j日")
    end = formats.date_format(event.ends_on, "Y年n月j日")
    period = start if event.starts_on == event.ends_on else f"{start}至{end}"
    hours = f"{certificate.hours:g}"
    lines = [
        f"{attendee.name}（{attendee.organization_name}）：",
        f"    于{period}参加{event.title}，",
        f"    完成培训{hours}学时，考勤合格，准予结业。",
        "    特发此证。",
    ]
    y = height - 85 * mm
    for line in lines:
        size = _fit(canvas, line, font, 18, width - 70 * mm)
        canvas.setFont(font, size)
        canvas.drawString(35 * mm, y, line)
        y -= 14 * mm
    canvas.setFont(font, 16)
    canvas.drawRightString(width - 40 * mm, 45 * mm, settings.WAGTAIL_SITE_NAME)
    issued = timezone.localtime(certificate.issued_at).date()
    canvas.setFont(font, 13)
    canvas.drawRightString(width - 40 * mm, 35 * mm, formats.date_format(issued, "Y年n月j日"))
    draw_qr(canvas, certificate.number, 30 * mm, 25 * mm, 28 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
