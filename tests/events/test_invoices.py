"""发票 requests: validated tax number, special-invoice fields, frozen once issued, reversal
requested when an issued invoice's order is cancelled; exported to Excel."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from events import services
from events.models import InvoiceRequest, Order, RegistrationError

from .factories import place

pytestmark = pytest.mark.django_db


def invoice_post(organization, **overrides):
    data = {
        "invoice-kind": "normal",
        "invoice-title": organization.name,
        "invoice-tax_number": organization.credit_code,
        "invoice-email": "fp@example.com",
        "invoice-address": "",
        "invoice-phone": "",
        "invoice-bank_name": "",
        "invoice-bank_account": "",
        "invoice-remarks": "",
    }
    data.update({f"invoice-{key}": value for key, value in overrides.items()})
    return data


def _order_with_invoice_request(event, member):
    """The member's organization orders and asks for a normal invoice in its own name."""
    user, organization = member
    order = place(event, user, organization=organization)
    services.save_invoice_request(
        order,
        user=user,
        data=services.InvoiceData(
            "normal", organization.name, organization.credit_code, "fp@example.com"
        ),
    )
    return user, organization, order


def test_registrant_adds_invoice_details_from_the_order_page(client, event, member):
    user, organization = member
    order = place(event, user, organization=organization)
    client.force_login(user)
    url = f"/events/my/orders/{order.code}/invoice/"
    response = client.post(url, invoice_post(organization, tax_number="91110000000000000X"))
    assert response.status_code == 200 and not InvoiceRequest.objects.exists()
    response = client.post(url, invoice_post(organization, kind="special"))
    assert response.status_code == 200 and not InvoiceRequest.objects.exists()
    response = client.post(
        url, invoice_post(organization, tax_number=organization.credit_code.lower())
    )
    assert response.status_code == 302
    invoice = InvoiceRequest.objects.get(order=order)
    assert invoice.tax_number == organization.credit_code
    response = client.post(
        url,
        invoice_post(
            organization,
            kind="special",
            address="北京市海淀区",
            phone="010-1",
            bank_name="建行",
            bank_account="11",
        ),
    )
    invoice.refresh_from_db()
    assert invoice.kind == "special" and invoice.bank_name == "建行"


def test_issued_invoices_never_change(client, staff_client, event, member, staff):
    user, organization, order = _order_with_invoice_request(event, member)
    invoice = order.invoice_request
    # Not before the order is paid.
    with pytest.raises(RegistrationError):
        services.issue_invoice(invoice, user=staff, number="0001")
    services.record_payment(order, user=staff, amount=order.total)
    response = staff_client.post(
        f"/admin/events/invoices/{invoice.pk}/action/issue/", {"number": "24110000000000000001"}
    )
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == InvoiceRequest.Status.ISSUED and invoice.amount == Decimal("1000.00")
    client.force_login(user)
    response = client.post(
        f"/events/my/orders/{order.code}/invoice/", invoice_post(organization, title="改名")
    )
    assert response.status_code == 200
    invoice.refresh_from_db()
    assert invoice.title == organization.name
    invoice.title = "直接改"
    with pytest.raises(RegistrationError):
        invoice.save()


def test_cancellation_after_issue_records_a_reversal_request(staff_client, event, member, staff):
    user, organization, order = _order_with_invoice_request(event, member)
    services.record_payment(order, user=staff, amount=order.total)
    services.issue_invoice(order.invoice_request, user=staff, number="INV-1")
    services.cancel_order(order, user=staff, by_staff=True, reason="单位取消")
    invoice = InvoiceRequest.objects.get(order=order)
    assert invoice.status == InvoiceRequest.Status.REVERSAL_REQUESTED
    assert (invoice.invoice_number, invoice.title, invoice.amount) == (
        "INV-1",
        organization.name,
        Decimal("1000.00"),
    )
    assert invoice.reversal_reason == "单位取消"
    staff_client.post(
        f"/admin/events/invoices/{invoice.pk}/action/reverse/", {"reason": "已开红字发票"}
    )
    invoice.refresh_from_db()
    assert invoice.status == InvoiceRequest.Status.REVERSED


def test_cancellation_before_issue_withdraws_the_request(event, member):
    user, organization, order = _order_with_invoice_request(event, member)
    services.cancel_order(order, user=user)
    assert InvoiceRequest.objects.get(order=order).status == InvoiceRequest.Status.WITHDRAWN


def test_invoice_requests_export(staff_client, event, member):
    user, organization, order = _order_with_invoice_request(event, member)
    response = staff_client.get(f"/admin/events/on-site/{event.pk}/export/invoice-requests.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == order.code and rows[1][5] == organization.credit_code
    response = staff_client.get("/admin/events/invoices/?export=xlsx")
    assert response.status_code == 200
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    ("tax_number", "message"),
    [
        ("9111000010000000", "18"),  # too short
        ("91110000I00000000K", "I、O、S、V、Z"),  # a letter the code never uses
        ("91110000100000000X", "校验码"),  # wrong check character
    ],
)
def test_tax_number_is_a_unified_social_credit_code(client, event, member, tax_number, message):
    user, organization = member
    order = place(event, user, organization=organization)
    client.force_login(user)
    response = client.post(
        f"/events/my/orders/{order.code}/invoice/",
        invoice_post(organization, tax_number=tax_number, remarks="会议费"),
    )
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert f'value="{tax_number}"' in body and 'value="会议费"' in body  # input kept
    assert not InvoiceRequest.objects.exists()


