"""PDFs of projects: award certificates (荣誉证书) for the project, each completing unit and
each completing person, and the achievement evaluation's report (评价报告).

Both reuse the core's font, QR code and verification URL; the core renders award certificates
through certification.awards.extension, so its download view serves them after its checks.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit

from website.core.pdf import (
    CERTIFICATE_SIZE,
    FONT,
    GREEN,
    RED,
    certificate_canvas,
    chinese_date,
    issuer_name,
    new_canvas,
    place_qr,
)

from ..models import Application, Certificate, Review
from ..pdf import verification_url as certificate_url
from .services import PERSON_HOLDERS


def _wrapped(pdf, text: str, x: float, y: float, width: float, size: int, leading: float) -> float:
    """Draw `text` wrapped to `width` from (x, y) downwards; returns the next line's y."""
    pdf.setFont(FONT, size)
    for line in simpleSplit(text, FONT, size, width):
        pdf.drawString(x, y, line)
        y -= leading
    return y


def is_award_certificate(certificate: Certificate) -> bool:
    return hasattr(certificate.application, "nomination")


def award_sentence(certificate: Certificate) -> tuple[str, str]:
    """The addressee and the citation, as the certificate prints them."""
    application = certificate.application
    award = application.scheme.award
    title = application.subject_name
    prize = f"{application.round.year}年度{issuer_name()}{application.scheme.name}{award.category}{certificate.grade_label}"
    if certificate.holder_order == 0:
        return f"项目名称：{title}", f"经评审，该项目荣获{prize}。特发此证，以资鼓励。"
    if certificate.holder_order > PERSON_HOLDERS:
        return (
            f"{certificate.holder_name} 同志：",
            f"您作为主要完成人（第{certificate.holder_order - PERSON_HOLDERS}完成人）参与完成的"
            f"“{title}”项目荣获{prize}。特发此证，以资鼓励。",
        )
    return (
        f"{certificate.holder_name}：",
        f"贵单位作为主要完成单位（第{certificate.holder_order}完成单位）参与完成的“{title}”项目"
        f"荣获{prize}。特发此证，以资鼓励。",
    )


def render_award_certificate(certificate: Certificate, request=None) -> bytes:
    url = certificate_url(certificate, request)
    pdf = certificate_canvas(
        "荣誉证书",
        number=certificate.number,
        colour=RED,
        issued_on=certificate.issued_on,
        qr=url,
        qr_caption=["扫码或访问以下网址核验证书：", url],
    )
    width, height = CERTIFICATE_SIZE
    addressee, citation = award_sentence(certificate)
    left, text_width = 40 * mm, width - 80 * mm
    y = _wrapped(pdf, addressee, left, height - 76 * mm, text_width, 18, 9 * mm)
    y = _wrapped(pdf, f"　　{citation}", left, y - 3 * mm, text_width, 16, 9 * mm)
    if not certificate.is_permanent:
        pdf.setFont(FONT, 11)
        pdf.drawString(left, y - 4 * mm, f"有效期至：{chinese_date(certificate.valid_until)}")
    return pdf.getpdfdata()


def dimension_means(application: Application) -> list[tuple[str, Decimal, Decimal | None]]:
    """Each scored criterion with its full marks and the mean of the submitted scores."""
    reviews = list(application.reviews.submitted().prefetch_related("scores"))
    values: dict[int, list[Decimal]] = defaultdict(list)
    for review in reviews:
        for score in review.scores.all():
            values[score.criterion_id].append(score.score)
    rows = []
    for criterion in application.criteria_set.ordered_criteria():
        if not criterion.is_scored:
            continue
        scores = values.get(criterion.pk, [])
        mean = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1")) if scores else None
        rows.append((f"{criterion.code} {criterion.name}", criterion.max_points, mean))
    return rows


