"""A registrant who edits the form (or writes their own POST) gets nothing the rules do not
give: prices come from the server, member prices only from an active membership, tickets only
from this event within their sales window, activities only from the ticket, places only while
there are some, replacements only before the deadline."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from events import services
from events.models import Activity, Attendee, Order, TicketType, WaitingListEntry
from members.models import Membership

from .factories import (
    attendee_row,
    forum_a,
    forum_b,
    main,
    make_event,
    member_contact,
    place,
    registration_data,
    ticket,
)

pytestmark = pytest.mark.django_db


def url(event):
    return f"/events/{event.code}/register/"


def post(client, event, rows, **kwargs):
    return client.post(url(event), registration_data(rows, **kwargs))


def members_only(event, price="800"):
    tt = TicketType.objects.create(
        event=event,
        name="会员专享",
        member_price=Decimal(price),
        non_member_price=Decimal(price),
        members_only=True,
    )
    tt.activities.set([main(event)])
    return tt


# ---- prices ----------------------------------------------------------------------------------


def test_posted_prices_totals_and_states_are_ignored(client, event, outsider):
    user, organization = outsider
    client.force_login(user)
    row = attendee_row(ticket(event), "改价", "p@example.com")
    row.update({"price": "0.01", "member_price": "on", "code": "AAAAAAAA", "secret": "x"})
    extra = {
        "total": "1",
        "status": "confirmed",
        "payment_deadline": "2099-01-01",
        "created_by": "1",
        "organization": "",
    }
    response = post(client, event, [row], on_behalf=organization.pk, extra=extra)
    assert response.status_code == 302
    order = Order.objects.get()
    attendee = order.attendees.get()
    assert (order.total, order.status) == (Decimal("1500.00"), Order.Status.PENDING_PAYMENT)
    assert (attendee.price, attendee.member_price) == (Decimal("1500.00"), False)
    assert attendee.code != "AAAAAAAA" and order.created_by == user
    assert order.payment_deadline < timezone.now() + datetime.timedelta(days=8)


@pytest.mark.parametrize(
    "status",
    [
        Membership.Status.PENDING,
        Membership.Status.LAPSED,
        Membership.Status.SUSPENDED,
        Membership.Status.TERMINATED,
    ],
)
def test_no_member_price_without_an_active_membership(client, event, status):
    user, organization = member_contact(status=status)
    client.force_login(user)
    response = post(
        client,
        event,
        [attendee_row(ticket(event), "过期会员", "lapsed@example.com")],
        on_behalf=organization.pk,
    )
    assert response.status_code == 302
    attendee = Attendee.objects.get()
    assert (attendee.price, attendee.member_price) == (Decimal("1500.00"), False)


def test_grace_period_keeps_the_member_price(client, event):
    user, organization = member_contact(status=Membership.Status.GRACE)
    client.force_login(user)
    post(
        client,
        event,
        [attendee_row(ticket(event), "宽限期", "grace@example.com")],
        on_behalf=organization.pk,
    )
    assert Attendee.objects.get().price == Decimal("1000.00")


def test_an_attendees_lapsed_personal_membership_gives_no_member_price(client, event, outsider):
    from tests.members.factories import MembershipFactory, PersonFactory

    person = PersonFactory(email="former@example.com")
    MembershipFactory(organization=person.organization, status=Membership.Status.LAPSED)
    client.force_login(outsider[0])
    post(client, event, [attendee_row(ticket(event), person.name, "former@example.com")])
    assert Attendee.objects.get().member_price is False


def test_a_member_contact_registering_for_a_non_member_organization_pays_full_price(
    client, event, member, outsider
):
    """Acting for two organizations does not lend the member's rights to the other one."""
    user, _member_org = member
    _other_user, other_org = outsider
    from members.models import OrganizationContact

    OrganizationContact.objects.create(organization=other_org, user=user)
    client.force_login(user)
    post(
        client,
        event,
        [attendee_row(ticket(event), "别家员工", "employee@other.example.com")],
        on_behalf=other_org.pk,
    )
    attendee = Attendee.objects.get()
    assert (attendee.price, attendee.member_price) == (Decimal("1500.00"), False)


# ---- tickets ---------------------------------------------------------------------------------


def test_members_only_ticket_refused_to_a_lapsed_member(client, event):
    tt = members_only(event)
    user, organization = member_contact(status=Membership.Status.LAPSED)
    client.force_login(user)
    response = post(
        client, event, [attendee_row(tt, "过期", "x@example.com")], on_behalf=organization.pk
    )
    assert response.status_code == 200
    assert "仅限会员" in response.content.decode() or "会员" in response.content.decode()
    assert not Order.objects.exists()


