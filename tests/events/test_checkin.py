"""The check-in desk: scanned or typed codes, idempotent, per-activity lists, live counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import CheckIn

from .factories import forum_a, forum_b, main, make_booths, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(event, member, staff):
    user, organization = member
    order = place(
        event, user, organization=organization, names=("甲", "乙"), forums=[forum_a(event)]
    )
    services.record_payment(order, user=staff, amount=order.total)
    return order


def test_second_scan_says_already_checked_in_and_counts_once(staff_client, event, confirmed):
    attendee = confirmed.attendees.first()
    url = f"/admin/events/on-site/{event.pk}/checkin/"
    assert staff_client.get(url).status_code == 200
    first = staff_client.post(
        url, {"activity": main(event).pk, "code": attendee.code.lower()}, follow=True
    )
    assert first.status_code == 200
    assert 'data-checkin-result="ok"' in first.content.decode()
    second = staff_client.post(
        url,
        {"activity": main(event).pk, "code": f" {attendee.code[:5]} {attendee.code[5:]} "},
        follow=True,
    )
    body = second.content.decode()
    assert 'data-checkin-result="already"' in body
    assert "already checked in at" in body or "已于" in body
    assert CheckIn.objects.filter(attendee=attendee, activity=main(event)).count() == 1
    counts = staff_client.get(f"/admin/events/on-site/{event.pk}/counts.json").json()
    row = next(a for a in counts["activities"] if a["id"] == main(event).pk)
    assert (row["confirmed"], row["checked_in"]) == (2, 1)


def test_ticket_url_from_the_qr_is_accepted(event, confirmed, staff):
    attendee = confirmed.attendees.first()
    result = services.check_in(
        event,
        f"https://example.org/events/ticket/{attendee.code}/{attendee.secret}/",
        activity=main(event),
        user=staff,
    )
    assert result.attendee == attendee and not result.already


def test_refusals(event, member, confirmed, staff, staff_client):
    attendee = confirmed.attendees.first()
    with pytest.raises(services.RegistrationError):
        services.check_in(
            event, attendee.code, activity=forum_b(event), user=staff
        )  # not registered there
    with pytest.raises(services.RegistrationError):
        services.check_in(event, "NOSUCHCODE", activity=main(event), user=staff)
    with pytest.raises(services.RegistrationError):
        services.check_in(event, "<script>", activity=main(event), user=staff)
    unpaid = place(event, member[0], names=("丙",), emails=["c@example.com"])
    with pytest.raises(services.RegistrationError):
        services.check_in(event, unpaid.attendees.get().code, activity=main(event), user=staff)
    url = f"/admin/events/on-site/{event.pk}/checkin/"
    for data in ({"activity": "x", "code": ""}, {"activity": "999999", "code": "A"}, {}):
        assert staff_client.post(url, data).status_code == 200
    assert not CheckIn.objects.exists()


def _activity_list_rows(client, activity) -> tuple[str, dict[str, str]]:
    """The list's summary line and, per attendee name, the last cell (when they came)."""
    body = client.get(f"/admin/events/on-site/activity/{activity.pk}/").content.decode()
    rows = {
        re.sub(r"<.*?>", "", cells[0]).strip(): re.sub(r"<.*?>", "", cells[-1]).strip()
        for cells in (
            re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)
        )
        if cells
    }
    return re.search(r"已签到 \d+ / \d+", body).group(), rows


def test_activity_list_shows_who_came(staff_client, event, confirmed, staff):
    came, stayed_away = confirmed.attendees.order_by("pk")
    summary, rows = _activity_list_rows(staff_client, forum_a(event))
    assert summary == "已签到 0 / 2" and rows == {came.name: "—", stayed_away.name: "—"}
    services.check_in(event, came.code, activity=forum_a(event), user=staff)
    services.check_in(event, stayed_away.code, activity=main(event), user=staff)  # elsewhere
    summary, rows = _activity_list_rows(staff_client, forum_a(event))
    assert summary == "已签到 1 / 2"
    assert rows[came.name] != "—" and rows[stayed_away.name] == "—"


def test_activity_list_queries_do_not_grow_with_attendees(staff_client, event, member, staff):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(f"/admin/events/on-site/activity/{forum_b(event).pk}/")
        return len(queries)

    def confirm(n: int) -> None:
        order = place(
            event,
            member[0],
            names=[f"人{n}-{i}" for i in range(n)],
            emails=[f"p{n}-{i}@example.com" for i in range(n)],
            forums=[forum_b(event)],
        )
        services.record_payment(order, user=staff, amount=order.total)
        for attendee in order.attendees.all():
            services.check_in(event, attendee.code, activity=forum_b(event), user=staff)

    confirm(1)
    count()  # fills what is kept until the page tree changes (the site, the locales)
    few = count()
    confirm(8)
    assert count() == few


def test_exhibitor_pass_checks_in_once(event, member, staff):
    booths = make_booths(event)
    user, organization = member
    application = services.apply_for_booth(
        event,
        user=user,
        data=services.ApplicationData(
            organization.name, organization.credit_code, "联系人", "13900000000", "x@example.com"
        ),
    )
    application = services.allocate_booth(application, booths[0], user=staff)
    services.record_booth_payment(application, user=staff, amount=application.amount)
    badge = services.set_exhibitor_passes(
        application, user=user, people=[services.PassData("展商甲")]
    )[0]
    assert not services.check_in(event, badge.code, activity=main(event), user=staff).already
    assert services.check_in(event, badge.code, activity=main(event), user=staff).already


def test_a_mistyped_code_stays_in_the_field_and_a_good_one_clears_it(
    staff_client, event, confirmed
):
    url = f"/admin/events/on-site/{event.pk}/checkin/"
    response = staff_client.post(url, {"activity": main(event).pk, "code": "ABCD-EFGH"})
    body = response.content.decode()
    assert response.status_code == 200 and 'value="ABCD-EFGH"' in body
    assert "没有与此代码对应的参会人员或展商证" in body  # translated
    attendee = confirmed.attendees.first()
    response = staff_client.post(url, {"activity": main(event).pk, "code": attendee.code})
    assert f'value="{attendee.code}"' not in response.content.decode()


def test_live_counts_show_places_held_by_offers(staff_client, event, member, outsider, confirmed):
    """Forum A is full (two confirmed); one place frees and is offered: it is not free."""
    user, organization = member
    waiting = place(event, outsider[0], names=("候",), emails=["w@example.com"])
    services.join_waiting_list(forum_a(event), user=outsider[0], attendee=waiting.attendees.get())
    from events.models import Place

    Place.objects.filter(activity=forum_a(event), attendee__order=confirmed).first().delete()
    services.offer_all_free_places()
    counts = staff_client.get(f"/admin/events/on-site/{event.pk}/counts.json").json()
    row = next(a for a in counts["activities"] if a["id"] == forum_a(event).pk)
    assert (row["confirmed"], row["offered"], row["free"]) == (1, 1, 0)
    page = staff_client.get(f"/admin/events/on-site/{event.pk}/checkin/").content.decode()
    assert 'data-count="offered">1<' in page
