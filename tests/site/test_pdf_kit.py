"""The PDF kit (website.core.pdf): amounts in capitals as 《支付结算办法》 writes them, Chinese
dates in Beijing time, and the certificate frame every certificate is drawn in.

Each app's PDFs are rendered and read in its own tests (tests/<app>/test_qr_codes.py decodes
their QR codes; the dues, certificate and badge tests read their text)."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from tests.qr import read_pdf
from website.core.files import pdf_response
from website.core.pdf import (
    RED,
    amount_in_words,
    certificate_canvas,
    chinese_date,
    fit_size,
)

AMOUNTS = [
    ("0", "零元整"),
    ("0.05", "伍分"),
    ("0.5", "伍角整"),
    ("0.85", "捌角伍分"),
    ("1", "壹元整"),
    ("10", "壹拾元整"),
    ("15", "壹拾伍元整"),
    ("100", "壹佰元整"),
    ("101", "壹佰零壹元整"),
    ("110", "壹佰壹拾元整"),
    ("1000", "壹仟元整"),
    ("1001", "壹仟零壹元整"),
    ("1010", "壹仟零壹拾元整"),
    ("3000.00", "叁仟元整"),
    ("10010", "壹万零壹拾元整"),
    ("100010.05", "壹拾万零壹拾元零伍分"),
    ("110000", "壹拾壹万元整"),
    ("1000000", "壹佰万元整"),
    ("100000000", "壹亿元整"),
    ("100000001", "壹亿零壹元整"),
    ("100010000", "壹亿零壹万元整"),
    ("123456789.12", "壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ("10.5", "壹拾元零伍角整"),
    ("1234.5", "壹仟贰佰叁拾肆元伍角整"),
    # The examples of 《支付结算办法》 附一 (where it allows two forms, the first).
    ("1409.50", "壹仟肆佰零玖元伍角整"),
    ("6007.14", "陆仟零柒元壹角肆分"),
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
    ("107000.53", "壹拾万柒仟元零伍角叁分"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
]


@pytest.mark.parametrize(("amount", "words"), AMOUNTS, ids=[amount for amount, _ in AMOUNTS])
def test_amount_in_words(amount, words):
    assert amount_in_words(Decimal(amount)) == words


def test_whole_yuan_may_be_an_int():
    assert amount_in_words(3000) == "叁仟元整"


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("-0.01"),
        Decimal("-5"),
        Decimal("1000000000000"),
        Decimal("0.001"),
        Decimal("12.345"),
        Decimal("NaN"),
        Decimal("Infinity"),
        0.1,  # a float is not an amount of money: 0.1 is not a whole number of fen
        "十元",
    ],
    ids=str,
)
def test_amounts_that_cannot_be_printed_are_refused(amount):
    with pytest.raises(ValueError):
        amount_in_words(amount)


BEIJING = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime.date(2026, 3, 1), "2026年3月1日"),
        (datetime.date(2026, 12, 31), "2026年12月31日"),
        (None, "—"),
        # 16:00 UTC is midnight in Beijing: the next day there.
        (datetime.datetime(2026, 3, 1, 15, 59, 59, tzinfo=datetime.UTC), "2026年3月1日"),
        (datetime.datetime(2026, 3, 1, 16, 0, tzinfo=datetime.UTC), "2026年3月2日"),
        (datetime.datetime(2026, 12, 31, 23, 59, tzinfo=BEIJING), "2026年12月31日"),
        (datetime.datetime(2026, 12, 31, 16, 0, tzinfo=datetime.UTC), "2027年1月1日"),
    ],
    ids=str,
)
def test_chinese_date(value, text):
    assert chinese_date(value) == text


def test_a_width_is_measured_before_any_pdf_was_drawn_in_the_process(monkeypatch):
    """A worker whose first PDF work is measuring a name: the font is registered then (the
    test failed whenever it ran first in its process)."""
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setattr(pdfmetrics, "_fonts", {})
    monkeypatch.setattr(pdfmetrics, "_typefaces", {})
    assert fit_size("会员", 30, 500) == 30


def test_a_long_text_shrinks_to_fit_and_stops_at_the_minimum():
    assert fit_size("会员", 30, 500) == 30
    assert fit_size("很长的单位名称" * 10, 30, 200, minimum=12) == 12
    size = fit_size("很长的单位名称" * 2, 30, 200)
    assert 8 < size < 30


@pytest.mark.django_db
def test_the_certificate_frame_prints_heading_number_issuer_date_and_a_regular_qr_code():
    url = "https://www.example.org/certification/verify/C2026-0001/"
    canvas = certificate_canvas(
        "荣誉证书",
        number="C2026-0001",
        colour=RED,
        issued_on=datetime.date(2026, 3, 1),
        qr=url,
        qr_caption=["扫码核验证书：", url],
    )
    content = canvas.getpdfdata()
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == "荣誉证书 C2026-0001"
    assert reader.metadata.author == "中国城市环境卫生协会"
    text = reader.pages[0].extract_text()
    for expected in ["荣 誉 证 书", "证书编号：C2026-0001", "中国城市环境卫生协会", "2026年3月1日"]:
        assert expected in text
    assert url in text
    assert read_pdf(content) == [[url]]


def test_a_pdf_response_is_private():
    response = pdf_response(b"%PDF-1.4", "C2026-0001.pdf", inline=False)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="C2026-0001.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert pdf_response(b"", "a.pdf")["Content-Disposition"].startswith("inline;")
