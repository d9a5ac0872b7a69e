"""The same registration form sent twice places one order.

A rush keeps the first answer waiting for seconds, and people click again, press Enter again
or go back and resend. The form carries a one-time token (`submission`); the same user sending
the same token again, after the first was answered or while it is still being placed, is taken
to the order the first sending placed, with a message, and no second order holds places.
"""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.db import connection

from events.models import AlreadyPlaced, Order, Place
from events.services import orders as order_services
from tests.factories import UserFactory

from .factories import attendee_row, forum_a, make_event, place, registration_data, ticket
from .test_concurrency import Browser, csrf_token, run_together, short_lived_connections  # noqa: F401

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="submission" value="([A-Za-z0-9_\-]+)"')


def url(event) -> str:
    return f"/events/{event.code}/register/"


def token_of(response) -> str:
    return TOKEN.search(response.content.decode()).group(1)


def form_data(event, token: str | None, *, email="a1@example.com", forums=()) -> dict:
    data = registration_data([attendee_row(ticket(event), "张一", email, forums=list(forums))])
    if token is not None:
        data["submission"] = token
    return data


def test_each_form_carries_its_own_token(client, event, outsider):
    client.force_login(outsider[0])
    first, second = token_of(client.get(url(event))), token_of(client.get(url(event)))
    assert first != second and len(first) >= 16


def test_the_same_form_sent_twice_places_one_order(client, event, outsider):
    client.force_login(outsider[0])
    token = token_of(client.get(url(event)))
    first = client.post(url(event), form_data(event, token))
    order = Order.objects.get()
    assert first.status_code == 302 and first["Location"].endswith(f"/orders/{order.code}/")

    again = client.post(url(event), form_data(event, token))
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Order.objects.count() == 1 and Place.objects.count() == 1
    shown = [str(message) for message in get_messages(again.wsgi_request)]
    assert any(order.code in text and "已经收到" in text for text in shown), shown


def test_the_message_in_english(client, event, outsider):
    client.force_login(outsider[0])
    english = "/en" + url(event)
    token = token_of(client.get(english))
    client.post(english, form_data(event, token))
    again = client.post(english, form_data(event, token), follow=True)
    code = Order.objects.get().code
    assert f"We had already received this registration: order {code}." in again.content.decode()


def test_sent_again_after_the_forum_filled_up_it_still_finds_the_order(client, event, outsider):
    """The second sending is answered with the order, not with “full” (its own place counts)."""
    client.force_login(outsider[0])
    forum = forum_a(event)
    token = token_of(client.get(url(event)))
    assert client.post(url(event), form_data(event, token, forums=[forum])).status_code == 302
    forum.capacity = Place.objects.filter(activity=forum).count()
    forum.save()
    again = client.post(url(event), form_data(event, token, forums=[forum]))
    assert again.status_code == 302 and Order.objects.count() == 1


def test_a_new_form_places_a_new_order(client, event, outsider):
    client.force_login(outsider[0])
    for email in ("a1@example.com", "a2@example.com"):
        token = token_of(client.get(url(event)))
        assert client.post(url(event), form_data(event, token, email=email)).status_code == 302
    assert Order.objects.count() == 2


def test_a_form_turned_away_keeps_its_token_and_counts_once_when_corrected(client, event, outsider):
    client.force_login(outsider[0])
    forum = forum_a(event)
    forum.capacity = 0
    forum.save()
    token = token_of(client.get(url(event)))
    refused = client.post(url(event), form_data(event, token, forums=[forum]))
    assert refused.status_code == 200 and token_of(refused) == token
    corrected = client.post(url(event), form_data(event, token))  # without the full forum
    assert corrected.status_code == 302
    assert client.post(url(event), form_data(event, token)).status_code == 302
    assert Order.objects.count() == 1


@pytest.mark.parametrize(
    "tampered",
    ["../../etc", "x" * 65, "短令牌短令牌短令牌短令牌短令牌短令牌", "abc", "a b c d e f g h i j"],
)
def test_a_tampered_token_is_replaced_never_an_error(client, event, outsider, tampered):
    client.force_login(outsider[0])
    # With a wrong field too, the form comes back with a fresh, valid token.
    data = form_data(event, tampered)
    data["attendee-0-mobile"] = "not a phone"
    shown = client.post(url(event), data)
    assert shown.status_code == 200
    assert token_of(shown) != tampered and re.fullmatch(r"[A-Za-z0-9_\-]{16,64}", token_of(shown))
    # Valid otherwise: placed, but not deduplicated by a token the site never issued.
    placed = client.post(url(event), form_data(event, tampered))
    assert placed.status_code == 302
    assert Order.objects.get().submission_key == ""


def test_a_form_without_a_token_is_placed(client, event, outsider):
    client.force_login(outsider[0])
    assert client.post(url(event), form_data(event, None)).status_code == 302
    assert client.post(url(event), form_data(event, None, email="b@example.com")).status_code == 302
    assert Order.objects.count() == 2


def test_another_users_token_finds_nothing_of_theirs(client, event, outsider):
    """Tokens are per account: sending someone else's token places your own order and never
    shows you theirs."""
    client.force_login(outsider[0])
    token = token_of(client.get(url(event)))
    first = client.post(url(event), form_data(event, token))
    other = UserFactory()
    client.force_login(other)
    theirs = client.post(url(event), form_data(event, token, email="other@example.com"))
    assert theirs.status_code == 302 and theirs["Location"] != first["Location"]
    assert Order.objects.filter(created_by=other).count() == 1


def test_service_sent_at_once_the_second_finds_the_first(event, outsider):
    """Both sendings passed the first look-up (neither had committed); the second one's insert
    meets the unique token and is answered with the first order, its writes rolled back."""
    user = outsider[0]
    first = place(event, user, submission_key="k" * 24)
    real = order_services._placed_by_submission
    calls = iter([None])  # the look-up before the writes sees nothing yet

    def racing(user_id, key):
        return next(calls, None) or real(user_id, key)

    with mock.patch.object(order_services, "_placed_by_submission", side_effect=racing):
        with pytest.raises(AlreadyPlaced) as caught:
            place(event, user, submission_key="k" * 24)
    assert caught.value.order == first
    assert Order.objects.count() == 1 and Place.objects.count() == 1


def test_service_without_a_token_places_each_time(event, outsider):
    user = outsider[0]
    place(event, user)
    place(event, user, names=("李四",))
    assert Order.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("short_lived_connections")
def test_two_sendings_at_the_same_moment_place_one_order(live_server, settings):
    """Two threads of one browser send the same form at once; the server answers both with the
    same order. The race test hook holds the first one's transaction open (its order written,
    not committed) while the second one looks, finds nothing yet, and writes."""
    settings.EVENTS_RACE_TEST = {"delay": 0.3}
    event = make_event("twice2030")
    user = UserFactory()
    browser = Browser(live_server.url, user)
    page = browser.get(url(event))
    data = {
        **form_data(event, TOKEN.search(page).group(1)),
        "csrfmiddlewaretoken": csrf_token(page),
    }
    answers = run_together([(lambda: None, lambda _: browser.send(url(event), data))] * 2)
    code = Order.objects.get(created_by=user).code
    assert all(
        status == 302 and location.endswith(f"/orders/{code}/") for status, location in answers
    ), answers
