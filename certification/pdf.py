"""The certificate as a PDF in Chinese, drawn in the PDF kit's certificate frame
(website.core.pdf), with a QR code that opens the verification page. The PDF is rendered on
demand from the certificate's fields, so it always matches what the verification page shows.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.units import mm

from website.core.pdf import (
    CERTIFICATE_SIZE,
    FONT,
    GREEN,
    certificate_canvas,
    chinese_date,
    fit_size,
)

from . import extensions
from .models import Certificate


def verification_url(certificate: Certificate, request=None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("certification:verify_number", args=[certificate.number])
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{settings.BASE_URL}{path}"


def render_certificate(certificate: Certificate, request=None) -> bytes:
    scheme = certificate.scheme
    url = verification_url(certificate, request)
    pdf = certificate_canvas(
        scheme.certificate_title or scheme.name,
        number=certificate.number,
        issued_on=certificate.issued_on,
        qr=url,
        qr_caption=["扫码或访问以下网址核验证书状态：", url],
    )
    width, height = CERTIFICATE_SIZE
    name = certificate.display_name
    pdf.setFont(FONT, fit_size(name, 22, width - 60 * mm, minimum=12))
    pdf.drawCentredString(width / 2, height - 82 * mm, name)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(width / 2, height - 96 * mm, f"经{scheme.name}，评定为")
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
    return pdf.getpdfdata()


def render(certificate: Certificate, request=None) -> bytes:
    """The subject's own layout (award certificates) where it has one, else the standard one."""
    return extensions.render_certificate(certificate, request) or render_certificate(
        certificate, request
    )
