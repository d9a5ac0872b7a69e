"""An import reads a bounded amount whatever the workbook holds, and never echoes a raw cell.

A 107 KB workbook with one 100 MB cell grew a worker to 1.09 GB and came back as a 105 MB
page. A workbook is a zip: what it expands to is checked before parsing, any one cell is
capped while reading, and previews and messages repeat at most a short prefix of a cell.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

from members import importing
from members.models import ImportBatch
from tests.members.factories import make_credit_code
from tests.members.test_import import ORG_HEADER, upload, workbook

pytestmark = pytest.mark.django_db


def _with_huge_cell(content: bytes, text: str) -> bytes:
    """The workbook with one cell's text replaced by `text` (openpyxl caps what it writes)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(">垃<".encode(), f">{text}<".encode())
            target.writestr(info.filename, data)
    return out.getvalue()


def _row(name: str, n: int = 1) -> list:
    return [name, make_credit_code(n), "北京", "", "", "", None]


def test_an_overlong_cell_is_an_error_of_its_row_and_shown_short():
    long_name = "环" * (importing.MAX_CELL_CHARS + 1)
    content = workbook(ORG_HEADER, [_row(long_name), _row("北京洁城环境服务有限公司", 2)])

    preview = importing.read_workbook(io.BytesIO(content), "organizations")

    bad, good = preview.rows
    assert bad.errors and str(importing.MAX_CELL_CHARS) in " ".join(bad.errors)
    assert len(bad.values["name"]) <= importing.SHOWN_CHARS + 1
    assert good.is_valid


def test_a_workbook_that_expands_too_far_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(importing, "MAX_EXPANDED_SIZE", 2 * 1024 * 1024)
    # Compresses to a few KB, expands to 6 MB: the shape of the hostile file, scaled down.
    content = _with_huge_cell(workbook(ORG_HEADER, [_row("垃")]), "垃" * (2 * 1024 * 1024))
    assert len(content) < 200 * 1024

    tracemalloc.start()
    with pytest.raises(importing.ImportFileError):
        importing.read_workbook(io.BytesIO(content), "organizations")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    assert peak < 1024 * 1024  # the cell was never read


def test_unknown_header_cells_are_listed_short_and_few():
    header = [*ORG_HEADER, *("额外列" * 500 + str(n) for n in range(100))]
    content = workbook(header, [_row("北京洁城环境服务有限公司")])

    preview = importing.read_workbook(io.BytesIO(content), "organizations")

    assert len(preview.ignored_headers) <= 30
    assert all(len(cell) <= importing.SHOWN_CHARS + 1 for cell in preview.ignored_headers)


def test_the_preview_page_stays_small(admin_client):
    huge = "=" + "x" * 50_000
    response = admin_client.post(
        reverse("member_import:index"),
        {"kind": "organizations", "file": upload(workbook(ORG_HEADER, [_row(huge)]))},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()

    page = admin_client.get(response.url)

    assert page.status_code == 200
    assert len(page.content) < 200_000
    assert "x" * 1_000 not in page.content.decode()
    assert batch.rows_valid == 0
