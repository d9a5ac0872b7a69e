"""Pictures and PDF files for the demo, drawn here so the repository carries no binaries.

Pictures are abstract (gradients and shapes); covers carry the periodical's name when a
Chinese font is installed. PDFs are typeset with reportlab's built-in Chinese font.
"""

from __future__ import annotations

import hashlib
import math
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
    from reportlab.pdfgen import canvas

    from website.core.pdf import register_font

    font = register_font()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    width, height = A4
    pdf.setFont(font, 18)
    pdf.drawCentredString(width / 2, height - 90, title)
    pdf.setFont(font, 11)
    y = height - 140
    for line in lines:
        for start in range(0, len(line), 40):
            if y < 70:
                pdf.showPage()
                pdf.setFont(font, 11)
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


def _store_document(title: str, extension: str, data: bytes, collection_obj=None):
    """A Wagtail document with this title holding these bytes, stored once."""
    document_model = get_document_model()
    existing = document_model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = document_model(title=title, collection=collection_obj or collection())
    name = f"demo-{hashlib.sha1(title.encode()).hexdigest()[:12]}.{extension}"  # noqa: S324
    document.file.save(name, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def _wrap(text: str, width: int) -> list[str]:
    return [text[start : start + width] for start in range(0, len(text), width)] or [""]


def _signed_notice_pdf(title: str, number: str, issued: str, paragraphs: list[str]) -> bytes:
    """A notice as the association files it: red masthead, number, text, date and seal."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from website.core.pdf import register_font

    font = register_font()
    red = HexColor("#c8102e")
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setAuthor("中国城市环境卫生协会")
    width, height = A4
    pdf.setFillColor(red)
    pdf.setFont(font, 30)
    pdf.drawCentredString(width / 2, height - 100, "中国城市环境卫生协会")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 12)
    pdf.drawCentredString(width / 2, height - 135, number)
    pdf.setStrokeColor(red)
    pdf.setLineWidth(2)
    pdf.line(56, height - 148, width - 56, height - 148)
    y = height - 190
    pdf.setFont(font, 16)
    for line in _wrap(title, 24 if len(title) <= 24 else (len(title) + 1) // 2):
        pdf.drawCentredString(width / 2, y, line)
        y -= 24
    y -= 14
    pdf.setFont(font, 12)
    for number_in_text, paragraph in enumerate(paragraphs):
        first = number_in_text == 0 and paragraph.endswith("：")
        for line in _wrap(paragraph if first else "\u3000\u3000" + paragraph, 36):
            if y < 200:
                pdf.showPage()
                pdf.setFont(font, 12)
                y = height - 80
            pdf.drawString(70, y, line)
            y -= 22
    y = max(y - 50, 150)
    pdf.drawRightString(width - 90, y, "中国城市环境卫生协会")
    pdf.drawRightString(width - 100, y - 24, issued)
    # The seal over the signature: a red ring with a star, as a scanned original shows it.
    pdf.setStrokeColor(red)
    pdf.setFillColor(red)
    pdf.setLineWidth(3)
    cx, cy = width - 150, y - 8
    pdf.circle(cx, cy, 48, stroke=1, fill=0)
    path = pdf.beginPath()
    for point in range(10):
        radius = 16 if point % 2 == 0 else 6.5
        angle = math.pi / 2 + point * math.pi / 5
        x, yy = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        path.moveTo(x, yy) if point == 0 else path.lineTo(x, yy)
    path.close()
    pdf.drawPath(path, stroke=0, fill=1)
    pdf.setFont(font, 8)
    pdf.drawCentredString(cx, cy - 30, "中国城市环境卫生协会")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.setFont(font, 9)
    pdf.drawString(56, 60, f"抄送：各分支机构。    中国城市环境卫生协会秘书处  {issued}印发")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def signed_notice_document(title: str, number: str, issued: str, paragraphs: list[str]):
    """The signed and sealed notice as a PDF document."""
    return _store_document(
        f"{number} {title}（盖章件）", "pdf", _signed_notice_pdf(title, number, issued, paragraphs)
    )


def reply_form_document(title: str, heading: str, columns: list[str], rows: int = 10):
    """A 回执 (reply form) as an Excel workbook to fill in and send back."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "回执"
    last = chr(ord("A") + len(columns) - 1)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = heading
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = "单位名称（盖章）：                    联系人：            手机："
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for column, label in enumerate(columns, start=1):
        cell = sheet.cell(row=3, column=column, value=label)
        cell.font = Font(bold=True)
        cell.border = border
        sheet.column_dimensions[chr(ord("A") + column - 1)].width = max(10, len(label) * 2 + 4)
    for row in range(4, 4 + rows):
        for column in range(1, len(columns) + 1):
            sheet.cell(row=row, column=column).border = border
    sheet.cell(row=5 + rows, column=1, value="请于截止日期前将回执发送至协会秘书处邮箱。")
    buffer = BytesIO()
    workbook.save(buffer)
    return _store_document(title, "xlsx", buffer.getvalue())


NEWS_COLUMNS = ("协会动态", "会员风采", "分支机构", "简讯")


def _article_paragraphs(title: str, column: str | None) -> list[str]:
    """A few paragraphs standing in for an article's text, in the manner of its column."""
    if column in NEWS_COLUMNS:
        return [
            f"{title}。会议由协会秘书处组织，协会领导、各分支机构负责人和部分会员单位代表参加。",
            "会议听取了前一阶段工作情况的汇报，研究了会员服务、团体标准、评价认证和年会筹备等事项，"
            "对下一阶段的重点任务作出安排。",
            "会议要求，各部门和分支机构要加强协作，按时间节点推进各项工作，"
            "切实做好服务会员、服务行业、服务政府的各项工作。",
        ]
    return [
        f"{title}是当前城市环境卫生行业普遍关注的课题。本文结合近年来各地的做法，"
        "梳理取得的成效、存在的问题和改进的方向。",
        "从各地情况看，设施建设、运营管理和资金保障是影响工作成效的三个关键环节。"
        "一些城市通过完善收运体系、推行市场化运营和加强信息化监管，明显提升了作业质量和群众满意度。",
        "同时也要看到，区域发展不平衡、专业人才不足、标准体系有待完善等问题依然存在。"
        "建议进一步加强统筹规划，健全标准规范，强化考核评价，推动行业高质量发展。",
        "（本文为会刊演示内容，数据和观点仅供展示网站功能之用。）",
    ]


def _bulletin_pdf(heading: str, sections: list[tuple[str | None, list]]) -> bytes:
    """An issue: a contents page whose entries link to the articles, then one page each.

    The articles are also in the PDF outline (bookmarks), grouped by column.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from website.core.pdf import register_font

    font = register_font()
    articles = []  # (column, title, author, printed page)
    column = None
    for name, entries in sections:
        column = name or column
        for title, author, page_number in entries:
            articles.append((column, title, author, page_number))
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(heading)
    pdf.setAuthor("中国城市环境卫生协会")
    width, height = A4

    # Contents page.
    pdf.setFillColorRGB(0.04, 0.42, 0.24)
    pdf.rect(0, height - 120, width, 120, stroke=0, fill=1)
    pdf.setFillColorRGB(1, 1, 1)
    pdf.setFont(font, 24)
    pdf.drawString(56, height - 70, heading)
    pdf.setFont(font, 11)
    pdf.drawString(56, height - 98, "中国城市环境卫生协会 编印")
    pdf.setFillColorRGB(0, 0, 0)
    pdf.bookmarkPage("contents")
    pdf.addOutlineEntry("目录", "contents", level=0)
    pdf.setFont(font, 18)
    pdf.drawCentredString(width / 2, height - 165, "目  录")
    y = height - 205
    shown_column = None
    for number, (column, title, author, page_number) in enumerate(articles):
        if column and column != shown_column:
            pdf.setFont(font, 13)
            pdf.drawString(56, y, f"【{column}】")
            shown_column = column
            y -= 24
        pdf.setFont(font, 11)
        pdf.drawString(76, y, title)
        pdf.drawRightString(width - 120, y, author)
        pdf.drawRightString(width - 56, y, page_number)
        pdf.linkRect("", f"article-{number}", (70, y - 4, width - 50, y + 13), relative=0)
        y -= 22
    pdf.setFont(font, 9)
    pdf.drawCentredString(width / 2, 40, "点击目录条目可跳转至相应文章")
    pdf.showPage()

    # One page per article, its footer carrying the printed page number.
    shown_column = None
    for number, (column, title, author, page_number) in enumerate(articles):
        key = f"article-{number}"
        pdf.bookmarkPage(key)
        if column and column != shown_column:
            pdf.bookmarkPage(f"column-{number}")
            pdf.addOutlineEntry(column, f"column-{number}", level=0)
            shown_column = column
        pdf.addOutlineEntry(title, key, level=1 if column else 0)
        pdf.setFont(font, 10)
        pdf.drawString(56, height - 50, f"{heading}  {column or ''}")
        pdf.line(56, height - 58, width - 56, height - 58)
        pdf.setFont(font, 17)
        y = height - 110
        for line in _wrap(title, 26):
            pdf.drawCentredString(width / 2, y, line)
            y -= 26
        pdf.setFont(font, 11)
        pdf.drawCentredString(width / 2, y - 4, author)
        y -= 44
        for paragraph in _article_paragraphs(title, column):
            for line in _wrap("\u3000\u3000" + paragraph, 38):
                pdf.drawString(56, y, line)
                y -= 20
            y -= 6
        pdf.setFont(font, 9)
        pdf.drawCentredString(width / 2, 40, f"— {page_number} —")
        pdf.linkRect("", "contents", (width - 110, 30, width - 56, 50), relative=0)
        pdf.drawRightString(width - 56, 40, "返回目录")
        pdf.showPage()
    pdf.showOutline()
    pdf.save()
    return buffer.getvalue()


def bulletin_document(heading: str, sections: list, *, collection_obj: Collection | None = None):
    """A bulletin issue as a multi-page PDF document with linked contents."""
    return _store_document(heading, "pdf", _bulletin_pdf(heading, sections), collection_obj)
