"""PDFs for the applicant (website.core.pdf): templates of the required documents filled with
the applicant's data (申报书, 信用承诺书 ...), and the result letter (评价结果通知书) with the
scores per dimension, the reasoning, the advice and a QR code to the public verification."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics

from website.core.pdf import FONT, GREEN, chinese_date, issuer_name, new_canvas, place_qr

from .pdf import verification_url
from .services import finance

WIDTH, HEIGHT = A4
LEFT, RIGHT = 22 * mm, WIDTH - 22 * mm
BOTTOM = 28 * mm


class Page:
    """A portrait A4 document in the association's frame that flows lines onto new pages."""

    def __init__(self, title: str):
        self.title = title
        self.canvas = new_canvas(title)
        self.y = 0.0
        self._start()

    def _start(self) -> None:
        canvas = self.canvas
        canvas.setStrokeColor(GREEN)
        canvas.setLineWidth(2)
        canvas.rect(12 * mm, 12 * mm, WIDTH - 24 * mm, HEIGHT - 24 * mm)
        canvas.setLineWidth(0.6)
        canvas.rect(14.5 * mm, 14.5 * mm, WIDTH - 29 * mm, HEIGHT - 29 * mm)
        canvas.setFillColor(GREEN)
        canvas.setFont(FONT, 18)
        canvas.drawCentredString(WIDTH / 2, HEIGHT - 32 * mm, self.title)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(WIDTH / 2, 18 * mm, issuer_name())
        self.y = HEIGHT - 46 * mm

    def new_page(self) -> None:
        self.canvas.showPage()
        self._start()

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def text(self, value: str, *, size: float = 11, indent: float = 0, gap: float = 1.6) -> None:
        """Wrapped text: Chinese breaks anywhere, so wrap by measured width character by
        character; blank lines in `value` become paragraph breaks."""
        width = RIGHT - LEFT - indent
        for paragraph in str(value).splitlines() or [""]:
            line = ""
            for char in paragraph:
                if pdfmetrics.stringWidth(line + char, FONT, size) > width:
                    self._line(line, size, indent, gap)
                    line = char
                else:
                    line += char
            self._line(line, size, indent, gap)

    def _line(self, line: str, size: float, indent: float, gap: float) -> None:
        self.need(size * gap)
        self.canvas.setFont(FONT, size)
        self.canvas.drawString(LEFT + indent, self.y, line)
        self.y -= size * gap

    def heading(self, value: str) -> None:
        self.need(14 * mm)
        self.y -= 3 * mm
        self.canvas.setFillColor(GREEN)
        self.text(value, size=13)
        self.canvas.setFillColor(colors.black)

    def table(self, header: list[str], rows: list[list[str]], widths: list[float]) -> None:
        size = 9.5
        height = size * 1.9
        for index, row in enumerate([header, *rows]):
            self.need(height)
            x = LEFT
            self.canvas.setFont(FONT, size)
            for cell, width in zip(row, widths, strict=False):
                self.canvas.rect(x, self.y - height + size * 1.3, width, height, stroke=1, fill=0)
                self.canvas.drawString(x + 1.5 * mm, self.y - size * 0.2, str(cell))
                x += width
            self.y -= height
            if index == 0:
                self.canvas.setLineWidth(0.6)
        self.y -= 2 * mm

    def blank(self, height: float = 4 * mm) -> None:
        self.y -= height

    def pdf(self) -> bytes:
        return self.canvas.getpdfdata()


def _applicant_facts(application) -> list[tuple[str, str]]:
    organization = application.organization
    return [
        ("申报单位", organization.name),
        ("统一社会信用代码", getattr(organization, "credit_code", "") or "—"),
        ("法定代表人", getattr(organization, "legal_representative", "") or "—"),
        ("单位地址", getattr(organization, "address", "") or "—"),
        ("评价对象", application.subject_name),
        ("申报编号", application.number),
        ("评价项目", f"{application.scheme.name}（{application.round.name}）"),
        (
            "联系人",
            " ".join(
                part
                for part in (
                    application.contact_name,
                    application.contact_phone,
                    application.contact_email,
                )
                if part
            )
            or "—",
        ),
    ]


def _facts(page: Page, facts: list[tuple[str, str]]) -> None:
    for label, value in facts:
        page.text(f"{label}：{value}")


def _finance_table(page: Page, application) -> None:
    found = finance.summary(application)
    if found is None:
        return
    page.heading("近三年主要财务数据（万元）")
    years = found.years
    if not years:
        page.text("（请在系统中填写近三年财务数据后重新下载本表。）", size=10)
        return
    header = ["项目", *[str(row.year) for row in years]]
    widths = [50 * mm] + [(RIGHT - LEFT - 50 * mm) / len(years)] * len(years)
    rows = [
        [str(finance.FIELD_LABELS[field]), *[str(getattr(row, field)) for row in years]]
        for field in finance.FIELDS
    ]
    rows += [
        [f"{code} {label}", *[shown for _year, shown in values]]
        for code, label, values in found.ratio_rows()
    ]
    page.table(header, rows, widths)


