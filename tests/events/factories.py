"""Test data for the events app: an event with a main conference, two forums and tickets."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from events.models import Activity, Booth, Event, Hall, TicketType
from members.models import Membership
from tests.factories import UserFactory
from tests.members.factories import ContactFactory, MembershipFactory, OrganizationFactory
from website.accounts import roles


def make_event(code: str = "nh2030", *, days_ahead: int = 30, **fields) -> Event:
    now = timezone.now()
    start = timezone.localdate() + datetime.timedelta(days=days_ahead)
    values = {
        "title": "测试年会暨博览会",
        "kind": Event.Kind.CONFERENCE,
        "starts_on": start,
        "ends_on": start + datetime.timedelta(days=1),
        "city": "杭州市",
        "venue": "国际博览中心",
        "registration_opens_at": now - datetime.timedelta(days=60),
        "payment_days": 7,
        "payment_instructions": "汇款请注明订单号。",
    }
    values.update(fields)
    event = Event.objects.create(code=code, **values)
    main = Activity.objects.create(
        event=event, name="主论坛", kind=Activity.Kind.MAIN, capacity=100, sort_order=1
    )
    forum_a = Activity.objects.create(
        event=event,
        name="分论坛A",
        kind=Activity.Kind.FORUM,
        capacity=2,
        is_optional=True,
        sort_order=2,
    )
    forum_b = Activity.objects.create(
        event=event,
        name="分论坛B",
        kind=Activity.Kind.FORUM,
        capacity=50,
        is_optional=True,
        sort_order=3,
    )
    ticket = TicketType.objects.create(
        event=event, name="代表通票", member_price=Decimal("1000"), non_member_price=Decimal("1500")
    )
    ticket.activities.set([main, forum_a, forum_b])
    return event


def main(event: Event) -> Activity:
    return event.activities.get(name="主论坛")


def forum_a(event: Event) -> Activity:
    return event.activities.get(name="分论坛A")


def forum_b(event: Event) -> Activity:
    return event.activities.get(name="分论坛B")


def ticket(event: Event) -> TicketType:
    return event.ticket_types.get(name="代表通票")


def member_contact(**membership):
    """A user acting for an organization whose membership is active (or as given)."""
    contact = ContactFactory()
    membership.setdefault("status", Membership.Status.ACTIVE)
    MembershipFactory(organization=contact.organization, **membership)
    return contact.user, contact.organization


def non_member_contact():
    contact = ContactFactory(organization=OrganizationFactory())
    return contact.user, contact.organization


def events_staff():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EVENTS_STAFF))
    return user


def make_booths(event: Event, *, standard: int = 3) -> list[Booth]:
    event.has_expo = True
    event.expo_applications_open = True
    event.standard_booth_price = Decimal("10000")
    event.raw_space_price_per_sqm = Decimal("1000")
    event.save()
    hall = Hall.objects.create(event=event, name="1号馆")
    booths = [Booth.objects.create(hall=hall, number=f"A{n:02d}") for n in range(1, standard + 1)]
    booths.append(
        Booth.objects.create(
            hall=hall,
            number="B01",
            kind=Booth.Kind.RAW,
            width=Decimal("6"),
            depth=Decimal("8"),
            is_corner=True,
        )
    )
    return booths


def attendee_row(
    ticket_type, name, email, *, organization="测试单位", mobile="13900000000", forums=()
):
    return {
        "ticket_type": str(ticket_type.pk),
        "name": name,
        "organization_name": organization,
        "job_title": "工程师",
        "mobile": mobile,
        "email": email,
        "dietary": "",
        "dietary_note": "",
        "activities": [str(activity.pk) for activity in forums],
    }


def registration_data(
    rows, *, on_behalf="", invoice=None, contact_email="contact@example.com", extra=None
):
    """POST data of the registration form for these attendee rows."""
    data = {
        "n": str(len(rows)),
        "contact_name": "联系人",
        "contact_phone": "13800000000",
        "contact_email": contact_email,
        "notes": "",
        "attendee-TOTAL_FORMS": str(len(rows)),
        "attendee-INITIAL_FORMS": "0",
        "attendee-MIN_NUM_FORMS": str(len(rows)),
        "attendee-MAX_NUM_FORMS": "20",
    }
    if on_behalf:
        data["on_behalf"] = str(on_behalf)
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"attendee-{index}-{key}"] = value
    if invoice:
        data["need_invoice"] = "on"
        for key, value in invoice.items():
            data[f"invoice-{key}"] = value
    data.update(extra or {})
    return data


def place(event, user, *, organization=None, names=("张三",), forums=(), emails=None, **kwargs):
    """An order placed through the service, one attendee per name."""
    from events import services

    emails = emails or [f"{user.pk}-{index}-{event.pk}@example.com" for index in range(len(names))]
    return services.place_order(
        event,
        user=user,
        organization=organization,
        contact=services.ContactData("联系人", "13800000000", user.email),
        attendees=[
            services.AttendeeData(
                ticket_type=ticket(event),
                name=name,
                organization_name=organization.name if organization else "个人",
                mobile="13900000000",
                email=email,
                activities=list(forums),
            )
            for name, email in zip(names, emails, strict=True)
        ],
        **kwargs,
    )
