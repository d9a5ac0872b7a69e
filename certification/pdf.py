"""The certificate as a PDF in Chinese, with a QR code that opens the verification page.

reportlab's built-in CID font STSong-Light renders Chinese without a font file; the QR code
comes from website.core.qr. The PDF is rendered on demand from the certificate's fields, so
it always matches what the verification page shows.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from website.core.qr import draw_qr

from . import extensions
from .models import Certificate

FONT = "STSong-Light"
GREEN = colors.HexColor("#0a6b3d")
QR_GREEN = colors.HexColor("#06482a")


def register_font() -> None:
    """Once per process; every certification PDF (award certificates too) needs it."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def chinese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def association_name() -> str:
    from wagtail.models import Site

    from website.core.models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return SiteSettings.for_site(site).name
    return settings.WAGTAIL_SITE_NAME


def verification_url(certificate: Certificate, request=None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("certification:verify_number", args=[certificate.number])
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.BASE_URL}{path}"


def render_certificate(certificate: Certificate, request=None) -> bytes:
    register_font()
    scheme = certificate.scheme
    url = verification_url(certificate, request)
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(f"{scheme.certificate_title or scheme.name} {certificate.number}")
    pdf.setAuthor(association_name())

    # Frame
    pdf.setStrokeColor(GREEN)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    # Title
    pdf.setFillColor(GREEN)
    pdf.setFont(FONT, 34)
    pdf.drawCentredString(width / 2, height - 48 * mm, scheme.certificate_title or scheme.name)
    pdf.setFillColor(colors.black)
    pdf.setFont(FONT, 12)
    pdf.drawCentredString(width / 2, height - 58 * mm, f"证书编号：{certificate.number}")

    # Body: a long name gets a smaller font rather than running over the frame.
    name = certificate.display_name
    size = 22
    while size > 12 and pdfmetrics.stringWidth(name, FONT, size) > width - 60 * mm:
        size -= 1
    pdf.setFont(FONT, size)
    pdf.drawCentredString(width / 2, height - 82 * mm, name)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(
        width / 2,
        height - 96 * mm,
        f"经{scheme.name}，评定为",
    )
    pdf.setFillColor(GREEN)
    pdf.setFont(FONT, 40)
    pdf.drawCentredString(width / 2, height - 116 * mm, certificate.grade_label)
    pdf.setFillColor(colors.black)
    pdf.setFont(FONT, 12)
    lines = [
        f"发证日期：{chinese_date(certificate.issued_on)}",
        f"有效期至：{chinese_date(certificate.valid_until)}"
        if certificate.valid_until
        else "有效期：长期有效",
    ]
    if certificate.plant_id:
        lines.insert(0, f"运营单位：{certificate.organization}")
    y = height - 134 * mm
    for line in lines:
        pdf.drawCentredString(width / 2, y, line)
        y -= 7 * mm

    # Issuer and seal area
    pdf.setFont(FONT, 16)
    pdf.drawRightString(width - 40 * mm, 42 * mm, association_name())
    pdf.setFont(FONT, 12)
    pdf.drawRightString(width - 40 * mm, 34 * mm, chinese_date(certificate.issued_on))

    # QR code with the verification address
    size = 34 * mm
    draw_qr(pdf, url, 30 * mm, 28 * mm, size, dark=QR_GREEN)
    pdf.setFont(FONT, 8)
    pdf.drawString(30 * mm, 24 * mm, "扫码或访问以下网址核验证书状态：")
    pdf.drawString(30 * mm, 20 * mm, url)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render(certificate: Certificate, request=None) -> bytes:
    """The subject's own layout (award certificates) where it has one, else the standard one."""
    return extensions.render_certificate(certificate, request) or render_certificate(
        certificate, request
    )
