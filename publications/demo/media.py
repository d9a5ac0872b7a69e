"""Pictures and PDF files for the demo, drawn here so the repository carries no binaries.

Pictures are abstract (gradients and shapes); covers carry the periodical's name when a
Chinese font is installed. PDFs are typeset with reportlab's built-in Chinese font.
"""

from __future__ import annotations

import hashlib
import random
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

DEMO_COLLECTION = "演示素材"
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
]
PALETTES = [
    ((10, 107, 61), (120, 190, 140)),
    ((18, 84, 136), (110, 170, 210)),
    ((176, 98, 20), (240, 190, 110)),
    ((70, 90, 60), (170, 200, 120)),
    ((40, 60, 90), (150, 170, 200)),
]


def collection(name: str = DEMO_COLLECTION) -> Collection:
    root = Collection.get_first_root_node()
    found = root.get_children().filter(name=name).first()
    return found or root.add_child(name=name)


def _font(size: int):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            try:
                return ImageFont.truetype(candidate, size)
            except OSError:
                continue
    return None


def _picture(seed: str, size: tuple[int, int], *, label: str = "") -> bytes:
    rng = random.Random(hashlib.sha256(seed.encode()).hexdigest())  # noqa: S311
    top, bottom = rng.choice(PALETTES)
    width, height = size
    image = PILImage.new("RGB", size, top)
    draw = ImageDraw.Draw(image, "RGBA")
    for y in range(height):
        ratio = y / max(height - 1, 1)
        colour = tuple(int(a + (b - a) * ratio) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for _ in range(7):
        radius = rng.randint(height // 10, height // 3)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse(
            [x - radius, y - radius, x + radius, y + radius],
            fill=(255, 255, 255, rng.randint(18, 48)),
        )
    draw.rectangle([0, int(height * 0.78), width, height], fill=(0, 0, 0, 40))
    font = _font(max(18, width // 12)) if label else None
    if font is not None:
        draw.text((width // 12, int(height * 0.12)), label, font=font, fill=(255, 255, 255))
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def demo_image(title: str, *, size: tuple[int, int] = (1200, 750), label: str = ""):
    """A Wagtail image with this title, drawn once."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    name = f"demo-{hashlib.sha1(title.encode()).hexdigest()[:12]}.jpg"  # noqa: S324
    image = image_model(
        title=title,
        collection=collection(),
        file=ImageFile(BytesIO(_picture(title, size, label=label)), name=name),
    )
    image._set_image_file_metadata()
    image.save()
    return image


def cover_image(periodical: str, year: int, number: int):
    return demo_image(
        f"《{periodical}》{year}年第{number}期封面",
        size=(480, 680),
        label=f"{periodical}\n{year}·{number}",
    )


def _pdf(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    width, height = A4
    pdf.setFont("STSong-Light", 18)
    pdf.drawCentredString(width / 2, height - 90, title)
    pdf.setFont("STSong-Light", 11)
    y = height - 140
    for line in lines:
        for start in range(0, len(line), 40):
            if y < 70:
                pdf.showPage()
                pdf.setFont("STSong-Light", 11)
                y = height - 70
            pdf.drawString(60, y, line[start : start + 40])
            y -= 20
        y -= 6
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def demo_document(title: str, lines: list[str], *, collection_obj: Collection | None = None):
    """A Wagtail document (PDF) with this title, typeset once."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = document_model(title=title, collection=collection_obj or collection())
    name = f"demo-{hashlib.sha1(title.encode()).hexdigest()[:12]}.pdf"  # noqa: S324
    document.file.save(name, ContentFile(_pdf(title, lines)), save=False)
    document._set_document_file_metadata()
    document.save()
    return document
