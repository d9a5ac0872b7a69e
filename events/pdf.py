"""Badges and training certificates as PDF, drawn with the PDF kit (website.core.pdf)."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib import colors
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from website.core.pdf import (
    CERTIFICATE_SIZE,
    FONT,
    GREEN,
    certificate_canvas,
    chinese_date,
    fit_size,
    issuer_name,
    new_canvas,
    place_qr,
)

from .models import Attendee, ExhibitorPass, TrainingCertificate


def _badge(
    canvas: Canvas,
    *,
    event_title: str,
    issuer: str,
    name: str,
    organization: str,
    label: str,
    code: str,
) -> None:
    width, height = A6
    text_width = width - 16 * mm
    canvas.setFillColor(GREEN)
    canvas.rect(0, height - 30 * mm, width, 30 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(FONT, fit_size(event_title, 14, text_width))
    canvas.drawCentredString(width / 2, height - 14 * mm, event_title)
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(width / 2, height - 22 * mm, issuer)
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, fit_size(name, 30, text_width, minimum=14))
    canvas.drawCentredString(width / 2, height - 50 * mm, name)
    canvas.setFont(FONT, fit_size(organization, 13, text_width))
    canvas.drawCentredString(width / 2, height - 60 * mm, organization)
    place_qr(canvas, code, (width - 38 * mm) / 2, 24 * mm, 38 * mm, caption=[code], centred=True)
    canvas.setFillColor(GREEN)
    canvas.rect(0, 0, width, 14 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(FONT, 16)
    canvas.drawCentredString(width / 2, 4.5 * mm, label or "参会代表")
    canvas.showPage()


def _badges(title: str, badges: Iterable[dict]) -> bytes:
    """One A6 page per badge; a dash on a single page when there is none."""
    issuer = issuer_name()
    canvas = new_canvas(title, pagesize=A6, author=issuer)
    count = 0
    for badge in badges:
        _badge(canvas, issuer=issuer, **badge)
        count += 1
    if not count:
        canvas.setFont(FONT, 12)
        canvas.drawString(10 * mm, A6[1] / 2, "—")
    return canvas.getpdfdata()


def badges_pdf(attendees: Iterable[Attendee], *, title: str = "") -> bytes:
    """One A6 page per attendee: event, name, organization, attendee type, QR of the code."""
    return _badges(
        title or "badges",
        (
            {
                "event_title": attendee.order.event.title,
                "name": attendee.name,
                "organization": attendee.organization_name,
                "label": attendee.ticket_type.badge_label,
                "code": attendee.code,
            }
            for attendee in attendees
        ),
    )


def exhibitor_passes_pdf(passes: Iterable[ExhibitorPass]) -> bytes:
    return _badges(
        "exhibitor passes",
        (
            {
                "event_title": badge.application.event.title,
                "name": badge.name,
                "organization": f"{badge.application.company_name}  "
                f"{badge.application.booth_numbers()}".strip(),
                "label": "展商",
                "code": badge.code,
            }
            for badge in passes
        ),
    )


def certificate_pdf(certificate: TrainingCertificate) -> bytes:
    """结业证书: A4 landscape with the hours attended and the certificate number."""
    attendee = certificate.attendee
    event = attendee.order.event
    canvas = certificate_canvas(
        "结业证书",
        number=certificate.number,
        issued_on=certificate.issued_at,
        qr=certificate.number,
    )
    width, height = CERTIFICATE_SIZE
    start, end = chinese_date(event.starts_on), chinese_date(event.ends_on)
    period = start if event.starts_on == event.ends_on else f"{start}至{end}"
    lines = [
        f"{attendee.name}（{attendee.organization_name}）：",
        f"    于{period}参加{event.title}，",
        f"    完成培训{certificate.hours:g}学时，考勤合格，准予结业。",
        "    特发此证。",
    ]
    y = height - 80 * mm
    for line in lines:
        canvas.setFont(FONT, fit_size(line, 18, width - 70 * mm))
        canvas.drawString(35 * mm, y, line)
        y -= 14 * mm
    return canvas.getpdfdata()
