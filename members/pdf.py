"""PDFs of the members app: the dues invoice (会费缴费通知单) and the membership certificate
(会员证), drawn with the PDF kit (website.core.pdf)."""

from __future__ import annotations

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from website.core.payments import DUES, require_payment_account
from website.core.pdf import (
    CERTIFICATE_SIZE,
    FONT,
    GREEN,
    RED,
    amount_in_words,
    certificate_canvas,
    chinese_date,
    draw_payment_account,
    draw_seal,
    fit_size,
    issuer_name,
    new_canvas,
)

from .models import Invoice, Membership, MembershipSettings


def invoice_pdf(invoice: Invoice) -> bytes:
    """The dues notice; PaymentDetailsMissing while the dues account is not set."""
    account = require_payment_account(DUES)
    association = issuer_name()
    pdf = new_canvas(f"会费缴费通知单 {invoice.number}", author=association)
    width, height = A4
    left = 22 * mm
    y = height - 30 * mm

    pdf.setFont(FONT, 20)
    pdf.setFillColor(GREEN)
    pdf.drawCentredString(width / 2, y, association)
    y -= 11 * mm
    pdf.setFont(FONT, 16)
    pdf.setFillColor(colors.black)
    pdf.drawCentredString(width / 2, y, "会费缴费通知单")
    y -= 7 * mm
    pdf.setFont(FONT, 10)
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
        pdf.setFont(FONT, 11)
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
        pdf.setFont(FONT, 12)
        pdf.setFillColor(colors.black)
        pdf.drawString(left, y, "缴费记录")
        y -= 7 * mm
        pdf.setFont(FONT, 10)
        for payment in payments:
            pdf.drawString(
                left,
                y,
                f"{chinese_date(payment.paid_on)}  {payment.get_method_display()}  "
                f"{payment.amount:,.2f} 元  {payment.reference}",
            )
            y -= 6 * mm

    y -= 6 * mm
    pdf.setFont(FONT, 12)
    pdf.setFillColor(colors.black)
    pdf.drawString(left, y, "汇款账户")
    y -= 7 * mm
    y = draw_payment_account(pdf, account, left, y)
    y -= 2 * mm
    pdf.setFillColor(colors.HexColor("#555555"))
    pdf.drawString(left, y, f"汇款时请注明会员编号 {membership.number} 及本通知单编号。")
    y -= 6 * mm
    pdf.drawString(left, y, "本通知单不作报销凭证；协会收款后按发票抬头开具会费专用票据。")

    # The financial seal over the issuer's name at the foot, as on a stamped paper notice.
    pdf.setFont(FONT, 12)
    pdf.drawRightString(width - left, 40 * mm, association)
    pdf.drawRightString(width - left, 33 * mm, chinese_date(invoice.issued_on))
    draw_seal(pdf, width - left - 25 * mm, 38 * mm)

    pdf.setFont(FONT, 9)
    pdf.drawRightString(
        width - left, 15 * mm, f"{association}  生成于 {chinese_date(timezone.localdate())}"
    )
    return pdf.getpdfdata()


TIERS_ZH = [
    (Membership.Tier.PRESIDENT, "会长单位"),
    (Membership.Tier.VICE_PRESIDENT, "副会长单位"),
    (Membership.Tier.STANDING_DIRECTOR, "常务理事单位"),
    (Membership.Tier.DIRECTOR, "理事单位"),
    (Membership.Tier.MEMBER, "会员单位"),
    (Membership.Tier.INDIVIDUAL, "个人会员"),
]


def membership_certificate(membership: Membership, *, verify_url: str) -> bytes:
    pdf = certificate_canvas(
        "会员证", issued_on=timezone.localdate(), qr=verify_url, qr_caption=["扫码核验会员状态"]
    )
    width, height = CERTIFICATE_SIZE
    name = str(membership.subject.name)
    pdf.setFont(FONT, fit_size(name, 24, width - 60 * mm, minimum=12))
    pdf.drawCentredString(width / 2, height - 82 * mm, name)
    tier = dict(TIERS_ZH).get(membership.tier, membership.tier)
    pdf.setFont(FONT, 14)
    closing = "" if membership.is_individual else "特发此证。"
    pdf.drawCentredString(width / 2, height - 96 * mm, f"经审核，为本会{tier}。{closing}")
    pdf.setFont(FONT, 13)
    y = height - 114 * mm
    for label, value in [
        ("会员编号", membership.number),
        ("入会日期", chinese_date(membership.joined_on)),
        (
            "有效期至",
            chinese_date(membership.paid_through) if membership.paid_through else "以缴纳会费为准",
        ),
    ]:
        pdf.drawCentredString(width / 2, y, f"{label}：{value}")
        y -= 8 * mm
    return pdf.getpdfdata()
