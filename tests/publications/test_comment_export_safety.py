"""What the public types into a comment reaches staff spreadsheets as text: a leading = or
@ never becomes a formula, neither in the comments table nor in the listing's exports."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from publications.models import GroupStandardPage, StandardComment, StandardIndexPage
from publications.services import change_standard_status
from tests.publications import factories

pytestmark = pytest.mark.django_db
Status = GroupStandardPage.Status
FORMULA = '=HYPERLINK("http://evil.example/","点此查看")'


@pytest.fixture
def standard(client, home, editor):
    index = factories.publish(home, StandardIndexPage(title="团体标准", slug="standards"))
    standard = factories.publish(
        index,
        GroupStandardPage(
            title="智慧公厕技术规范", slug="smart-toilets", lead_organization="中国城市环境卫生协会"
        ),
    )
    change_standard_status(standard, Status.DRAFTING, user=editor)
    change_standard_status(
        standard,
        Status.CONSULTATION,
        user=editor,
        closes_on=timezone.localdate() + datetime.timedelta(days=40),
    )
    response = client.post(
        reverse("publications:comment_create", args=[standard.pk]),
        {
            "name": "@SUM(1+1)",
            "organization": "+某公司",
            "contact": "a@b.cn",
            "clause": "-5.1",
            "comment": FORMULA,
            "proposed_change": "=1+1",
        },
    )
    assert response.status_code == 302
    return standard


def test_comments_table_keeps_formulas_as_text(client, standard, editor):
    client.force_login(editor)
    response = client.get(reverse("publications_admin:comments_xlsx", args=[standard.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value}
    assert cells[FORMULA].data_type == "s"
    assert cells["=1+1"].data_type == "s"


def test_listing_exports_keep_formulas_as_text(client, standard, editor):
    client.force_login(editor)
    index = reverse("publications_comments:index")
    csv = client.get(index + "?export=csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert "'" + FORMULA.replace('"', '""') in text
    assert "'+某公司" in text and "'@SUM(1+1)" in text
    xlsx = client.get(index + "?export=xlsx")
    sheet = load_workbook(BytesIO(b"".join(xlsx.streaming_content))).active
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []
    assert StandardComment.objects.get().comment == FORMULA
