"""PDFs of the members app: the dues invoice (会费缴费通知单) and the membership certificate
(会员证). reportlab's built-in CID font STSong-Light renders Chinese without a font file;
the QR code comes from website.core.qr."""

from __future__ import annotations

import io
from decimal import Decimal

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from website.core.qr import draw_qr

from .models import Invoice, Membership, MembershipSettings

FONT = "STSong-Light"
GREEN = colors.HexColor("#1d6b43")
RED = colors.HexColor("#b3261e")

_registered = False


def _font() -> str:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True
    return FONT


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def chinese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "—"


DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
SECTIONS = ["", "万", "亿"]


def amount_in_words(amount: Decimal) -> str:
    """An amount in capital Chinese numerals, as invoices print it: 壹万贰仟元整."""
    fen_total = int((amount * 100).quantize(Decimal("1")))
    yuan, fen = divmod(fen_total, 100)
    jiao, fen = divmod(fen, 10)
    words = ""
    if yuan == 0:
        words = "零"
    else:
        section_index = 0
        need_zero = False
        while yuan > 0:
            section = original = yuan % 10000
            yuan //= 10000
            part = ""
            zero = False
            for position in range(4):
                digit = section % 10
                section //= 10
                if digit == 0:
                    if part:
                        zero = True
                else:
                    part = DIGITS[digit] + UNITS[position] + ("零" if zero else "") + part
                    zero = False
            if part:
                words = (
                    part + SECTIONS[section_index] + ("零" if need_zero and words else "") + words
                )
            # A lower section under a thousand needs a 零 after the higher one: 壹万零伍佰.
            need_zero = original < 1000
            section_index += 1
    words += "元"
    if jiao == 0 and fen == 0:
        return words + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif fen:
        words += "零"
    if fen:
        words += DIGITS[fen] + "分"
    return words


def _association_name() -> str:
    return settings.WAGTAIL_SITE_NAME