def render_evaluation_report(application: Application, request=None) -> bytes:
    """科技成果评价报告: the project, the panel, the scores by dimension and the conclusion."""
    project = application.project
    certificate = application.certificates.filter(holder_order=0).order_by("-pk").first()
    width, height = A4
    issuer = issuer_name()
    pdf = new_canvas(f"科技成果评价报告 {application.number}", author=issuer)
    left, text_width = 22 * mm, width - 44 * mm

    def new_page_if_needed(y: float, room: float = 30 * mm) -> float:
        if y > room:
            return y
        pdf.showPage()
        return height - 25 * mm

    pdf.setFillColor(GREEN)
    pdf.setFont(FONT, 22)
    pdf.drawCentredString(width / 2, height - 30 * mm, "科技成果评价报告")
    pdf.setFillColor(colors.black)
    pdf.setFont(FONT, 10)
    number = certificate.number if certificate else application.number
    pdf.drawCentredString(width / 2, height - 38 * mm, f"编号：{number}")

    y = height - 52 * mm
    facts = [
        ("成果名称", project.title),
        ("委托单位", application.organization.name),
        ("完成单位", "、".join(unit.name for unit in project.units.all())),
        ("主要完成人", "、".join(person.name for person in project.persons.all())),
        ("专业领域", str(project.field) if project.field_id else "—"),
        (
            "评价日期",
            chinese_date(application.decided_at),
        ),
    ]
    for label, value in facts:
        y = _wrapped(pdf, f"{label}：{value}", left, y, text_width, 11, 6.5 * mm)
        y = new_page_if_needed(y)

    y -= 4 * mm
    pdf.setFont(FONT, 13)
    pdf.drawString(left, y, "一、评价结论")
    y -= 8 * mm
    conclusion = application.grade_label or "—"
    y = _wrapped(
        pdf,
        f"评价专家组经审阅材料、独立评分，综合得分{application.score}分，"
        f"认为该成果整体达到{conclusion}水平。",
        left,
        y,
        text_width,
        11,
        6.5 * mm,
    )
    if application.grade_reason:
        y = _wrapped(
            pdf, f"专家组说明：{application.grade_reason}", left, y, text_width, 11, 6.5 * mm
        )

    y -= 4 * mm
    y = new_page_if_needed(y, 60 * mm)
    pdf.setFont(FONT, 13)
    pdf.drawString(left, y, "二、分项评分（专家独立评分的平均值）")
    y -= 8 * mm
    pdf.setFont(FONT, 10)
    for name, full, mean in dimension_means(application):
        pdf.drawString(left, y, name)
        pdf.drawRightString(left + 130 * mm, y, f"满分 {full:g}" if full is not None else "")
        pdf.drawRightString(left + text_width, y, f"{mean}" if mean is not None else "—")
        y -= 6 * mm
        y = new_page_if_needed(y)

    y -= 4 * mm
    y = new_page_if_needed(y, 60 * mm)
    pdf.setFont(FONT, 13)
    pdf.drawString(left, y, "三、评价专家组")
    y -= 8 * mm
    pdf.setFont(FONT, 10)
    reviews = application.reviews.filter(status=Review.Status.SUBMITTED).select_related(
        "expert__person__organization"
    )
    for index, review in enumerate(reviews, start=1):
        person = review.expert.person
        employer = person.organization.name if person.organization_id else person.employer_name
        pdf.drawString(left, y, f"{index}. {person.name}　{person.job_title}　{employer}")
        y -= 6 * mm
        y = new_page_if_needed(y)

    if certificate is not None:
        y = new_page_if_needed(y, 55 * mm)
        url = certificate_url(certificate, request)
        size = 28 * mm
        place_qr(
            pdf,
            url,
            left,
            y - size - 4 * mm,
            size,
            caption=["扫码或访问以下网址核验评价证书：", url],
        )
    pdf.setFont(FONT, 12)
    pdf.drawRightString(width - 22 * mm, 28 * mm, issuer)
    return pdf.getpdfdata()
