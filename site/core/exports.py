"""Back-office spreadsheet exports that are safe to open in Excel.

Members, registrants and the public type names, titles and comments that staff later export.
Wagtail keeps text that looks like a formula a string in .xlsx, but writes CSV as typed, and
Excel runs a cell beginning with = + - @ as a formula ("=HYPERLINK(...)"). Every admin listing
with an export uses this mixin, so such text is quoted with a leading apostrophe.
"""

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@")


def csv_safe(value: Any) -> Any:
    """Text that would run as a formula in a spreadsheet, quoted; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSVExportMixin:
    """For Wagtail IndexViews: CSV cells never start a formula."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if export_format == self.FORMAT_CSV else value
