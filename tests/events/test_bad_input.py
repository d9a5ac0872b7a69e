"""Bad input never breaks a page: scanned rubbish, hand-edited query strings and forged or
truncated POSTs get a translated message (or a 404) with what was typed kept, never a 500."""

from decimal import Decimal

import pytest
from django.test import Client

from events import services
from events.models import Attendee, CheckIn, ExhibitorApplication, Order, Payment

from .factories import attendee_row, forum_a, main, make_booths, place, registration_data, ticket

pytestmark = pytest.mark.django_db

HUGE = "9" * 30  # beyond any database integer
NUL = "a\x00b"


@pytest.fixture
def world(event, member, staff):
    user, organization = member
    order = place(event, user, organization=organization)
    services.record_payment(order, user=staff, amount=order.total)
    booths = make_booths(event)
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
        ),
    )
    application = services.allocate_booth(application, booths[0], user=staff)
    return {"order": order, "attendee": order.attendees.get(), "application": application}


def ok(response) -> bool:
    return response.status_code in (200, 302, 400, 403, 404)


@pytest.mark.parametrize(
    "query",
    [
        "?n=abc",
        "?n=-5",
        f"?n={HUGE}",
        "?n=1e3",
        "?n=%00",
        "?offer=",
        "?offer=%00",
        f"?offer={'x' * 500}",
    ],
)
def test_registration_page_with_odd_query_strings(client, event, member, query):
    client.force_login(member[0])
    response = client.get(f"/events/{event.code}/register/{query}")
    assert ok(response)


@pytest.mark.parametrize(
    "tamper",
    [
        {"attendee-TOTAL_FORMS": None},  # management form missing
        {"attendee-INITIAL_FORMS": "x"},
        {"attendee-0-ticket_type": "abc"},
        {"attendee-0-ticket_type": HUGE},
        {"attendee-0-activities": ["abc", HUGE]},
        {"attendee-0-name": NUL},
        {"attendee-0-name": "名" * 5000},
        {"attendee-0-dietary": "poison"},
        {"on_behalf": "abc"},
        {"on_behalf": HUGE},
        {"need_invoice": "on", "invoice-kind": "gold", "invoice-tax_number": NUL},
        {"need_invoice": "on", "invoice-email": "x" * 500},
        {"contact_email": "@"},
    ],
)
def test_forged_registration_posts(client, event, member, tamper):
    client.force_login(member[0])
    data = registration_data(
        [attendee_row(ticket(event), "王磊", "wl@example.com", forums=[forum_a(event)])]
    )
    for key, value in tamper.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    response = client.post(f"/events/{event.code}/register/", data)
    assert response.status_code == 200
    assert not Order.objects.exists()
    body = response.content.decode()
    assert "请更正以下错误" in body or "请" in body
    if "attendee-0-name" not in tamper and "attendee-TOTAL_FORMS" not in tamper:
        assert 'value="王磊"' in body  # what was typed is kept


def test_an_empty_post_to_every_form(client, event, member, world):
    client.force_login(member[0])
    order, attendee = world["order"], world["attendee"]
    for url in [
        f"/events/{event.code}/register/",
        f"/events/{event.code}/waiting-list/{main(event).pk}/",
        f"/events/{event.code}/exhibit/",
        f"/events/my/orders/{order.code}/invoice/",
        f"/events/my/orders/{order.code}/proof/",
        f"/events/my/attendees/{attendee.pk}/replace/",
        f"/events/my/exhibitor/{world['application'].pk}/",
        "/events/offer/nonsense/",
    ]:
        assert ok(client.post(url, {})), url
        assert ok(client.post(url, {"form": "passes", "pass-TOTAL_FORMS": "x"})), url
        assert ok(client.post(url, {"form": "catalogue", "logo": "not a file"})), url
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED


@pytest.mark.parametrize(
    "path",
    [
        "/events/my/orders/NOPE/",
        "/events/my/orders/%00/",
        f"/events/my/orders/x/proof/{HUGE}/",
        f"/events/my/attendees/{HUGE}/replace/",
        f"/events/my/attendees/1/wait/{HUGE}/",
        f"/events/my/waiting/{HUGE}/withdraw/",
        f"/events/my/exhibitor/{HUGE}/",
        f"/events/my/exhibitor/{HUGE}/passes.pdf",
        "/events/ticket/%00/x/",
        "/events/ticket/abc/def/badge.pdf",
        "/events/offer/%E4%B8%AD/",
        f"/events/no-such-event/waiting-list/{HUGE}/",
    ],
)
def test_unknown_ids_and_codes_are_404(client, member, path):
    client.force_login(member[0])
    assert client.get(path).status_code in (404, 405)


