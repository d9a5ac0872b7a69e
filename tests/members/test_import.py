"""Journey 8: Excel import of organizations and persons, previewed before anything is saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from wagtail.models import ModelLogEntry

from members import importing
from members.models import ImportBatch, Membership, Organization, Person
from tests.factories import UserFactory
from tests.members.factories import OrganizationFactory, PersonFactory, make_credit_code

pytestmark = pytest.mark.django_db

ORG_HEADER = [
    "单位名称*",
    "统一社会信用代码*",
    "省份*",
    "单位类型",
    "业务类别",
    "会员级别",
    "入会日期",
]


def workbook(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="会员单位.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def org_rows():
    existing = OrganizationFactory(credit_code=make_credit_code(900))
    return [
        ["广州市环境卫生管理有限公司", make_credit_code(1), "广东", "企业", "道路清扫保洁、垃圾收运", "理事单位", "2024-03-01"],
        ["广州绿源环保科技股份有限公司", make_credit_code(2), "广东省", "", "智慧环卫", "", None],
        ["坏代码环卫有限公司", "91110108MA01ABCDE0", "北京", "", "", "", None],
        ["重复代码环卫有限公司", make_credit_code(1), "北京", "", "", "", None],
        ["已有单位环卫有限公司", existing.credit_code, "北京", "", "", "", None],
        ["", make_credit_code(3), "北京", "", "", "", None],
        ["未知省份环卫有限公司", make_credit_code(4), "火星", "", "", "", None],
        ["未知类别环卫有限公司", make_credit_code(5), "上海", "", "航天", "", None],
        ["未知级别环卫有限公司", make_credit_code(6), "上海", "", "", "名誉单位", None],
        [None, None, None, None, None, None, None],  # empty rows are skipped
        ["杭州市环境集团有限公司", make_credit_code(7), "33", "Enterprise", "垃圾焚烧", "会员单位", "2023/7/15"],
    ]  # fmt: skip


def test_read_workbook_reports_errors_per_row(org_rows):
    preview = importing.read_workbook(io.BytesIO(workbook(ORG_HEADER, org_rows)), "organizations")
    assert len(preview.rows) == 10
    assert [row.number for row in preview.valid_rows] == [2, 3, 12]
    errors = {row.number: " ".join(row.errors) for row in preview.invalid_rows}
    assert "校验码" in errors[4]
    assert "第2行" in errors[5] or "row 2" in errors[5]
    assert "已存在" in errors[6] or "already exists" in errors[6]
    assert "必填" in errors[7] or "required" in errors[7]
    assert "火星" in errors[8] and "航天" in errors[9] and "名誉单位" in errors[10]
    assert Organization.objects.count() == 1  # nothing saved by a preview


def test_import_saves_good_rows_with_memberships_and_categories(org_rows, membership_staff):
    preview = importing.read_workbook(io.BytesIO(workbook(ORG_HEADER, org_rows)), "organizations")
    result = importing.import_preview(preview, user=membership_staff, reason="导入测试")
    assert (result.created, result.memberships, len(result.skipped)) == (3, 2, 7)
    guangzhou = Organization.objects.get(credit_code=make_credit_code(1))
    assert guangzhou.province == "44" and guangzhou.kind == "enterprise"
    assert sorted(guangzhou.categories.values_list("slug", flat=True)) == [
        "collection",
        "street-cleaning",
    ]
    assert guangzhou.membership.tier == "director"
    assert guangzhou.membership.status == "active"
    assert str(guangzhou.membership.joined_on) == "2024-03-01"
    assert guangzhou.membership.status_history().get().reason == "导入测试"
    hangzhou = Organization.objects.get(credit_code=make_credit_code(7))
    assert str(hangzhou.membership.joined_on) == "2023-07-15"
    assert not hasattr(Organization.objects.get(credit_code=make_credit_code(2)), "membership")
    numbers = list(Membership.objects.values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers)


def test_missing_required_columns_or_not_a_workbook():
    with pytest.raises(importing.ImportFileError):
        importing.read_workbook(io.BytesIO(workbook(["单位名称"], [["x"]])), "organizations")
    with pytest.raises(importing.ImportFileError):
        importing.read_workbook(io.BytesIO(b"PK\x03\x04 not really"), "organizations")


def test_english_headers_are_accepted():
    content = workbook(
        ["Organization name", "Unified social credit code", "Province"],
        [["Shenzhen Energy", make_credit_code(11), "Guangdong"]],
    )
    preview = importing.read_workbook(io.BytesIO(content), "organizations")
    assert preview.valid_rows[0].cleaned["province"] == "44"


def test_persons_import_matches_employers_and_opens_individual_memberships(membership_staff):
    employer = OrganizationFactory(name="北京环境卫生集团有限公司")
    PersonFactory(email="taken@example.com")
    content = workbook(
        ["姓名", "工作单位", "职务", "职称", "手机", "电子邮箱", "个人会员", "入会日期"],
        [
            ["李建国", employer.credit_code, "总工程师", "正高级", "13900000001", "li@example.com", "是", "2024-01-01"],
            ["王海燕", "北京环境卫生集团有限公司", "主任", "", "13900000002", "", "否", None],
            ["张三", "某县环卫所", "", "", "", "zhang@example.com", "", None],
            ["赵四", "", "", "", "13900000001", "", "", None],
            ["钱五", "", "", "", "", "taken@example.com", "", None],
            ["孙六", "", "", "专家级", "", "bad-email", "也许", None],
        ],
    )  # fmt: skip
    preview = importing.read_workbook(io.BytesIO(content), "persons")
    assert [row.number for row in preview.valid_rows] == [2, 3, 4]
    assert len(preview.invalid_rows[-1].errors) == 3
    result = importing.import_preview(preview, user=membership_staff)
    assert (result.created, result.memberships) == (3, 1)
    li = Person.objects.get(name="李建国")
    assert li.organization == employer and li.professional_title == "senior_full"
    assert li.membership.tier == "individual" and li.membership.number.startswith("G")
    assert Person.objects.get(name="王海燕").organization == employer
    zhang = Person.objects.get(name="张三")
    assert zhang.organization is None and zhang.employer_name == "某县环卫所"


def test_template_is_downloadable_and_reads_back(admin_client):
    for kind in ("organizations", "persons"):
        response = admin_client.get(reverse("member_import:template", args=[kind]))
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        header = [cell.value for cell in book.worksheets[0][1]]
        assert header[0] in ("单位名称*", "姓名*")
        assert len(book.worksheets) == 3
        # The empty template is a valid file with no rows.
        assert importing.read_workbook(io.BytesIO(response.content), kind).rows == []


def test_upload_preview_then_confirm(admin_client, org_rows, membership_staff):
    url = reverse("member_import:index")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"kind": "organizations", "file": upload(workbook(ORG_HEADER, org_rows))}
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.rows_total, batch.rows_valid, batch.status) == (10, 3, "previewed")
    assert batch.uploaded_by == membership_staff
    assert Organization.objects.count() == 1  # nothing yet

    preview = admin_client.get(response.url)
    content = preview.content.decode()
    assert preview.status_code == 200
    assert "坏代码环卫有限公司" in content and "火星" in content
    assert reverse("member_import:confirm", args=[batch.pk]) in content

    done = admin_client.post(reverse("member_import:confirm", args=[batch.pk]))
    assert done.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.rows_imported) == ("imported", 3)
    assert Organization.objects.count() == 4
    assert ModelLogEntry.objects.filter(action="members.import.run").exists()
    # Confirming twice imports nothing more.
    admin_client.post(reverse("member_import:confirm", args=[batch.pk]))
    assert Organization.objects.count() == 4


def test_upload_rejects_other_files_with_a_message(admin_client):
    url = reverse("member_import:index")
    for name, content in (("list.csv", b"a,b\n1,2"), ("fake.xlsx", b"%PDF-1.4")):
        response = admin_client.post(url, {"kind": "organizations", "file": upload(content, name)})
        assert response.status_code == 200
        assert response.context["form"].errors
    bad_header = workbook(["名称"], [["x"]])
    response = admin_client.post(url, {"kind": "organizations", "file": upload(bad_header)})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not ImportBatch.objects.exists()


def test_import_needs_permissions(admin_client, membership_staff, org_rows):
    client = admin_client
    admin_client.post(
        reverse("member_import:index"),
        {"kind": "organizations", "file": upload(workbook(ORG_HEADER, org_rows))},
    )
    batch = ImportBatch.objects.get()
    client.force_login(UserFactory(is_staff=True))
    for url in (
        reverse("member_import:index"),
        reverse("member_import:preview", args=[batch.pk]),
        reverse("member_import:template", args=["organizations"]),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("member_import:confirm", args=[batch.pk])).status_code in (302, 403)
    assert Organization.objects.count() == 1
    client.force_login(membership_staff)
    assert client.get(reverse("member_import:preview", args=[999999])).status_code == 404
