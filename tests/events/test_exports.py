"""Excel exports of the back office: attendees by activity and by organization, invoice
requests, exhibitors; what registrants typed stays text (never a formula); only events staff
get them (URL by URL in test_isolation)."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from events import services

from .factories import forum_a, main, make_booths, place

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/","点此")'


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


@pytest.fixture
def filled(event, member, outsider, staff):
    user, organization = member
    order = place(
        event,
        user,
        organization=organization,
        names=("张建国", EVIL),
        emails=["zjg@example.com", "evil@example.com"],
        forums=[forum_a(event)],
    )
    services.record_payment(order, user=staff, amount=order.total)
    services.check_in(event, order.attendees.first().code, activity=main(event), user=staff)
    place(event, outsider[0], names=("李四",), emails=["ls@example.com"])
    services.save_invoice_request(
        order,
        user=user,
        data=services.InvoiceData(
            "normal", EVIL, organization.credit_code, "fp@example.com", remarks="会议费"
        ),
    )
    booths = make_booths(event)
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "林", "13900000000", "x@example.com"
        ),
    )
    application = services.allocate_booth(application, booths[-1], user=staff)
    services.record_booth_payment(application, user=staff, amount=application.amount)
    services.save_catalogue_entry(application, user=user, text=EVIL)
    services.set_exhibitor_passes(
        application, user=user, people=[services.PassData("展商甲"), services.PassData("展商乙")]
    )
    return {"order": order, "organization": organization, "application": application}


def test_attendees_by_activity_with_check_in_times(staff_client, event, filled):
    book = workbook(
        staff_client.get(f"/admin/events/on-site/{event.pk}/export/attendees-by-activity.xlsx")
    )
    assert book.sheetnames == ["主论坛", "分论坛A", "分论坛B"]
    rows = list(book["主论坛"].values)
    assert rows[0][0] == "姓名" and rows[0][-1] == "签到时间"
    names = {row[0]: row for row in rows[1:]}
    assert set(names) == {"张建国", EVIL, "李四"}
    assert names["张建国"][-1] is not None and names["李四"][-1] is None
    assert sorted(row[0] for row in list(book["分论坛A"].values)[1:]) == sorted(["张建国", EVIL])


def test_attendees_by_organization_with_counts_and_amounts(staff_client, event, filled):
    book = workbook(
        staff_client.get(f"/admin/events/on-site/{event.pk}/export/attendees-by-organization.xlsx")
    )
    summary = {row[0]: row[1:] for row in list(book.worksheets[0].values)[1:]}
    assert summary[filled["organization"].name] == (2, 2000)
    assert summary["个人"] == (1, 1500)


def test_exhibitors_with_booths_passes_and_catalogue(staff_client, event, filled):
    book = workbook(staff_client.get(f"/admin/events/on-site/{event.pk}/export/exhibitors.xlsx"))
    header, row = list(book.active.values)
    assert header[0] == "企业名称" and row[0] == filled["organization"].name
    assert row[2] == "已确认" and row[3] == "1号馆 B01" and row[4] == 48
    assert row[5] == float(Decimal("52800.00")) and row[10] == "展商甲、展商乙"


def test_what_registrants_typed_never_becomes_a_formula(staff_client, event, filled):
    for kind in ("attendees-by-activity", "attendees-by-organization", "invoice-requests"):
        book = workbook(staff_client.get(f"/admin/events/on-site/{event.pk}/export/{kind}.xlsx"))
        cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
        evil = [cell for cell in cells if cell.value == EVIL]
        assert evil and all(cell.data_type == "s" for cell in evil), kind
        assert not [cell for cell in cells if cell.data_type == "f"], kind
    book = workbook(staff_client.get(f"/admin/events/on-site/{event.pk}/export/exhibitors.xlsx"))
    assert [
        cell.data_type for row in book.active.iter_rows() for cell in row if cell.value == EVIL
    ] == ["s"]
    # The admin listings' own CSV export quotes such text too.
    response = staff_client.get("/admin/events/attendees/?export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(text))]
    assert "'" + EVIL in names and EVIL not in names and "张建国" in names


def test_invoice_requests_export_lists_the_issued_and_the_reversed(
    staff_client, event, filled, staff
):
    invoice = filled["order"].invoice_request
    services.issue_invoice(invoice, user=staff, number="04400001")
    services.cancel_order(filled["order"], user=staff, by_staff=True, reason="单位取消")
    book = workbook(
        staff_client.get(f"/admin/events/on-site/{event.pk}/export/invoice-requests.xlsx")
    )
    header, row = list(book.active.values)
    columns = dict(zip(header, row, strict=True))
    assert columns["订单"] == filled["order"].code
    assert columns["状态"] == "待冲红" and columns["发票号码"] == "04400001"
    assert columns["冲红原因"] == "单位取消" and columns["备注"] == "会议费"
