"""The PDF kit: every PDF the product prints (dues notices, 会员证, certificates of every scheme,
award certificates, evaluation reports, badges) is drawn with these pieces, so they share one
font, one certificate frame, one way of placing a QR code and one way of writing dates and
amounts.

The views that serve a PDF answer with ``website.core.files.pdf_response`` and import their app's
PDF module inside the view, so a worker loads reportlab only once it draws one
(tests/site/test_worker_imports.py).

reportlab's built-in CID font STSong-Light renders Chinese without a font file on the server
(the reader's viewer supplies the glyphs). QR codes come from website.core.qr.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone, translation
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from .identity import association_name
from .qr import draw_qr

FONT = "STSong-Light"
GREEN = colors.HexColor("#0a6b3d")
RED = colors.HexColor("#9b1c1c")
CERTIFICATE_SIZE = landscape(A4)


def register_font() -> str:
    """Register the Chinese font with reportlab (once per process) and return its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def issuer_name() -> str:
    """The association's Chinese name from the site settings: documents are Chinese even when
    they are downloaded from the English site."""
    with translation.override(settings.LANGUAGE_CODE):
        return association_name()


def new_canvas(title: str, *, pagesize=A4, author: str = "") -> Canvas:
    """A canvas for one document with the font registered and its title and author set; the
    caller draws and returns `canvas.getpdfdata()`."""
    register_font()
    canvas = Canvas(None, pagesize=pagesize)
    canvas.setTitle(title)
    canvas.setAuthor(author or issuer_name())
    return canvas


def fit_size(text: str, size: float, width: float, *, minimum: float = 8) -> float:
    """The largest font size up to `size` at which `text` fits `width`: a long name shrinks
    rather than running over the frame."""
    font = register_font()  # a width is measured in the font, which may not be loaded yet
    while size > minimum and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 1
    return size


def place_qr(
    canvas: Canvas,
    data: str,
    x: float,
    y: float,
    size: float,
    *,
    caption: Sequence[str] = (),
    centred: bool = False,
) -> None:
    """A regular QR code with its lower left corner at (x, y), and caption lines under it,
    starting at its left edge (a long URL runs to the right) or centred under it."""
    draw_qr(canvas, data, x, y, size)
    canvas.setFillColor(colors.black)
    canvas.setFont(FONT, 8)
    line_y = y - 4 * mm
    for line in caption:
        if centred:
            canvas.drawCentredString(x + size / 2, line_y, line)
        else:
            canvas.drawString(x, line_y, line)
        line_y -= 4 * mm


def draw_payment_account(canvas: Canvas, account, x: float, y: float, *, size: float = 10) -> float:
    """The account to pay into (website.core.payments.PaymentAccount), one labelled line each,
    from (x, y) down; returns the y under the last line. Refuses an unset or incomplete
    account (PaymentDetailsMissing), so no PDF ever prints an empty or made-up account."""
    from .payments import PaymentDetailsMissing

    if account is None or not all((account.payee, account.bank_name, account.account_number)):
        raise PaymentDetailsMissing("pdf")
    canvas.setFont(FONT, size)
    canvas.setFillColor(colors.black)
    for label, value in account.chinese_rows():
        canvas.drawString(x, y, f"{label}：{value}")
        y -= size * 0.6 * mm
    return y


def draw_seal(canvas: Canvas, x: float, y: float, size: float = 40 * mm) -> bool:
    """The financial seal from the payment settings, centred on (x, y), if one is stored."""
    import io

    from reportlab.lib.utils import ImageReader

    from .payments import finance_seal_bytes

    content = finance_seal_bytes()
    if not content:
        return False
    try:
        image = ImageReader(io.BytesIO(content))
    except Exception:  # a damaged stored file must not break the notice  # noqa: BLE001
        return False
    canvas.drawImage(
        image, x - size / 2, y - size / 2, size, size, mask="auto", preserveAspectRatio=True
    )
    return True