def invoice_pdf(invoice: Invoice) -> bytes:
    font = _font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"会费缴费通知单 {invoice.number}")
    pdf.setAuthor(_association_name())
    width, height = A4
    left = 22 * mm
    y = height - 30 * mm

    pdf.setFont(font, 20)
    pdf.setFillColor(GREEN)
    pdf.drawCentredString(width / 2, y, _association_name())
    y -= 11 * mm
    pdf.setFont(font, 16)
    pdf.setFillColor(colors.black)
    pdf.drawCentredString(width / 2, y, "会费缴费通知单")
    y -= 7 * mm
    pdf.setFont(font, 10)
    pdf.drawCentredString(width / 2, y, f"编号：{invoice.number}")
    y -= 12 * mm

    membership = invoice.membership
    status = {
        Invoice.Status.OPEN: "待缴费",
        Invoice.Status.OVERDUE: "已逾期",
        Invoice.Status.PAID: "已缴清",
        Invoice.Status.CANCELLED: "已作废",
    }[invoice.status]
    tier = dict(TIERS_ZH).get(membership.tier, membership.tier)
    rows = [
        ("会员名称", str(membership.subject.name)),
        ("会员编号", membership.number),
        ("会员类别", tier),
        ("会费期间", f"{chinese_date(invoice.period_start)} 至 {chinese_date(invoice.period_end)}"),
        ("应缴金额", f"人民币 {invoice.amount:,.2f} 元（{amount_in_words(invoice.amount)}）"),
        ("开具日期", chinese_date(invoice.issued_on)),
        ("缴费期限", chinese_date(invoice.due_on)),
        ("发票抬头", invoice.title),
        ("纳税人识别号", invoice.tax_number or "—"),
        ("状态", status),
    ]
    if invoice.kind == Invoice.Kind.JOINING and membership.joined_on:
        config = MembershipSettings.load()
        if membership.joined_on >= config.half_price_from(membership.joined_on.year):
            rows.append(("说明", f"下半年入会，首年会费按{config.reduced_first_year_percent}%收取"))
    pdf.setStrokeColor(colors.HexColor("#cccccc"))
    for label, value in rows:
        pdf.setFont(font, 11)
        pdf.setFillColor(colors.HexColor("#555555"))
        pdf.drawString(left, y, label)
        pdf.setFillColor(
            RED if label == "状态" and invoice.status == Invoice.Status.OVERDUE else colors.black
        )
        pdf.drawString(left + 32 * mm, y, value[:60])
        pdf.line(left, y - 2.5 * mm, width - left, y - 2.5 * mm)
        y -= 9 * mm

    payments = list(invoice.payments.all())
    if payments:
        y -= 4 * mm
        pdf.setFont(font, 12)
        pdf.setFillColor(colors.black)
        pdf.drawString(left, y, "缴费记录")
        y -= 7 * mm
        pdf.setFont(font, 10)
        for payment in payments:
            pdf.drawString(
                left,
                y,
                f"{chinese_date(payment.paid_on)}  {payment.get_method_display()}  "
                f"{payment.amount:,.2f} 元  {payment.reference}",
            )
            y -= 6 * mm

    y -= 6 * mm
    pdf.setFont(font, 12)
    pdf.setFillColor(colors.black)
    pdf.drawString(left, y, "汇款账户")
    y -= 7 * mm
    pdf.setFont(font, 10)
    for line in MembershipSettings.load().bank_details.splitlines():
        pdf.drawString(left, y, line)
        y -= 6 * mm
    y -= 2 * mm
    pdf.setFillColor(colors.HexColor("#555555"))
    pdf.drawString(left, y, f"汇款时请注明会员编号 {membership.number} 及本通知单编号。")
    y -= 6 * mm
    pdf.drawString(left, y, "本通知单不作报销凭证；协会收款后按发票抬头开具会费专用票据。")

    pdf.setFont(font, 9)
    pdf.drawRightString(
        width - left, 15 * mm, f"{_association_name()}  生成于 {chinese_date(timezone.localdate())}"
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


TIERS_ZH = [
    (Membership.Tier.PRESIDENT, "会长单位"),
    (Membership.Tier.VICE_PRESIDENT, "副会长单位"),
    (Membership.Tier.STANDING_DIRECTOR, "常务理事单位"),
    (Membership.Tier.DIRECTOR, "理事单位"),
    (Membership.Tier.MEMBER, "会员单位"),
    (Membership.Tier.INDIVIDUAL, "个人会员"),
]


def membership_certificate(membership: Membership, *, verify_url: str) -> bytes:
    font = _font()
    buffer = io.BytesIO()
    size = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=size)
    pdf.setTitle(f"会员证 {membership.number}")
    pdf.setAuthor(_association_name())
    width, height = size

    pdf.setStrokeColor(GREEN)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    pdf.setLineWidth(0.8)
    pdf.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    pdf.setFillColor(GREEN)
    pdf.setFont(font, 40)
    pdf.drawCentredString(width / 2, height - 52 * mm, "会 员 证")
    pdf.setFont(font, 16)
    pdf.drawCentredString(width / 2, height - 66 * mm, _association_name())

    subject = membership.subject
    tier = dict(TIERS_ZH).get(membership.tier, membership.tier)
    pdf.setFillColor(colors.black)
    pdf.setFont(font, 24)
    pdf.drawCentredString(width / 2, height - 92 * mm, str(subject.name))
    pdf.setFont(font, 14)
    if membership.is_individual:
        text = f"经审核，为本会{tier}。"
    else:
        text = f"经审核，为本会{tier}。特发此证。"
    pdf.drawCentredString(width / 2, height - 106 * mm, text)

    left = 40 * mm
    y = 62 * mm
    pdf.setFont(font, 13)
    for label, value in [
        ("会员编号", membership.number),
        ("入会日期", chinese_date(membership.joined_on)),
        (
            "有效期至",
            chinese_date(membership.paid_through) if membership.paid_through else "以缴纳会费为准",
        ),
        ("发证日期", chinese_date(timezone.localdate())),
    ]:
        pdf.drawString(left, y, f"{label}：{value}")
        y -= 9 * mm

    qr_size = 38 * mm
    qr_x = width - 40 * mm - qr_size
    draw_qr(pdf, verify_url, qr_x, 34 * mm, qr_size)
    pdf.setFont(font, 9)
    pdf.drawCentredString(qr_x + qr_size / 2, 28 * mm, "扫码核验会员状态")

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
