"""The one QR helper (website.core.qr) makes codes a phone reads: regular QR, never Micro QR,
with a light quiet zone of four modules, in SVG that scales to its box and in PDFs.

The QR codes of each app's pages and PDFs are decoded in tests/<app>/test_qr_codes.py; this
module covers the helper itself and the authenticator app's QR code of two-factor setup."""

import base64
import html
import io
import re

import pytest
from django.urls import reverse
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from tests.factories import PASSWORD, UserFactory
from tests.qr import assert_scales_to_its_box, read_pdf, read_svg
from website.core.qr import QUIET_ZONE, draw_qr, make_qr, qr_svg

# Short data is what segno.make turns into Micro QR: ticket codes, certificate numbers.
SHORT = ["ABCD2345", "XY-2026-0001", "7"]
URL = "https://www.example.org/members/verify/M2026-0001/"


@pytest.mark.parametrize("data", [*SHORT, URL])
def test_the_svg_is_a_regular_qr_code_that_scales_to_its_box(data):
    assert not make_qr(data).is_micro
    svg = qr_svg(data)
    assert_scales_to_its_box(svg)
    modules = make_qr(data).symbol_size(border=0)[0]
    assert f'viewBox="0 0 {modules + 2 * QUIET_ZONE} {modules + 2 * QUIET_ZONE}"' in svg
    # Small on a phone and large on a desk screen, it reads the same.
    assert read_svg(svg, width=120) == [data]
    assert read_svg(svg, width=600) == [data]


@pytest.mark.parametrize("data", [*SHORT, URL])
def test_the_pdf_drawing_is_a_regular_qr_code_with_its_quiet_zone(data):
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(80 * mm, 80 * mm))
    # A dark page behind: the quiet zone has to be drawn, not assumed.
    canvas.setFillColorRGB(0.1, 0.2, 0.1)
    canvas.rect(0, 0, 80 * mm, 80 * mm, stroke=0, fill=1)
    draw_qr(canvas, data, 20 * mm, 20 * mm, 40 * mm)
    canvas.showPage()
    canvas.save()
    assert read_pdf(buffer.getvalue()) == [[data]]


@pytest.mark.django_db
def test_the_authenticator_app_qr_code_reads(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    source = re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page.content.decode())
    assert source, "the two-factor page shows no QR code"
    svg = base64.b64decode(html.unescape(source.group(1))).decode()
    assert_scales_to_its_box(svg)
    (text,) = read_svg(svg)
    assert text == page.context["totp_url"] and text.startswith("otpauth://totp/")
    assert page.context["form"].secret in text