def certificate_canvas(
    heading: str,
    *,
    number: str = "",
    colour=GREEN,
    issued_on: datetime.date | datetime.datetime | None = None,
    qr: str = "",
    qr_caption: Sequence[str] = (),
) -> Canvas:
    """A landscape A4 certificate with what every certificate has: the double frame and the
    heading in `colour`, the number under the heading, the issuer and date at the lower right
    where the seal goes, and the QR code at the lower left. The caller draws the body between
    about 75 mm and 150 mm from the bottom, then returns `canvas.getpdfdata()`."""
    issuer = issuer_name()
    canvas = new_canvas(f"{heading} {number}".strip(), pagesize=CERTIFICATE_SIZE, author=issuer)
    width, height = CERTIFICATE_SIZE

    canvas.setStrokeColor(colour)
    canvas.setLineWidth(3)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(0.8)
    canvas.rect(16 * mm, 16 * mm, width - 32 * mm, height - 32 * mm)

    text = " ".join(heading) if len(heading) <= 4 else heading  # 荣 誉 证 书, as printed
    canvas.setFillColor(colour)
    canvas.setFont(FONT, fit_size(text, 38, width - 60 * mm, minimum=20))
    canvas.drawCentredString(width / 2, height - 48 * mm, text)
    canvas.setFillColor(colors.black)
    if number:
        canvas.setFont(FONT, 12)
        canvas.drawCentredString(width / 2, height - 58 * mm, f"证书编号：{number}")
    if issued_on is not None:
        canvas.setFont(FONT, 16)
        canvas.drawRightString(width - 40 * mm, 42 * mm, issuer)
        canvas.setFont(FONT, 12)
        canvas.drawRightString(width - 40 * mm, 34 * mm, chinese_date(issued_on))
    if qr:
        place_qr(canvas, qr, 30 * mm, 28 * mm, 32 * mm, caption=qr_caption)
    return canvas


def chinese_date(value: datetime.date | datetime.datetime | None) -> str:
    """2026年3月1日; a moment is dated in Beijing time (TIME_ZONE), a missing date is a dash."""
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.year}年{value.month}月{value.day}日"


DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ("", "拾", "佰", "仟")
SECTIONS = ("", "万", "亿")
LARGEST = Decimal("999999999999.99")


def _section(number: int) -> str:
    """0 < number < 10000 in capitals, with one 零 for each run of zeros inside it."""
    words = ""
    zero = False
    for position in range(3, -1, -1):
        digit = number // 10**position % 10
        if digit == 0:
            zero = bool(words)
            continue
        words += ("零" if zero else "") + DIGITS[digit] + UNITS[position]
        zero = False
    return words


def amount_in_words(amount: Decimal | int) -> str:
    """An amount of yuan in capitals as 《支付结算办法》 (附一) writes them on bills: 壹拾 for
    ten, 零 where digits are skipped, 整 after 元 or 角 and never after 分; where it allows a
    零 or none, the first form of its examples (107,000.53 → 壹拾万柒仟元零伍角叁分). Less than
    a yuan starts at 角 or 分 (0.50 → 伍角整). Negative amounts, fractions of a fen and a
    trillion yuan or more are refused rather than printed wrong."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise ValueError(f"not an amount: {amount!r}") from error
    if not value.is_finite() or value < 0 or value > LARGEST:
        raise ValueError(f"not an amount between 0 and {LARGEST}: {amount!r}")
    fen_total = value * 100
    if fen_total != fen_total.to_integral_value():
        raise ValueError(f"not a whole number of fen: {amount!r}")
    yuan, cents = divmod(int(fen_total), 100)
    jiao, fen = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        return "零元整"

    words = ""
    skipped = False  # zeros since the last section written
    for index in range(len(SECTIONS) - 1, -1, -1):
        section = yuan // 10000**index % 10000
        if section == 0:
            skipped = skipped or bool(words)
            continue
        # 壹亿零伍佰万, 壹万零壹拾: a 零 stands for the thousands (or sections) left out.
        if words and (skipped or section < 1000):
            words += "零"
        words += _section(section) + SECTIONS[index]
        skipped = False
    if yuan:
        words += "元"
        # Zeros between 元 and the first of 角 or 分 are written: 捌拾元零叁角, 伍元零肆分.
        if cents and (yuan % 10 == 0 or not jiao):
            words += "零"
    if jiao:
        return words + DIGITS[jiao] + "角" + (DIGITS[fen] + "分" if fen else "整")
    if fen:
        return words + DIGITS[fen] + "分"
    return words + "整"
