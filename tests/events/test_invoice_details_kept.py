"""Invoice details typed while “We need an invoice” is not ticked are never dropped silently:
the form comes back with everything typed and asks to tick the box or clear the fields."""

import re

import pytest

from events.models import InvoiceRequest, Order

from .factories import attendee_row, registration_data, ticket

pytestmark = pytest.mark.django_db

SPECIAL = {
    "kind": "special",
    "address": "杭州市西湖区文三路 100 号",
    "phone": "0571-88886666",
    "bank_name": "中国工商银行杭州分行",
    "bank_account": "1202020309900012345",
}


def _post(client, event, user, organization, invoice, *, tick):
    data = registration_data(
        [attendee_row(ticket(event), "王五", "w5@example.com")], on_behalf=organization.pk
    )
    # What the browser sends: the suggested fields, as shown, plus what was typed.
    suggested = {
        "kind": "normal",
        "title": organization.name,
        "tax_number": organization.credit_code,
        "address": organization.address,
        "phone": "",
        "bank_name": "",
        "bank_account": "",
        "email": user.email,
        "remarks": "",
    }
    data.update({f"invoice-{key}": value for key, value in {**suggested, **invoice}.items()})
    if tick:
        data["need_invoice"] = "on"
    return client.post(f"/events/{event.code}/register/", data)


def test_special_invoice_details_without_the_tick_are_kept_and_explained(client, event, member):
    user, organization = member
    client.force_login(user)
    response = _post(client, event, user, organization, SPECIAL, tick=False)
    assert response.status_code == 200, "the registration is not placed"
    assert not Order.objects.exists()
    html = response.content.decode()
    errors = response.context["contact_form"].errors["need_invoice"]
    assert "需要" in errors[0] or "invoice" in errors[0].lower()
    assert "勾选" in errors[0] and "开户行" in errors[0]
    for value in SPECIAL.values():
        if value != "special":
            assert value in html, f"{value} was dropped"
    special = [tag for tag in re.findall(r"<input[^>]*>", html) if 'value="special"' in tag]
    assert special and "checked" in special[0], "the chosen kind of invoice was dropped"

    # Ticking the box places the order with the special invoice as typed.
    response = _post(client, event, user, organization, SPECIAL, tick=True)
    assert response.status_code == 302
    request = InvoiceRequest.objects.get(order=Order.objects.get())
    assert request.kind == "special" and request.bank_account == SPECIAL["bank_account"]


def test_suggested_details_left_as_shown_do_not_stop_the_registration(client, event, member):
    user, organization = member
    client.force_login(user)
    response = _post(client, event, user, organization, {}, tick=False)
    assert response.status_code == 302
    assert not InvoiceRequest.objects.exists()


def test_cleared_invoice_fields_register_without_an_invoice(client, event, member):
    user, organization = member
    client.force_login(user)
    cleared = {"title": "", "tax_number": "", "address": ""}
    response = _post(client, event, user, organization, cleared, tick=False)
    assert response.status_code == 302
    assert Order.objects.count() == 1 and not InvoiceRequest.objects.exists()
