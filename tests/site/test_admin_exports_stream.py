"""Admin listing exports stream: CSV and XLSX responses are generators over the rows (read in
chunks with iterator()), never a table built first; the queries do not grow with the rows;
choice labels are looked up once per export."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.members.factories import MembershipFactory, OrganizationFactory
from website.core.exports import iter_xlsx

pytestmark = pytest.mark.django_db

PATH = "/admin/members/organizations/"


def _export(client, export_format):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(PATH, {"export": export_format})
        assert response.status_code == 200
        assert response.streaming
        body = b"".join(response.streaming_content)
    return body, len(queries)


def _grow(count):
    for _ in range(count):
        MembershipFactory(organization=OrganizationFactory())


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_an_export_streams_every_row_in_fixed_queries(export_format, client, site_home):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    _grow(3)
    client.get(PATH, {"export": export_format})  # caches filled once
    _body, few = _export(client, export_format)
    _grow(30)
    body, many = _export(client, export_format)
    assert many == few
    if export_format == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8"))))
    else:
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 33
    assert any("测试环境服务有限公司" in str(cell) for cell in rows[1])


def test_the_xlsx_writer_yields_before_the_last_row_is_read():
    from website.core.exports import FLUSH_ROWS, Sheet

    read = []

    def rows():
        for number in range(FLUSH_ROWS * 4):
            read.append(number)
            yield [f"单位{number}", number]

    chunks = iter_xlsx([Sheet("单位", ("名称", "序号"), rows())])
    first = next(chunks)
    assert first.startswith(b"PK")  # the zip's first entry is on its way
    assert len(read) < FLUSH_ROWS * 4


def test_column_letters_are_openpyxls():
    from openpyxl.utils import get_column_letter

    from website.core.exports import column_letter

    for number in [*range(1, 800), 16384]:
        assert column_letter(number) == get_column_letter(number)
