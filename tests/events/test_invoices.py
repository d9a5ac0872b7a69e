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
    user, organization = member
    order = place(event, user, organization=organization)
    services.save_invoice_request(
        order,
        user=user,
        data=services.InvoiceData(
            "normal", organization.name, organization.credit_code, "fp@example.com"
        ),
    )
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
    user, organization = member
    order = place(event, user, organization=organization)
    services.save_invoice_request(
        order,
        user=user,
        data=services.InvoiceData(
            "normal", organization.name, organization.credit_code, "fp@example.com"
        ),
    )
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
    user, organization = member
    order = place(event, user, organization=organization)
    services.save_invoice_request(
        order,
        user=user,
        data=services.InvoiceData(
            "normal", organization.name, organization.credit_code, "fp@example.com"
        ),
    )
    services.cancel_order(order, user=user)
    assert InvoiceRequest.objects.get(order=order).status == InvoiceRequest.Status.WITHDRAWN


def test_invoice_requests_export(staff_client, event, member):
    user, organization = member
    order = place(event, user, organization=organization)
    services.save_invoice_request(
        order,
        user=user,
        data=services.InvoiceData(
            "normal", organization.name, organization.credit_code, "fp@example.com"
        ),
    )
    response = staff_client.get(f"/admin/events/on-site/{event.pk}/export/invoice-requests.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == order.code and rows[1][5] == organization.credit_code
    response = staff_client.get("/admin/events/invoices/?export=xlsx")
    assert response.status_code == 200
    assert Order.objects.count() == 1