def test_exhibitor_form_with_odd_numbers_keeps_the_input(client, event, member, world):
    client.force_login(member[0])
    ExhibitorApplication.objects.all().delete()
    for area in ("NaN", "inf", "1e999", "-9", "abc"):
        response = client.post(
            f"/events/{event.code}/exhibit/",
            {
                "company_name": "测试展商",
                "credit_code": member[1].credit_code,
                "contact_name": "林",
                "contact_phone": "13700000000",
                "contact_email": "x@example.com",
                "wanted_kind": "raw",
                "wanted_area": area,
                "wanted_booth": "abc",
            },
        )
        assert response.status_code == 200, area
        assert 'value="测试展商"' in response.content.decode()
    assert not ExhibitorApplication.objects.exists()


# ---- back office -----------------------------------------------------------------------------


@pytest.fixture
def desk(staff):
    browser = Client()
    browser.force_login(staff)
    return browser


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/orders/?status=bogus&event=abc&created_at_after=notadate",
        f"/admin/events/orders/?event={HUGE}&p=abc",
        "/admin/events/orders/?p=99999",
        "/admin/events/orders/?q=%00",
        "/admin/events/orders/?q=%25%27%22",
        "/admin/events/orders/?ordering=nonsense",
        "/admin/events/attendees/?activity=abc&checked_in=maybe&status=x",
        f"/admin/events/attendees/?activity={HUGE}",
        "/admin/events/attendees/?q=%00&export=xlsx",
        "/admin/events/invoices/?event=abc&status=zz&kind=zz",
        "/admin/events/waiting-list/?activity=abc",
        "/admin/events/booths/?event=abc&is_corner=maybe",
        "/admin/events/exhibitors/?status=zz&export=csv",
        "/admin/events/on-site/{event}/checkin/?activity=abc",
        f"/admin/events/on-site/{{event}}/checkin/?activity={HUGE}",
        f"/admin/events/on-site/{HUGE}/checkin/",
        f"/admin/events/on-site/{HUGE}/counts.json",
        "/admin/events/on-site/{event}/export/nonsense.xlsx",
        f"/admin/events/on-site/activity/{HUGE}/badges.pdf",
        f"/admin/events/on-site/order/{HUGE}/badges.pdf",
        f"/admin/events/on-site/certificate/{HUGE}.pdf",
        f"/admin/events/orders/{HUGE}/action/payment/",
        "/admin/events/orders/{order}/action/nonsense/",
    ],
)
def test_back_office_with_odd_query_strings(desk, event, world, url):
    url = url.format(event=event.pk, order=world["order"].pk)
    assert ok(desk.get(url)), url


@pytest.mark.parametrize(
    "code",
    [
        "",
        " ",
        NUL,
        "<script>alert(1)</script>",
        "x" * 500,
        "https://evil.example/ticket/../",
        "１２３",
    ],
)
def test_check_in_with_rubbish_codes(desk, event, world, code):
    response = desk.post(
        f"/admin/events/on-site/{event.pk}/checkin/", {"activity": main(event).pk, "code": code}
    )
    assert response.status_code == 200
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"activity": "abc", "code": "X"},
        {"activity": HUGE, "code": "X"},
        {"code": "X"},
        {"activity": "1", "code": "X", "method": "telepathy"},
    ],
)
def test_check_in_with_a_forged_activity(desk, event, world, data):
    response = desk.post(f"/admin/events/on-site/{event.pk}/checkin/", data)
    assert response.status_code == 200 and not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"amount": "NaN", "method": "bank_transfer", "received_on": "2026-01-05"},
        {"amount": "1e999", "method": "bank_transfer", "received_on": "2026-01-05"},
        {"amount": "100", "method": "bank_transfer", "received_on": "2026-02-30"},
        {"amount": "100", "method": "gold", "received_on": "2026-01-05"},
        {"amount": "100", "method": "bank_transfer", "received_on": "2026-01-05", "note": NUL},
        {},
    ],
)
def test_admin_payment_form_with_odd_values(desk, world, data):
    order = world["order"]
    before = Payment.objects.count()
    response = desk.post(f"/admin/events/orders/{order.pk}/action/payment/", data)
    assert response.status_code == 200
    assert Payment.objects.count() == before


def test_admin_booth_allocation_with_a_booth_of_another_state(desk, event, world):
    application = world["application"]
    taken = application.booths.get()
    response = desk.post(
        f"/admin/events/exhibitors/{application.pk}/action/allocate/", {"booth": taken.pk}
    )
    assert response.status_code == 200
    response = desk.post(
        f"/admin/events/exhibitors/{application.pk}/action/allocate/", {"booth": HUGE}
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.amount == Decimal("10000.00")
    assert Attendee.objects.count() == 1
