"""The comments table of a draft standard (意见汇总处理表) as a spreadsheet."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone

from website.core.exports import write_cell

from .models import GroupStandardPage, StandardComment

COLUMNS = [
    ("序号", 6),
    ("章条编号", 12),
    ("意见内容", 48),
    ("修改建议", 40),
    ("提出单位", 26),
    ("提出人", 10),
    ("处理意见", 12),
    ("处理说明", 40),
]


def comments_workbook(standard: GroupStandardPage) -> bytes:
    # openpyxl (~9 MB) is loaded by the worker that makes a workbook, not by every worker.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    comments = list(
        StandardComment.objects.filter(standard=standard).order_by("submitted_at", "pk")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "意见汇总处理表"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.cell(1, 1, "团体标准征求意见汇总处理表").font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    number = standard.display_number
    write_cell(sheet, 2, 1, f"标准名称：{standard.title}" + (f"（{number}）" if number else ""))
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(COLUMNS))
    period = ""
    if standard.consultation_opens_on and standard.consultation_closes_on:
        period = f"征求意见期：{standard.consultation_opens_on:%Y-%m-%d} 至 {standard.consultation_closes_on:%Y-%m-%d}；"
    sheet.cell(
        3,
        1,
        f"主编单位：{standard.lead_organization}；{period}导出时间：{timezone.localtime():%Y-%m-%d %H:%M}",
    )

    header_row = 5
    for column, (heading, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(header_row, column, heading)
        cell.font = Font(bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[cell.column_letter].width = width

    decisions = dict(StandardComment.Decision.choices)
    labels = {
        StandardComment.Decision.PENDING: "待处理",
        StandardComment.Decision.ACCEPTED: "采纳",
        StandardComment.Decision.PARTLY_ACCEPTED: "部分采纳",
        StandardComment.Decision.NOT_ACCEPTED: "不采纳",
    }
    for offset, comment in enumerate(comments, start=1):
        row = header_row + offset
        values = [
            offset,
            comment.clause,
            comment.comment,
            comment.proposed_change,
            comment.organization,
            comment.name,
            labels.get(comment.decision, decisions.get(comment.decision, "")),
            comment.handling_note,
        ]
        for column, value in enumerate(values, start=1):
            # The public typed it: "=HYPERLINK(...)" stays text, never a formula.
            cell = write_cell(sheet, row, column, value)
            cell.border = border
            cell.alignment = wrap

    counts = {key: 0 for key in labels}
    for comment in comments:
        counts[comment.decision] = counts.get(comment.decision, 0) + 1
    summary_row = header_row + len(comments) + 2
    sheet.merge_cells(
        start_row=summary_row, start_column=1, end_row=summary_row, end_column=len(COLUMNS)
    )
    sheet.cell(
        summary_row,
        1,
        f"共收到意见{len(comments)}条，其中采纳{counts[StandardComment.Decision.ACCEPTED]}条，"
        f"部分采纳{counts[StandardComment.Decision.PARTLY_ACCEPTED]}条，"
        f"不采纳{counts[StandardComment.Decision.NOT_ACCEPTED]}条，"
        f"待处理{counts[StandardComment.Decision.PENDING]}条。",
    )
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
