"""Registering through the form: member and non-member prices, members-only tickets, early
bird, sales windows, capacity and bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Attendee, InvoiceRequest, Order, Place, TicketType

from .factories import attendee_row, forum_a, forum_b, place, registration_data, ticket

pytestmark = pytest.mark.django_db


def url(event, query=""):
    return f"/events/{event.code}/register/{query}"


def test_anonymous_visitor_is_sent_to_log_in(client, event):
    response = client.get(url(event))
    assert response.status_code == 302
    assert "/auth/login/" in response["Location"]


def test_organization_registers_three_attendees_at_member_price_with_invoice(
    client, event, member, django_capture_on_commit_callbacks
):
    user, organization = member
    client.force_login(user)
    assert client.get(url(event, "?n=3")).status_code == 200
    rows = [
        attendee_row(ticket(event), "张一", "a1@example.com", forums=[forum_a(event)]),
        attendee_row(ticket(event), "张二", "a2@example.com", forums=[forum_b(event)]),
        attendee_row(ticket(event), "张三", "a3@example.com"),
    ]
    invoice = {
        "kind": "special",
        "title": organization.name,
        "tax_number": organization.credit_code,
        "address": "北京市",
        "phone": "010-12345678",
        "bank_name": "工商银行",
        "bank_account": "0200001",
        "email": "fp@example.com",
        "remarks": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(event), registration_data(rows, on_behalf=organization.pk, invoice=invoice)
        )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/events/my/orders/{order.code}/"
    )
    assert order.organization == organization
    assert order.status == Order.Status.PENDING_PAYMENT
    assert order.total == Decimal("3000.00")
    assert order.payment_deadline is not None
    assert list(order.attendees.values_list("member_price", flat=True)) == [True, True, True]
    assert Place.objects.filter(attendee__order=order).count() == 5  # main ×3 + two forums
    assert InvoiceRequest.objects.get(order=order).kind == "special"
    assert [message.to for message in mail.outbox] == [["contact@example.com"]]
    assert order.code in mail.outbox[0].subject
    assert order.history()[0].to_status == Order.Status.PENDING_PAYMENT


def test_non_member_pays_the_non_member_price(client, event, outsider):
    user, organization = outsider
    client.force_login(user)
    response = client.post(
        url(event),
        registration_data(
            [attendee_row(ticket(event), "李四", "li@example.com")], on_behalf=organization.pk
        ),
    )
    assert response.status_code == 302
    assert Order.objects.get().total == Decimal("1500.00")


def test_member_price_follows_each_attendees_own_membership(client, event, outsider, member):
    """A non-member organization registers an attendee whose employer is a member."""
    from tests.members.factories import PersonFactory

    user, organization = outsider
    _member_user, member_org = member
    PersonFactory(email="employee@example.com", organization=member_org)
    client.force_login(user)
    rows = [
        attendee_row(ticket(event), "会员单位员工", "employee@example.com"),
        attendee_row(ticket(event), "非会员", "other@example.com"),
    ]
    client.post(url(event), registration_data(rows, on_behalf=organization.pk))
    prices = dict(Attendee.objects.values_list("email", "price"))
    assert prices == {
        "employee@example.com": Decimal("1000.00"),
        "other@example.com": Decimal("1500.00"),
    }


def test_early_bird_price_applies_until_its_date(client, event, outsider):
    user, organization = outsider
    tt = ticket(event)
    tt.early_bird_non_member_price = Decimal("1200")
    tt.early_bird_until = timezone.localdate()
    tt.save()
    client.force_login(user)
    client.post(url(event), registration_data([attendee_row(tt, "早鸟", "early@example.com")]))
    assert Order.objects.get().total == Decimal("1200.00")
    tt.early_bird_until = timezone.localdate() - datetime.timedelta(days=1)
    tt.save()
    client.post(url(event), registration_data([attendee_row(tt, "晚鸟", "late@example.com")]))
    assert Order.objects.order_by("-pk").first().total == Decimal("1500.00")


def test_members_only_ticket_is_refused_to_non_members(client, event, outsider, member):
    tt = TicketType.objects.create(
        event=event,
        name="会员专享",
        member_price=Decimal("800"),
        non_member_price=Decimal("800"),
        members_only=True,
    )
    tt.activities.set(event.activities.all())
    user, organization = outsider
    client.force_login(user)
    response = client.post(
        url(event),
        registration_data([attendee_row(tt, "非会员", "x@example.com")], on_behalf=organization.pk),
    )
    assert response.status_code == 200
    assert "会员" in response.content.decode() or "members only" in response.content.decode()
    assert not Order.objects.exists()
    member_user, member_org = member
    client.force_login(member_user)
    response = client.post(
        url(event),
        registration_data([attendee_row(tt, "会员", "m@example.com")], on_behalf=member_org.pk),
    )
    assert response.status_code == 302


def test_ticket_outside_its_sales_window_cannot_be_bought(client, event, member):
    user, organization = member
    tt = ticket(event)
    tt.sales_end = timezone.now() - datetime.timedelta(minutes=1)
    tt.save()
    client.force_login(user)
    response = client.post(
        url(event), registration_data([attendee_row(tt, "某人", "s@example.com")])
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_closed_and_not_yet_open_registration(client, event, member):
    user, _org = member
    client.force_login(user)
    event.registration_opens_at = timezone.now() + datetime.timedelta(days=1)
    event.save()
    response = client.get(url(event))
    assert response.status_code == 200 and "events/register_closed.html" in [
        t.name for t in response.templates
    ]
    event.registration_opens_at = None
    event.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    response = client.post(
        url(event), registration_data([attendee_row(ticket(event), "迟到", "l@example.com")])
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_a_full_forum_cannot_be_booked_and_points_to_the_waiting_list(
    client, event, member, outsider
):
    other, _ = outsider
    place(event, other, names=("甲", "乙"), forums=[forum_a(event)])  # capacity 2: now full
    user, organization = member
    client.force_login(user)
    page = client.get(url(event)).content.decode()
    assert f"/events/{event.code}/waiting-list/" not in page  # optional forum: join from the order
    response = client.post(
        url(event),
        registration_data(
            [attendee_row(ticket(event), "丙", "c@example.com", forums=[forum_a(event)])]
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert Order.objects.count() == 1
    assert forum_a(event).name in response.content.decode()


def test_full_main_activity_offers_the_waiting_list_link(client, event, member, outsider):
    main = event.activities.get(name="主论坛")
    main.capacity = 1
    main.save()
    place(event, outsider[0])
    client.force_login(member[0])
    page = client.get(url(event)).content.decode()
    assert f"/events/{event.code}/waiting-list/{main.pk}/" in page


def test_registering_for_an_organization_one_does_not_act_for_is_refused(
    client, event, member, outsider
):
    user, _org = member
    _other_user, other_org = outsider
    client.force_login(user)
    response = client.post(
        url(event),
        registration_data(
            [attendee_row(ticket(event), "冒名", "f@example.com")], on_behalf=other_org.pk
        ),
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_optional_activity_not_on_the_ticket_is_refused(client, event, member):
    from events.models import Activity

    closed = Activity.objects.create(event=event, name="闭门会", capacity=10, is_optional=True)
    user, _org = member
    client.force_login(user)
    response = client.post(
        url(event),
        registration_data([attendee_row(ticket(event), "某人", "o@example.com", forums=[closed])]),
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        {"attendee-TOTAL_FORMS": "100000"},
        {"attendee-TOTAL_FORMS": "x"},
        {"attendee-0-ticket_type": "999999"},
        {"attendee-0-email": "not-an-email"},
        {"attendee-0-mobile": "123"},
        {
            "invoice-tax_number": "123",
            "need_invoice": "on",
            "invoice-kind": "normal",
            "invoice-title": "x",
            "invoice-email": "a@b.cn",
        },
        {"offer": "no-such-offer"},
    ],
)
def test_bad_input_never_breaks_the_form(client, event, member, tamper):
    user, _org = member
    client.force_login(user)
    data = registration_data([attendee_row(ticket(event), "某人", "p@example.com")], extra=tamper)
    response = client.post(url(event), data)
    assert response.status_code in (200, 404)
    assert not Order.objects.exists()


def test_a_nonsense_attendee_count_falls_back_to_one(client, event, member):
    client.force_login(member[0])
    assert client.get(url(event, "?n=abc")).status_code == 200
    assert client.get(url(event, "?n=-5")).status_code == 200
    data = registration_data(
        [attendee_row(ticket(event), "某人", "p@example.com")], extra={"n": "abc"}
    )
    assert client.post(url(event), data).status_code == 302


@pytest.mark.parametrize("asked, shown", [("3", 3), ("", 1), ("abc", 1), ("-5", 1), ("999", None)])
def test_the_attendee_count_selector_offers_every_count_with_the_shown_one_selected(
    client, event, member, asked, shown
):
    client.force_login(member[0])
    maximum = event.max_attendees_per_order
    shown = shown or maximum  # more than allowed shows the most allowed
    body = client.get(url(event, f"?n={asked}")).content.decode()
    selector = body.split('<select name="n"')[1].split("</select>")[0]
    assert 'id="id_n"' in selector  # register.js finds it by this id
    assert selector.count("<option") == maximum
    assert selector.count(" selected") == 1
    assert f'<option value="{shown}" selected>{shown}</option>' in selector
    assert '<label for="id_n">' in body
    # The registration form sent back has as many attendees, counted in its management form.
    assert f'name="attendee-TOTAL_FORMS" value="{shown}"' in body
    assert f'<input type="hidden" name="n" value="{shown}">' in body
    form = body.split('<template id="attendee-template">')[0]  # the blank one is not sent
    assert form.count('<fieldset class="attendee"') == shown


def test_duplicate_attendee_emails_are_refused(client, event, member):
    user, _org = member
    client.force_login(user)
    rows = [
        attendee_row(ticket(event), "甲", "same@example.com"),
        attendee_row(ticket(event), "乙", "same@example.com"),
    ]
    response = client.post(url(event), registration_data(rows))
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_unknown_event_is_404(client, member):
    client.force_login(member[0])
    assert client.get("/events/no-such-event/register/").status_code == 404


def test_members_only_tickets_show_no_non_member_price(client, event, member):
    tt = TicketType.objects.create(
        event=event,
        name="理事单位代表",
        member_price=Decimal("1200"),
        non_member_price=Decimal("9999"),
        members_only=True,
    )
    tt.activities.set(event.activities.all())
    client.force_login(member[0])
    body = client.get(url(event)).content.decode()
    assert "理事单位代表" in body and "9999" not in body


def test_an_individual_member_registers_themselves_at_the_member_price(client, event):
    from members.models import Membership
    from tests.factories import UserFactory
    from tests.members.factories import MembershipFactory, PersonFactory

    user = UserFactory()
    person = PersonFactory(user=user, email=user.email, organization=None)
    MembershipFactory(organization=None, person=person, tier=Membership.Tier.MEMBER)
    client.force_login(user)
    page = client.get(url(event)).content.decode()
    assert 'name="on_behalf"' not in page  # acts for no organization
    response = client.post(
        url(event), registration_data([attendee_row(ticket(event), person.name, user.email)])
    )
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.organization is None and order.total == Decimal("1000.00")
    # Someone else registered by them pays the non-member price.
    client.post(
        url(event),
        registration_data(
            [
                attendee_row(ticket(event), person.name, "second@example.com"),
            ]
        ),
    )
    assert Order.objects.order_by("-pk").first().total == Decimal("1500.00")


def test_events_needing_approval_wait_before_payment(
    client, event, member, django_capture_on_commit_callbacks
):
    event.requires_approval = True
    event.save()
    client.force_login(member[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(event), registration_data([attendee_row(ticket(event), "待审", "a@example.com")])
        )
    order = Order.objects.get()
    assert order.status == Order.Status.APPROVAL_PENDING and order.payment_deadline is None
    page = client.get(response["Location"]).content.decode()
    assert "待审核" in page and "请汇款" not in page
    assert "审核" in mail.outbox[-1].subject


def test_a_free_ticket_is_confirmed_at_once_with_a_ticket_for_each_attendee(
    client, event, member, django_capture_on_commit_callbacks
):
    tt = ticket(event)
    tt.member_price = tt.non_member_price = Decimal("0")
    tt.save()
    client.force_login(member[0])
    rows = [
        attendee_row(tt, "甲", "free1@example.com"),
        attendee_row(tt, "乙", "free2@example.com"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(event), registration_data(rows, extra={"n": "2"}))
    order = Order.objects.get()
    assert order.status == Order.Status.CONFIRMED
    for attendee in order.attendees.all():
        mails = [m for m in mail.outbox if attendee.email in m.to]
        assert len(mails) == 1 and attendee.get_ticket_url() in mails[0].body
        assert "<svg" in client.get(attendee.get_ticket_url()).content.decode()


def test_the_page_carries_a_blank_attendee_for_adding_more_in_place(client, event, member):
    client.force_login(member[0])
    body = client.get(url(event)).content.decode()
    template = body.split('<template id="attendee-template">')[1].split("</template>")[0]
    assert 'name="attendee-__prefix__-name"' in template and "__number__" in template
    assert f'value="{forum_a(event).pk}"' in template
    assert "data-no-js" in body  # the reload button stays for browsers without JavaScript


def test_a_buyer_turned_away_by_a_full_forum_takes_no_lock_and_keeps_what_was_typed(
    client, event, member, outsider
):
    """A sell-out is mostly buyers turned away: they are counted out before the transaction,
    without queueing on the activities' lock or writing an order to roll back."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    place(event, outsider[0], names=("甲", "乙"), forums=[forum_a(event)])  # capacity 2: full
    client.force_login(member[0])
    rows = [attendee_row(ticket(event), "迟来的人", "late@example.com", forums=[forum_a(event)])]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(event), registration_data(rows))
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in queries).upper()
    assert "FOR UPDATE" not in sql and "INSERT" not in sql
    page = response.content.decode()
    assert "迟来的人" in page and "late@example.com" in page
    assert "名额不足" in page and forum_a(event).name in page
    assert Order.objects.count() == 1


def test_the_blank_attendee_follows_places_left_and_ticket_changes(client, event, member, outsider):
    """The blank attendee is kept rendered between registrants, never past a change."""
    import re

    def blank() -> str:
        page = client.get(url(event)).content.decode()
        return re.search(r'<template id="attendee-template">(.*?)</template>', page, re.S).group(1)

    client.force_login(member[0])
    first = blank()
    assert "__prefix__" in first and forum_a(event).name in first
    assert blank() == first
    place(event, outsider[0], names=("甲", "乙"), forums=[forum_a(event)])  # capacity 2: full
    full = blank()
    assert full != first and "已满" in full
    changed = ticket(event)
    changed.member_price = Decimal("888")
    changed.save()
    assert "888" in blank()