def test_members_only_ticket_refused_for_a_non_member_colleague_of_a_member_contact(
    client, event, member
):
    """A member's contact registering someone else as a private person: that person is no
    member, whoever places the order."""
    tt = members_only(event)
    client.force_login(member[0])
    response = post(client, event, [attendee_row(tt, "朋友", "friend@example.com")])
    assert response.status_code == 200 and not Order.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"sales_start": timezone.now() + datetime.timedelta(days=1)},
        {"sales_end": timezone.now() - datetime.timedelta(seconds=1)},
        {"is_active": False},
    ],
    ids=["not yet on sale", "sales ended", "withdrawn"],
)
def test_a_ticket_off_sale_cannot_be_posted(client, event, member, change):
    tt = ticket(event)
    for key, value in change.items():
        setattr(tt, key, value)
    tt.save()
    client.force_login(member[0])
    response = post(client, event, [attendee_row(tt, "某人", "s@example.com")])
    assert response.status_code == 200
    assert not Order.objects.exists()
    with pytest.raises(services.RegistrationError):
        place(event, member[0])


def test_a_ticket_of_another_event_cannot_be_posted(client, event, member):
    other = make_event("other2030")
    other_ticket = ticket(other)
    other_ticket.member_price = other_ticket.non_member_price = Decimal("1")
    other_ticket.save()
    client.force_login(member[0])
    response = post(client, event, [attendee_row(other_ticket, "串票", "t@example.com")])
    assert response.status_code == 200
    assert not Order.objects.exists()


# ---- activities and places -------------------------------------------------------------------


def test_activities_of_another_event_cannot_be_chosen(client, event, member):
    other = make_event("other2030")
    client.force_login(member[0])
    response = post(
        client,
        event,
        [attendee_row(ticket(event), "串场", "a@example.com", forums=[forum_a(other)])],
    )
    assert response.status_code == 200
    assert not Order.objects.exists()


def test_a_compulsory_activity_cannot_be_posted_as_a_choice(client, event, member):
    client.force_login(member[0])
    response = post(
        client, event, [attendee_row(ticket(event), "重复", "d@example.com", forums=[main(event)])]
    )
    assert response.status_code == 200 and not Order.objects.exists()


def test_an_activity_the_ticket_does_not_admit_to_cannot_be_chosen(client, event, member):
    day_ticket = TicketType.objects.create(
        event=event, name="单日票", member_price=Decimal("100"), non_member_price=Decimal("200")
    )
    day_ticket.activities.set([main(event)])
    client.force_login(member[0])
    response = post(
        client, event, [attendee_row(day_ticket, "越权", "o@example.com", forums=[forum_b(event)])]
    )
    assert response.status_code == 200 and not Order.objects.exists()


def test_more_attendees_than_places_are_refused_whole(client, event, member):
    """Forum A has two places: an order for three in it is refused and takes none."""
    client.force_login(member[0])
    rows = [
        attendee_row(ticket(event), f"超{n}", f"over{n}@example.com", forums=[forum_a(event)])
        for n in range(3)
    ]
    response = post(client, event, rows, extra={"n": "3"})
    assert response.status_code == 200
    assert "名额不足" in response.content.decode()
    assert not Order.objects.exists()
    assert services.availability([forum_a(event)])[forum_a(event).pk].free == 2


def test_more_attendees_than_an_order_allows_are_refused(client, event, member):
    event.max_attendees_per_order = 2
    event.save()
    client.force_login(member[0])
    rows = [attendee_row(ticket(event), f"多{n}", f"many{n}@example.com") for n in range(3)]
    data = registration_data(rows, extra={"n": "3", "attendee-MAX_NUM_FORMS": "1000"})
    response = client.post(url(event), data)
    assert response.status_code == 200 and not Order.objects.exists()


def test_a_live_offer_holds_its_place_against_a_forged_registration(
    client, event, member, outsider
):
    mainroom = main(event)
    mainroom.capacity = 1
    mainroom.save()
    blocker = place(event, outsider[0])
    user, organization = member
    entry = services.join_waiting_list(
        mainroom, user=user, name="候补", email="w@example.com", phone="13900000001"
    )
    services.cancel_order(blocker, user=outsider[0])
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.OFFERED
    # Someone else posts the offer's token with their own registration: it is not theirs.
    client.force_login(outsider[0])
    data = registration_data(
        [attendee_row(ticket(event), "抢位", "grab@example.com")],
        extra={"offer": entry.offer_token},
    )
    assert client.post(url(event), data).status_code == 404
    # Without the token the held place is not for sale either.
    response = client.post(
        url(event), registration_data([attendee_row(ticket(event), "抢位", "grab@example.com")])
    )
    assert response.status_code == 200
    assert Order.objects.filter(status__in=Order.HOLDS_PLACES).count() == 0


