"""Spreadsheet exports that are safe to open in Excel: the one formula-safe writer.

Members, registrants and the public type names, titles and comments that staff later export.
Excel runs a CSV cell beginning with = + - @ (or a tab or carriage return before them) as a
formula ("=HYPERLINK(...)"), and openpyxl stores such a string as a formula in .xlsx. So:
- CSV: every Wagtail spreadsheet export (our listings, Wagtail's reports and its form
  submissions) quotes such text with a leading apostrophe: `install()` makes Wagtail's
  `SpreadsheetExportMixin` do it, since several of those views are Wagtail's own.
- XLSX: our lists are written by `write_xlsx` / `xlsx_response` (a write-only workbook: rows
  go to a temporary file as they come, so memory stays flat for 100,000 rows), which keep text
  as text; forms with a fixed layout (the comments table) use `write_cell`. Wagtail's own
  xlsx writer already keeps text as text.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import FileResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """Text that would run as a formula in a spreadsheet, quoted; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_cell(sheet, row: int, column: int, value: Any):
    """`sheet.cell(row, column, value)`, with text never turned into a formula."""
    cell = sheet.cell(row, column, value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


@dataclass
class Sheet:
    """One list: a bold, frozen header row and its rows (None as empty)."""

    title: str
    header: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    column_width: int = 18


def sheet_title(name: str, used: set[str]) -> str:
    """A title Excel accepts (no []:*?/\\, at most 31 characters), unique in the workbook."""
    title = re.sub(r"[\[\]\:\*\?\/\\]", " ", str(name))[:28] or "-"
    base, number = title, 2
    while title in used:
        title = f"{base[:25]} {number}"
        number += 1
    used.add(title)
    return title


def _cell(sheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value="" if value is None else value)
    if cell.data_type == "f":  # a registrant's "=HYPERLINK(...)" stays text
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def write_xlsx(sheets: Iterable[Sheet], target) -> None:
    """Write the sheets into ``target`` (a path or binary file), row by row."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet_title(sheet.title, used))
        worksheet.freeze_panes = "A2"
        for index in range(1, len(sheet.header) + 1):
            worksheet.column_dimensions[get_column_letter(index)].width = sheet.column_width
        worksheet.append([_cell(worksheet, str(name), bold=True) for name in sheet.header])
        for row in sheet.rows:
            worksheet.append([_cell(worksheet, value) for value in row])
    if not used:
        workbook.create_sheet("-")
    workbook.save(target)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    with tempfile.TemporaryFile() as target:
        write_xlsx(sheets, target)
        target.seek(0)
        return target.read()


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> FileResponse:
    """A download of the sheets, streamed from a temporary file."""
    target = tempfile.TemporaryFile()  # FileResponse closes it
    write_xlsx(sheets, target)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


class SafeCSVExportMixin:
    """For Wagtail IndexViews: CSV cells never start a formula (explicit, and independent of
    `install()`; quoting twice changes nothing, since a quoted value starts with ')."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if export_format == self.FORMAT_CSV else value


def install() -> None:
    """Make every Wagtail spreadsheet export quote formulas in CSV (called once at startup)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_formula_safe", False):
        return
    original = SpreadsheetExportMixin.preprocess_field_value

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return csv_safe(value) if export_format == self.FORMAT_CSV else value

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin._formula_safe = True
