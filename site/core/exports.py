"""Spreadsheet exports that are safe to open in Excel: the one formula-safe writer.

Members, registrants and the public type names, titles and comments that staff later export.
Excel runs a CSV cell beginning with = + - @ (or a tab or carriage return before them) as a
formula ("=HYPERLINK(...)"), and openpyxl stores such a string as a formula in .xlsx. So:
- CSV: every Wagtail spreadsheet export (our listings, Wagtail's reports and its form
  submissions) quotes such text with a leading apostrophe: `install()` makes Wagtail's
  `SpreadsheetExportMixin` do it, since several of those views are Wagtail's own.
- XLSX: our lists are written by `write_xlsx` / `xlsx_response` / `iter_xlsx`, a streaming
  writer (rows go into the zip and out to the response as they are read: the download starts
  at once and memory stays flat for 100,000 rows), which keep text as text; forms with a fixed
  layout (the comments table) use `write_cell`. Wagtail's own xlsx writer keeps text as text.
- Admin listings export through `SafeExportIndexView` (website.core.backoffice): the rows are
  read in chunks with ``iterator()`` and streamed, CSV and XLSX.
- A choice's label is the model's own `get_<field>_display()`, translated once per language
  (website.core.choices).
"""

from __future__ import annotations

import datetime
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from os import PathLike
from typing import Any
from xml.sax.saxutils import escape

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

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


# ---- the streaming XLSX writer ----------------------------------------------------------------
#
# An .xlsx file is a zip of XML parts. openpyxl's write-only workbook keeps memory flat, but
# writes each sheet to a temporary file and zips it at save(), so a download of 100,000 rows
# starts only when the last row is written. Here the rows go through zipfile, which writes to
# an unseekable stream, straight into the response: the first bytes leave at once, and memory
# holds a few hundred rows whatever the length. Text is always an inline string (never a
# formula); numbers, booleans, dates and times are typed cells.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = datetime.datetime(1899, 12, 30)
# Cell styles (cellXfs): 0 normal, 1 bold, 2 date, 3 date and time, 4 time.
_BOLD, _DATE, _DATETIME, _TIME = 1, 2, 3, 4
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="21" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
FLUSH_ROWS = 500  # rows between two chunks handed to the response


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value))


def _cell_xml(ref: str, value: Any, *, bold: bool = False) -> str:
    if value is None or value == "":
        return ""
    if bold:
        return f'<c r="{ref}" s="{_BOLD}" t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        serial = (value - _EPOCH) / datetime.timedelta(days=1)
        return f'<c r="{ref}" s="{_DATETIME}"><v>{serial}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{ref}" s="{_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, datetime.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return f'<c r="{ref}" s="{_TIME}"><v>{seconds / 86400}</v></c>'
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(str(value))}</t></is></c>'
    )


def _row_xml(number: int, values: Sequence[Any], letters: list[str], *, bold: bool = False) -> str:
    while len(letters) < len(values):
        letters.append(column_letter(len(letters) + 1))
    cells = "".join(
        _cell_xml(f"{letters[index]}{number}", value, bold=bold)
        for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


class _Sink:
    """A write-only stream whose bytes are taken out as they come (zipfile writes to it)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def column_letter(number: int) -> str:
    """A spreadsheet column's letters, 1 → A, 27 → AA (openpyxl's get_column_letter, which
    would load all of openpyxl, ~9 MB, into every web worker)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def iter_xlsx(sheets: Iterable[Sheet]) -> Iterator[bytes]:
    """The workbook's bytes, a chunk every few hundred rows, computed as they are read."""
    sink = _Sink()
    titles: list[str] = []
    used: set[str] = set()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in sheets:
            titles.append(sheet_title(sheet.title, used))
            yield from _write_sheet(archive, sink, len(titles), sheet)
        if not titles:
            titles.append("-")
            yield from _write_sheet(archive, sink, 1, Sheet("-", (), []))
        sheet_list = "".join(
            f'<sheet name="{escape(title, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
            for n, title in enumerate(titles, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f"<bookViews><workbookView/></bookViews><sheets>{sheet_list}</sheets></workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(titles) + 1)
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">{relations}'
            f'<Relationship Id="rId{len(titles) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/styles.xml", _STYLES)
        archive.writestr(
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{kind}.worksheet+xml"/>'
            for n in range(1, len(titles) + 1)
        )
        archive.writestr(
            "[Content_Types].xml",
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kind}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{kind}.styles+xml"/>'
            f"{overrides}</Types>",
        )
    yield sink.drain()


def _write_sheet(archive, sink: _Sink, number: int, sheet: Sheet) -> Iterator[bytes]:
    letters: list[str] = []
    columns = len(sheet.header)
    head = [
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetViews>'
        '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
        ' state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
        '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
    ]
    if columns:
        head.append(
            f'<cols><col min="1" max="{columns}" width="{sheet.column_width}"'
            ' customWidth="1"/></cols>'
        )
    head.append("<sheetData>")
    if columns:
        head.append(_row_xml(1, [str(name) for name in sheet.header], letters, bold=True))
    with archive.open(f"xl/worksheets/sheet{number}.xml", "w") as entry:
        entry.write("".join(head).encode())
        yield sink.drain()  # the download starts now, before the first row is read
        buffer: list[str] = []
        for row_number, row in enumerate(sheet.rows, start=2):
            buffer.append(_row_xml(row_number, row, letters))
            if len(buffer) >= FLUSH_ROWS:
                entry.write("".join(buffer).encode())
                buffer = []
                yield sink.drain()
        entry.write(("".join(buffer) + "</sheetData></worksheet>").encode())
    yield sink.drain()


def write_xlsx(sheets: Iterable[Sheet], target) -> None:
    """Write the sheets into ``target`` (a path or binary file), row by row."""
    if isinstance(target, str | PathLike):
        with open(target, "wb") as file:
            write_xlsx(sheets, file)
        return
    for chunk in iter_xlsx(sheets):
        target.write(chunk)


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    return b"".join(iter_xlsx(sheets))


def xlsx_response(filename: str, sheets: Iterable[Sheet]) -> StreamingHttpResponse:
    """A download of the sheets that starts at once and streams as the rows are read."""
    response = StreamingHttpResponse(iter_xlsx(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]):
    """A CSV download streamed row by row (UTF-8 with a byte order mark, for Excel), text that
    would run as a formula quoted."""
    import csv

    class _Echo:
        def write(self, value):
            return value

    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([str(name) for name in header])
        for row in rows:
            yield writer.writerow([csv_safe("" if value is None else value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


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
