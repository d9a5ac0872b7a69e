"""A full forum on the registration form can be chosen for its waiting list: its box is not
disabled, it reads as what ticking it does, and ticking it queues the attendee."""

import re

import pytest

from events.models import Order, Place, WaitingListEntry

from .factories import attendee_row, forum_a, place, registration_data, ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def full(event, outsider):
    place(event, outsider[0], names=("甲", "乙"), forums=[forum_a(event)])  # capacity 2: full
    return forum_a(event)


def _box(html, name, value):
    """The <input> of the checkbox `name` with `value`, or None."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return tag
    return None


def test_the_full_forum_offers_a_selectable_waiting_list_box(client, event, member, full):
    client.force_login(member[0])
    html = client.get(f"/events/{event.code}/register/").content.decode()
    box = _box(html, "attendee-0-waiting_list", full.pk)
    assert box is not None and "disabled" not in box
    assert "已满，可候补" not in html, "the offer must not read like a status"
    assert f"{full.name}已满：勾选即登记候补" in html
    # The forum is not offered as a place at the same time.
    assert _box(html, "attendee-0-activities", full.pk) is None


def test_ticking_it_registers_the_attendee_and_queues_them(client, event, member, full):
    user, organization = member
    client.force_login(user)
    row = attendee_row(ticket(event), "丙", "c@example.com")
    row["waiting_list"] = [str(full.pk)]
    response = client.post(
        f"/events/{event.code}/register/",
        registration_data([row], on_behalf=organization.pk),
        follow=True,
    )
    order = Order.objects.get(created_by=user)
    attendee = order.attendees.get()
    entry = WaitingListEntry.objects.get()
    assert entry.attendee == attendee and entry.activity == full and entry.status == "waiting"
    assert not Place.objects.filter(attendee=attendee, activity=full).exists()
    assert "候补" in response.content.decode() and full.name in response.content.decode()


def test_without_a_waiting_list_the_full_forum_is_shown_as_full_only(client, event, member, full):
    event.waiting_list_enabled = False
    event.save()
    client.force_login(member[0])
    html = client.get(f"/events/{event.code}/register/").content.decode()
    assert _box(html, "attendee-0-waiting_list", full.pk) is None
    box = _box(html, "attendee-0-activities", full.pk)
    assert box is not None and "disabled" in box
    assert "可候补" not in html


def test_a_place_and_the_waiting_list_for_the_same_forum_is_refused(client, event, member, full):
    user, organization = member
    client.force_login(user)
    row = attendee_row(ticket(event), "丙", "c@example.com", forums=[full])
    row["waiting_list"] = [str(full.pk)]
    response = client.post(
        f"/events/{event.code}/register/", registration_data([row], on_behalf=organization.pk)
    )
    assert response.status_code == 200
    assert not WaitingListEntry.objects.exists()
    assert Order.objects.count() == 1  # only the outsider's