def _signature(page: Page) -> None:
    page.blank(10 * mm)
    page.text("法定代表人（签字）：____________________")
    page.blank()
    page.text("申报单位（盖章）：")
    page.blank()
    page.text("日期：________年____月____日")


def render_document_template(application, document) -> bytes:
    """The required document's template, filled with what the application already holds."""
    name = document.name
    page = Page(name)
    page.text(f"{application.scheme.name} · {application.round.name}", size=10)
    page.blank()
    if "承诺" in name:
        organization = application.organization
        page.text(
            f"本单位{organization.name}自愿参加{issuer_name()}组织的{application.scheme.name}，"
            "郑重承诺：",
        )
        for number, line in enumerate(
            (
                "所提交的申报材料、财务数据和证明文件真实、准确、完整，不存在虚假记载或重大遗漏；",
                "依法诚信经营，按时履行合同义务和纳税义务，未被列入严重失信主体名单；",
                "在证书有效期内按要求参加年度复查，发生名称、法定代表人、资质等重大变更或安全生产事故、"
                "行政处罚时及时报告；",
                "如有违反上述承诺的行为，自愿接受撤销评价结果、收回证书并向社会公布等处理。",
            ),
            start=1,
        ):
            page.text(f"{number}. {line}", indent=4 * mm)
        page.blank()
        _facts(page, _applicant_facts(application)[:3])
        _signature(page)
        return page.pdf()
    page.heading("一、申报单位基本情况")
    _facts(page, _applicant_facts(application))
    if "申报" in name:
        page.heading("二、单位简介")
        page.text(application.summary or "（请填写单位简介、主营业务、服务范围和主要业绩。）")
        if application.accounting_years is not None:
            page.text(f"具有营业收入的完整会计年度：{application.accounting_years}年")
        _finance_table(page, application)
        page.heading("三、自评得分")
        scores = {entry.criterion_id: entry.score for entry in application.self_assessments.all()}
        rows = [
            [criterion.code, criterion.name[:22], str(scores.get(criterion.pk, "—"))]
            for criterion in application.criteria_set.ordered_criteria()
            if criterion.is_scored
        ]
        page.table(["指标", "名称", "自评分"], rows, [22 * mm, 110 * mm, RIGHT - LEFT - 132 * mm])
        page.heading("四、申报声明")
        page.text(
            "本单位承诺所填内容及所附材料真实有效，同意协会按评价办法开展审查、专家评审和公示。"
        )
        _signature(page)
        return page.pdf()
    page.heading("二、材料要求")
    page.text(document.description or "请按评价办法的要求提交本项材料。")
    if "财务" in name:
        _finance_table(page, application)
    page.heading("三、材料清单")
    for number in range(1, 6):
        page.text(f"{number}. ____________________________________________")
    _signature(page)
    return page.pdf()


def render_result_letter(result, request=None) -> bytes:
    """评价结果通知书: grade, score per dimension, the panel's reasoning and advice, verification."""
    application = result.application
    certificate = result.certificate
    page = Page("评价结果通知书")
    page.text(f"{application.organization.name}：")
    page.blank(2 * mm)
    # The letter speaks of the decision, so it carries the decision's date (the day the
    # certificate was issued), whenever it is downloaded. Grade labels are whole words
    # (AAA级, 优秀, 一等奖): nothing is added to them.
    decided = chinese_date(
        certificate.issued_on if certificate is not None else application.decided_at
    )
    page.text(
        f"贵单位申报的{application.scheme.name}（申报编号{application.number}，评价对象"
        f"{application.subject_name}）经形式审查、专家评审和评价委员会审定，于{decided}"
        f"评定为{application.grade_label}，综合得分{application.score or '—'}分。",
        indent=0,
    )
    if certificate is not None:
        until = chinese_date(certificate.valid_until) if certificate.valid_until else "长期有效"
        page.text(f"证书编号：{certificate.number}，有效期至：{until}。")
    if result.dimensions:
        page.heading("一、各维度得分")
        page.table(
            ["维度", "满分", "得分"],
            [
                [
                    f"{d.code} {d.name}",
                    f"{d.max_points:g}" if d.max_points is not None else "—",
                    str(d.score),
                ]
                for d in result.dimensions
            ],
            [90 * mm, 35 * mm, RIGHT - LEFT - 125 * mm],
        )
    page.heading("二、评定理由")
    page.text(result.reasoning or "—")
    page.heading("三、改进建议")
    page.text(result.advice or "—")
    page.blank(6 * mm)
    page.need(48 * mm)
    canvas = page.canvas
    canvas.setFont(FONT, 13)
    canvas.drawRightString(RIGHT - 8 * mm, page.y - 6 * mm, issuer_name())
    canvas.setFont(FONT, 11)
    canvas.drawRightString(RIGHT - 8 * mm, page.y - 14 * mm, decided)
    if certificate is not None:
        url = verification_url(certificate, request)
        place_qr(canvas, url, LEFT, page.y - 34 * mm, 26 * mm, caption=["扫码核验证书状态：", url])
    return page.pdf()
