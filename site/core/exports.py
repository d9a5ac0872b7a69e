"""Spreadsheet exports that are safe to open in Excel: the one formula-safe writer.

Members, registrants and the public type names, titles and comments that staff later export.
Excel runs a CSV cell beginning with = + - @ (or a tab or carriage return before them) as a
formula ("=HYPERLINK(...)"), and openpyxl stores such a string as a formula in .xlsx. So:
- CSV: every Wagtail spreadsheet export (our listings, Wagtail's reports and its form
  submissions) quotes such text with a leading apostrophe: `install()` makes Wagtail's
  `SpreadsheetExportMixin` do it, since several of those views are Wagtail's own.
- XLSX: our hand-built workbooks write rows with `append_row` / `write_cell`, which keep text
  as text; Wagtail's own xlsx writer already does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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


def append_row(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` (None as empty), with text never turned into a formula."""
    sheet.append(["" if value is None else value for value in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


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
