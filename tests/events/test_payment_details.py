"""Event orders and booth allocations tell buyers where to pay only from the payment settings:
"being set up" while unset (never a made-up account, never a 500), the events account (or the
dues account they share) once set, with the event's own notes under it."""

import pytest
from django.core import mail

from events import services
from tests.factories import TEST_ACCOUNT, TEST_EVENTS_ACCOUNT, set_payment_settings

from .factories import make_booths, place
from .test_expo import apply

pytestmark = pytest.mark.django_db

SETTING_UP = "正在设置"
OLD_FAKE_ACCOUNTS = ("0200 0000 0000 0000 000", "0200 0014 0900 0000 000")


def _order(event, member, capture):
    user, organization = member
    with capture(execute=True):
        order = place(event, user, organization=organization)
    return order, user


def test_order_page_and_mail_say_being_set_up_while_unset(
    client, event, member, django_capture_on_commit_callbacks
):
    order, user = _order(event, member, django_capture_on_commit_callbacks)
    assert order.state.pending_payment
    (placed,) = mail.outbox
    assert SETTING_UP in placed.body
    client.force_login(user)
    response = client.get(f"/events/my/orders/{order.code}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert SETTING_UP in body
    assert event.payment_instructions not in body  # notes only under a real account
    for text in (placed.body, body):
        assert not any(fake in text for fake in OLD_FAKE_ACCOUNTS)


def test_order_shows_the_shared_account_then_the_events_own(
    client, event, member, django_capture_on_commit_callbacks
):
    set_payment_settings()
    order, user = _order(event, member, django_capture_on_commit_callbacks)
    (placed,) = mail.outbox
    assert TEST_ACCOUNT in placed.body and event.payment_instructions in placed.body
    client.force_login(user)
    assert TEST_ACCOUNT in client.get(f"/events/my/orders/{order.code}/").content.decode()
    set_payment_settings(events_own_account=True)
    body = client.get(f"/events/my/orders/{order.code}/").content.decode()
    assert TEST_EVENTS_ACCOUNT in body and TEST_ACCOUNT not in body


def test_booth_allocation_mail_and_page_without_and_with_the_account(
    client, event, member, staff, django_capture_on_commit_callbacks
):
    user, organization = member
    booths = make_booths(event)
    application = apply(event, user, organization)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.allocate_booth(application, booths[0], user=staff)
    (allocated,) = mail.outbox
    assert SETTING_UP in allocated.body
    client.force_login(user)
    page = client.get(f"/events/my/exhibitor/{application.pk}/").content.decode()
    assert SETTING_UP in page
    set_payment_settings(events_own_account=True)
    page = client.get(f"/events/my/exhibitor/{application.pk}/").content.decode()
    assert TEST_EVENTS_ACCOUNT in page and SETTING_UP not in page


def test_staff_see_a_warning_on_an_unpaid_order_while_unset(
    staff_client, event, member, django_capture_on_commit_callbacks
):
    order, _user = _order(event, member, django_capture_on_commit_callbacks)
    url = f"/admin/events/orders/inspect/{order.pk}/"
    assert "help-warning" in staff_client.get(url).content.decode()
    set_payment_settings()
    assert "help-warning" not in staff_client.get(url).content.decode()
