"""The per-account limit on open orders holds when one account sends its orders all at once
(the way test_concurrency.py proves capacity): the account's row is locked before the count,
so the requests queue. The control run switches the locks off to show the race is real.
PostgreSQL only."""

from __future__ import annotations

import pytest
from django.db import connection

from events.models import Order

from .factories import attendee_row, make_event, registration_data, ticket
from .test_concurrency import DELAY, Browser, csrf_token, run_together, short_lived_connections

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; SQLite serialises writers (run with DATABASE_URL=postgres://...)",
    ),
]

__all__ = ["short_lived_connections"]  # the fixture of test_concurrency, used here too

REQUESTS = 8
LIMIT = 3


@pytest.fixture
def approval_event(db):
    return make_event("hold2030", requires_approval=True, max_open_orders_per_account=LIMIT)


def one_account_at_once(event, live_server):
    from tests.factories import UserFactory

    user = UserFactory()
    path = f"/events/{event.code}/register/"
    jobs = []
    for index in range(REQUESTS):
        browser = Browser(live_server.url, user)
        data = registration_data(
            [attendee_row(ticket(event), f"并发{index}", f"rush{index}@example.com")]
        )

        def prepare(browser=browser):
            return csrf_token(browser.get(path))

        def fire(token, browser=browser, data=data):
            return browser.post(path, {**data, "csrfmiddlewaretoken": token})

        jobs.append((prepare, fire))
    return user, jobs


def test_one_account_sending_at_once_gets_only_its_limit(live_server, approval_event, settings):
    settings.EVENTS_RACE_TEST = {"delay": DELAY}
    user, jobs = one_account_at_once(approval_event, live_server)
    results = run_together(jobs)
    assert results.count(302) == LIMIT, results
    assert Order.objects.filter(created_by=user).count() == LIMIT


def test_control_without_the_lock_the_limit_is_overrun(live_server, approval_event, settings):
    """If this fails, the test above proves nothing: the setup cannot produce a race."""
    settings.EVENTS_RACE_TEST = {"delay": DELAY, "skip_lock": True}
    user, jobs = one_account_at_once(approval_event, live_server)
    run_together(jobs)
    assert Order.objects.filter(created_by=user).count() > LIMIT
