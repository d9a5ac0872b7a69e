"""Benchmark: import 10,000 organizations from an .xlsx through the admin's views.

Not part of `make test` (the name does not start with test_); run it on purpose:

    .venv/bin/pytest -p no:cacheprovider tests/perf/members_import.py -s
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/huanwei_<you> .venv/bin/pytest ... (PostgreSQL)

It uploads the file (read and check every row: the preview), confirms (read again, check
again inside the transaction, bulk insert organizations, categories, memberships and their
history), and prints wall time and peak Python memory (tracemalloc) of each step, plus the
process's peak resident size. tracemalloc slows Python down, so the times come from a first
pass without it and the memory from a second pass (rolled back) with it.
"""

import io
import resource
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook

from members.models import ImportBatch, Membership, Organization
from tests.members.factories import make_credit_code

ROWS = 10_000
CITIES = [("北京", "北京"), ("广东", "广州"), ("广东", "深圳"), ("浙江", "杭州"), ("江苏", "南京")]
KINDS = [
    ("环境卫生管理有限公司", "道路清扫保洁、垃圾收运"),
    ("环保科技股份有限公司", "智慧环卫"),
    ("环境能源有限公司", "垃圾焚烧、渗滤液处理"),
    ("环卫装备制造有限公司", "环卫装备"),
]
TIERS = ["会员单位", "会员单位", "理事单位", ""]


def build_workbook(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(
        ["单位名称", "统一社会信用代码", "省份", "城市", "业务类别", "会员级别", "入会日期"]
    )
    for n in range(rows):
        province, city = CITIES[n % len(CITIES)]
        suffix, categories = KINDS[n % len(KINDS)]
        tier = TIERS[n % len(TIERS)]
        sheet.append(
            [
                f"{city}第{n + 1:05d}{suffix}",
                make_credit_code(5_000_000 + n),
                province,
                f"{city}市",
                categories,
                tier,
                "2025-01-15" if tier else None,
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class Rollback(Exception):
    pass


def run_import(client, content: bytes, *, trace: bool = False) -> dict:
    """Upload (preview), then confirm (import); times, or peak traced memory, per step."""
    figures = {}
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.post(
        reverse("member_import:index"),
        {"kind": "organizations", "file": SimpleUploadedFile("10000.xlsx", content)},
    )
    figures["preview_s"] = time.perf_counter() - started
    assert response.status_code == 302, response.content[:2000]
    if trace:
        figures["preview_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.reset_peak()
    batch = ImportBatch.objects.latest("pk")
    assert batch.rows_valid == ROWS
    started = time.perf_counter()
    response = client.post(reverse("member_import:confirm", args=[batch.pk]))
    figures["import_s"] = time.perf_counter() - started
    if trace:
        figures["import_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.rows_imported == ROWS
    return figures


@pytest.mark.perf
@pytest.mark.django_db
def test_import_ten_thousand_organizations(client):
    from django.contrib.auth.models import Group
    from django.db import connection

    from tests.factories import UserFactory
    from website.accounts import roles

    roles.sync_roles()
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name=roles.MEMBERSHIP_STAFF))
    client.force_login(staff)
    content = build_workbook(ROWS)
    before = Organization.objects.count()

    with pytest.raises(Rollback), transaction.atomic():
        timed = run_import(client, content)
        assert Organization.objects.count() == before + ROWS
        raise Rollback
    traced = run_import(client, content, trace=True)
    assert Organization.objects.count() == before + ROWS
    assert Membership.objects.filter(organization__name__contains="第").count() == ROWS * 3 // 4

    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n[members import] {ROWS} rows, {connection.vendor}: "
        f"upload + preview {timed['preview_s']:.1f} s, confirm + import {timed['import_s']:.1f} s; "
        f"peak traced Python memory: preview {traced['preview_mb']:.0f} MB, "
        f"import {traced['import_mb']:.0f} MB; process max RSS {maxrss_mb:.0f} MB; "
        f"file {len(content) / 2**20:.2f} MB"
    )