def test_an_offer_does_not_reopen_a_withdrawn_ticket(event, member, outsider):
    mainroom = main(event)
    mainroom.capacity = 1
    mainroom.save()
    blocker = place(event, outsider[0])
    user, _organization = member
    entry = services.join_waiting_list(
        mainroom, user=user, name="候补", email="w@example.com", phone="13900000001"
    )
    services.cancel_order(blocker, user=outsider[0])
    entry.refresh_from_db()
    tt = ticket(event)
    tt.is_active = False
    tt.save()
    with pytest.raises(services.RegistrationError):
        place(event, user, emails=["w@example.com"], offer=entry)


# ---- replacement -----------------------------------------------------------------------------

REPLACEMENT = {
    "name": "新人",
    "organization_name": "测试单位",
    "job_title": "",
    "mobile": "13911112222",
    "email": "new@example.com",
    "dietary": "",
    "dietary_note": "",
    "reason": "",
}


def test_replacement_after_the_deadline_changes_nothing(client, event, member):
    user, organization = member
    order = place(event, user, organization=organization)
    attendee = order.attendees.get()
    event.replacement_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    client.force_login(user)
    response = client.post(
        f"/events/my/attendees/{attendee.pk}/replace/", {**REPLACEMENT, "by_staff": "on"}
    )
    assert response.status_code == 200
    assert "已过更换参会人员的截止时间" in response.content.decode()
    fresh = Attendee.objects.get(pk=attendee.pk)
    assert (fresh.name, fresh.code, fresh.secret) == (attendee.name, attendee.code, attendee.secret)
    assert not fresh.replacements.exists()


def test_replacement_posts_cannot_change_ticket_price_or_code(client, event, member):
    user, organization = member
    order = place(event, user, organization=organization)
    attendee = order.attendees.get()
    cheap = TicketType.objects.create(
        event=event, name="便宜票", member_price=Decimal("1"), non_member_price=Decimal("1")
    )
    cheap.activities.set([main(event)])
    client.force_login(user)
    data = {
        **REPLACEMENT,
        "ticket_type": str(cheap.pk),
        "price": "1",
        "code": "AAAAAAAA",
        "activities": [str(forum_a(event).pk)],
    }
    response = client.post(f"/events/my/attendees/{attendee.pk}/replace/", data)
    assert response.status_code == 302
    fresh = Attendee.objects.get(pk=attendee.pk)
    assert fresh.name == "新人"
    assert (fresh.ticket_type, fresh.price) == (attendee.ticket_type, attendee.price)
    assert fresh.code not in (attendee.code, "AAAAAAAA")
    assert set(fresh.places.values_list("activity", flat=True)) == {main(event).pk}


def test_attendees_of_a_cancelled_order_cannot_be_replaced(client, event, member):
    user, organization = member
    order = place(event, user, organization=organization)
    services.cancel_order(order, user=user)
    attendee = order.attendees.get()
    client.force_login(user)
    client.post(f"/events/my/attendees/{attendee.pk}/replace/", REPLACEMENT)
    assert Attendee.objects.get(pk=attendee.pk).name == attendee.name


# ---- waiting list ----------------------------------------------------------------------------


def test_waiting_lists_of_another_event_cannot_be_joined(client, event, member):
    other = make_event("other2030")
    user, organization = member
    attendee = place(event, user, organization=organization).attendees.get()
    client.force_login(user)
    assert (
        client.post(f"/events/{event.code}/waiting-list/{main(other).pk}/", {}).status_code == 404
    )
    response = client.post(f"/events/my/attendees/{attendee.pk}/wait/{forum_a(other).pk}/")
    assert response.status_code == 404
    assert not WaitingListEntry.objects.exists()


def test_an_attendee_cannot_queue_for_an_activity_the_ticket_does_not_admit_to(
    client, event, member, outsider
):
    closed = Activity.objects.create(event=event, name="闭门会", capacity=0, is_optional=True)
    user, organization = member
    attendee = place(event, user, organization=organization).attendees.get()
    client.force_login(user)
    client.post(f"/events/my/attendees/{attendee.pk}/wait/{closed.pk}/")
    assert not WaitingListEntry.objects.exists()