@pytest.mark.parametrize("missing", ["address", "phone", "bank_name", "bank_account"])
def test_special_invoice_needs_address_phone_bank_and_account(client, event, member, missing):
    user, organization = member
    order = place(event, user, organization=organization)
    fields = {
        "kind": "special",
        "address": "北京市海淀区三里河路9号",
        "phone": "010-58930000",
        "bank_name": "工商银行百万庄支行",
        "bank_account": "0200001409000000000",
    }
    fields[missing] = "  "
    client.force_login(user)
    response = client.post(
        f"/events/my/orders/{order.code}/invoice/", invoice_post(organization, **fields)
    )
    body = response.content.decode()
    assert response.status_code == 200 and "开具增值税专用发票时必填" in body
    assert body.count("开具增值税专用发票时必填") == 1
    assert not InvoiceRequest.objects.exists()
    # The service refuses the same data whoever calls it.
    data = {key: value for key, value in fields.items() if key != "kind"}
    with pytest.raises(RegistrationError):
        services.save_invoice_request(
            order,
            user=user,
            data=services.InvoiceData(
                "special", organization.name, organization.credit_code, "fp@example.com", **data
            ),
        )


def test_registration_with_an_incomplete_special_invoice_keeps_everything_typed(
    client, event, member
):
    from .factories import attendee_row, registration_data, ticket

    user, organization = member
    client.force_login(user)
    data = registration_data(
        [attendee_row(ticket(event), "王磊", "wl@example.com")],
        on_behalf=organization.pk,
        invoice={
            "kind": "special",
            "title": organization.name,
            "tax_number": organization.credit_code,
            "address": "北京市",
            "phone": "010-1",
            "bank_name": "建行",
            "bank_account": "",
            "email": "fp@example.com",
        },
    )
    response = client.post(f"/events/{event.code}/register/", data)
    body = response.content.decode()
    assert response.status_code == 200 and not Order.objects.exists()
    assert 'value="王磊"' in body and 'value="建行"' in body and "开具增值税专用发票时必填" in body


def test_registrant_cancelling_after_issue_records_a_reversal_and_keeps_the_invoice(
    client, event, member, staff
):
    user, organization, order = _order_with_invoice_request(event, member)
    services.record_payment(order, user=staff, amount=order.total)
    invoice = services.issue_invoice(order.invoice_request, user=staff, number="INV-9")
    issued = {field: getattr(invoice, field) for field in InvoiceRequest.DATA_FIELDS}
    client.force_login(user)
    client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "计划取消"})
    invoice.refresh_from_db()
    assert invoice.status == InvoiceRequest.Status.REVERSAL_REQUESTED
    assert {field: getattr(invoice, field) for field in InvoiceRequest.DATA_FIELDS} == issued
    change = invoice.history().first()
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        "issued",
        "reversal_requested",
        user,
        "计划取消",
    )
    page = client.get(f"/events/my/orders/{order.code}/").content.decode()
    assert "待冲红" in page and "INV-9" in page


def test_a_cancellation_awaiting_approval_leaves_the_invoice_issued(
    client, staff_client, event, member, staff
):
    event.cancellation_requires_approval = True
    event.save()
    user, organization, order = _order_with_invoice_request(event, member)
    services.record_payment(order, user=staff, amount=order.total)
    services.issue_invoice(order.invoice_request, user=staff, number="INV-10")
    client.force_login(user)
    client.post(f"/events/my/orders/{order.code}/cancel/", {"reason": "请求取消"})
    assert InvoiceRequest.objects.get().status == InvoiceRequest.Status.ISSUED
    staff_client.post(f"/admin/events/orders/{order.pk}/action/cancel/", {"reason": "同意取消"})
    assert InvoiceRequest.objects.get().status == InvoiceRequest.Status.REVERSAL_REQUESTED


def test_staff_cannot_issue_more_than_was_paid_or_issue_twice(staff_client, event, member, staff):
    user, organization, order = _order_with_invoice_request(event, member)
    invoice = InvoiceRequest.objects.get()
    url = f"/admin/events/invoices/{invoice.pk}/action/issue/"
    response = staff_client.post(url, {"number": "N1"})
    assert "仅可为已确认（已付款）的订单开票。" in response.content.decode()
    services.record_payment(order, user=staff, amount=order.total)
    response = staff_client.post(url, {"number": "N1", "amount": "5000"})
    assert "开票金额须大于零且不超过 ¥1000.00（已付款）" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceRequest.Status.REQUESTED
    assert staff_client.post(url, {"number": "N1"}).status_code == 302
    response = staff_client.post(url, {"number": "N2"})
    assert response.status_code == 200 and "当前状态下不能执行此操作" in response.content.decode()
    invoice.refresh_from_db()
    assert (invoice.invoice_number, invoice.amount) == ("N1", Decimal("1000.00"))
