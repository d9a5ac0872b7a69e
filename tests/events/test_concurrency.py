"""Capacity under concurrent buyers, in the style of pretix's concurrency tests.

Many browsers (threads, each with its own HTTP connection; the live server answers each in a
thread with its own database connection) submit at the same moment. A test hook widens the
window between counting free places and writing them (`EVENTS_RACE_TEST`), so without the
row lock the race happens every time; the control variant switches the lock off to prove the
test can see it. PostgreSQL only: SQLite serialises all writers anyway.
"""

from __future__ import annotations

import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client

from events.models import Booth, ExhibitorApplication, Order, Place

from .factories import events_staff, forum_a, make_booths, make_event, ticket

pytestmark = [
    # Serialized rollback: each test starts from the migrated data (groups, root page), whatever
    # transactional test ran before it and emptied the tables.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; SQLite serialises writers (run with DATABASE_URL=postgres://...)",
    ),
]

BUYERS = 16
CAPACITY = 3
DELAY = 0.1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A logged-in browser with its own connection and cookies."""

    def __init__(self, base_url: str, user):
        client = Client()
        client.force_login(user)
        self.base = base_url
        self.cookies = {"sessionid": client.cookies["sessionid"].value}
        self.opener = urllib.request.build_opener(NoRedirect)

    def _headers(self):
        return {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": self.base + "/",
        }

    def _remember(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]

    def get(self, path: str) -> str:
        request = urllib.request.Request(self.base + path, headers=self._headers())  # noqa: S310 - the live server's http URL
        with self.opener.open(request, timeout=60) as response:
            self._remember(response)
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        return self.send(path, data)[0]

    def send(self, path: str, data: dict) -> tuple[int, str]:
        """POST the form; the answer's status and where it redirects to ("" if nowhere)."""
        body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(  # noqa: S310 - the live server's http URL
            self.base + path, data=body, headers=self._headers()
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, ""
        except urllib.error.HTTPError as error:  # 302 lands here as there is no redirect
            return error.code, error.headers.get("Location", "")


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def run_together(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(index, job):
        prepare, fire = job
        state = prepare()
        barrier.wait()
        results[index] = fire(state)

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture(autouse=True)
def short_lived_connections(monkeypatch):
    # Each server thread closes its connection after the request, so none outlive the test.
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)


def buyers_for(event, live_server):
    from tests.factories import UserFactory

    forum = forum_a(event)
    jobs = []
    for index in range(BUYERS):
        user = UserFactory()
        browser = Browser(live_server.url, user)
        data = {
            "n": "1",
            "contact_name": "买家",
            "contact_phone": "13800000000",
            "contact_email": user.email,
            "attendee-TOTAL_FORMS": "1",
            "attendee-INITIAL_FORMS": "0",
            "attendee-MIN_NUM_FORMS": "1",
            "attendee-MAX_NUM_FORMS": "20",
            "attendee-0-ticket_type": str(ticket(event).pk),
            "attendee-0-name": f"买家{index}",
            "attendee-0-organization_name": "测试单位",
            "attendee-0-mobile": "13900000000",
            "attendee-0-email": f"buyer{index}@example.com",
            "attendee-0-activities": [str(forum.pk)],
        }
        path = f"/events/{event.code}/register/"

        def prepare(browser=browser, path=path):
            return csrf_token(browser.get(path))

        def fire(token, browser=browser, path=path, data=data):
            return browser.post(path, {**data, "csrfmiddlewaretoken": token})

        jobs.append((prepare, fire))
    return jobs


@pytest.fixture
def free_event(db):
    event = make_event("race2030")
    forum = forum_a(event)
    forum.capacity = CAPACITY
    forum.save()
    tt = ticket(event)
    tt.member_price = tt.non_member_price = Decimal("0")  # free: confirmed at once
    tt.save()
    return event


def confirmed_in(forum) -> int:
    return Place.objects.filter(
        activity=forum, attendee__order__status=Order.Status.CONFIRMED
    ).count()


def test_parallel_registrations_never_exceed_capacity(live_server, free_event, settings):
    settings.EVENTS_RACE_TEST = {"delay": DELAY}
    results = run_together(buyers_for(free_event, live_server))
    assert results.count(302) == CAPACITY, results
    assert all(code in (200, 302) for code in results), results
    assert confirmed_in(forum_a(free_event)) == CAPACITY


def test_control_without_the_lock_the_race_is_visible(live_server, free_event, settings):
    """If this fails, the test above proves nothing: the setup cannot produce a race."""
    settings.EVENTS_RACE_TEST = {"delay": DELAY, "skip_lock": True}
    results = run_together(buyers_for(free_event, live_server))
    assert results.count(302) > CAPACITY, results
    assert confirmed_in(forum_a(free_event)) > CAPACITY


def allocators_for(event, live_server, booth):
    from tests.members.factories import OrganizationFactory

    staff = events_staff()
    jobs = []
    for index in range(8):
        organization = OrganizationFactory()
        application = ExhibitorApplication.objects.create(
            event=event,
            company_name=organization.name,
            credit_code=organization.credit_code,
            contact_name=f"展商{index}",
            contact_phone="13700000000",
            contact_email=f"ex{index}@example.com",
            status=ExhibitorApplication.Status.APPROVED,
        )
        browser = Browser(live_server.url, staff)
        path = f"/admin/events/exhibitors/{application.pk}/action/allocate/"

        def prepare(browser=browser, path=path):
            return csrf_token(browser.get(path))

        def fire(token, browser=browser, path=path):
            return browser.post(path, {"booth": str(booth.pk), "csrfmiddlewaretoken": token})

        jobs.append((prepare, fire))
    return jobs


@pytest.fixture
def booth(db):
    event = make_event("expo2030")
    return make_booths(event, standard=1)[0]


def test_parallel_booth_allocation_gives_a_booth_to_one_exhibitor(live_server, booth, settings):
    settings.EVENTS_RACE_TEST = {"delay": DELAY}
    results = run_together(allocators_for(booth.hall.event, live_server, booth))
    assert results.count(302) == 1, results
    assert ExhibitorApplication.objects.filter(status="allocated").count() == 1
    booth.refresh_from_db()
    assert booth.status == Booth.Status.RESERVED
    assert booth.application.status == "allocated"


def test_control_booth_allocation_without_the_lock_double_books(live_server, booth, settings):
    settings.EVENTS_RACE_TEST = {"delay": DELAY, "skip_lock": True}
    results = run_together(allocators_for(booth.hall.event, live_server, booth))
    assert results.count(302) > 1, results
    assert ExhibitorApplication.objects.filter(status="allocated").count() > 1


def test_two_sweeps_at_the_same_moment_do_the_work_once(db, settings):
    """Cron on two machines, or a slow run overlapping the next: each order, offer and booth
    changes once, and each person gets one email."""
    import datetime

    from django.core import mail
    from django.utils import timezone

    from events import services
    from events.models import WaitingListEntry
    from tests.factories import UserFactory
    from website.core.states import StatusChange

    from .factories import member_contact, place

    event = make_event("sweep2030")
    staff = events_staff()
    user, organization = member_contact()
    long_ago = timezone.now() - datetime.timedelta(days=8)
    unpaid = [
        place(event, UserFactory(), names=(f"欠{n}",), forums=[forum_a(event)], now=long_ago)
        for n in range(2)
    ]
    entries = [
        services.join_waiting_list(
            forum_a(event),
            user=user,
            attendee=place(
                event, user, organization=organization, names=(name,), emails=[f"{name}@x.com"]
            ).attendees.get(),
        )
        for name in ("w1", "w2", "w3")
    ]
    booths = make_booths(event, standard=2)
    for booth in booths[:2]:
        application = ExhibitorApplication.objects.create(
            event=event,
            company_name=f"展商{booth.number}",
            credit_code=organization.credit_code,
            contact_name="联系人",
            contact_phone="13700000000",
            contact_email=f"{booth.number}@example.com",
            status=ExhibitorApplication.Status.APPROVED,
        )
        services.allocate_booth(
            application, booth, user=staff, now=long_ago - datetime.timedelta(30)
        )
    mail.outbox.clear()
    changes = StatusChange.objects.count()

    def job():
        def fire(_state):
            try:
                return services.sweep()
            finally:
                connections.close_all()

        return (lambda: None, fire)

    results = run_together([job(), job()])
    assert all(isinstance(result, dict) for result in results), results
    assert sum(result["orders_expired"] for result in results) == 2
    assert sum(result["booths_released"] for result in results) == 2
    assert [order.__class__.objects.get(pk=order.pk).status for order in unpaid] == [
        "expired",
        "expired",
    ]
    statuses = [WaitingListEntry.objects.get(pk=entry.pk).status for entry in entries]
    assert statuses == ["offered", "offered", "waiting"]
    # 2 orders + 2 offers + 2 applications + 2 booths changed, each once.
    assert StatusChange.objects.count() - changes == 8
    recipients = [address for message in mail.outbox for address in message.to]
    assert recipients.count("w1@x.com") == 1 and recipients.count("w2@x.com") == 1
    assert "w3@x.com" not in recipients
