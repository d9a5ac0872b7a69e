"""The admin home's membership figures are aggregates over every membership and open invoice,
kept per cache area (members.dashboard): a second view reads none of them again, and a new
member, an invoice or a payment, or the turn of the year shows at the next view."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import services
from members.models import Membership
from tests.members.conftest import member_organization

pytestmark = pytest.mark.django_db

AGGREGATES = ('FROM "members_membership"', 'FROM "members_invoice"', "core_statuschange")


def _view(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    aggregates = [
        query["sql"]
        for query in queries.captured_queries
        if any(table in query["sql"] for table in AGGREGATES)
        and ("COUNT(" in query["sql"] or "SUM(" in query["sql"])
    ]
    return response.content.decode(), aggregates


def _figure(body: str, label: str) -> str:
    """The value shown under a figure's label."""
    match = re.search(
        rf"{re.escape(label)}</span>\s*<span[^>]*>([^<]+)</span>", body, flags=re.DOTALL
    )
    assert match, label
    return match.group(1).strip()


def _joined_today(name: str):
    organization = member_organization(name)
    organization.membership.joined_on = timezone.localdate()
    organization.membership.save()
    return organization


def _invoice(membership: Membership, amount: str):
    return services.issue_invoice(
        membership, kind="renewal", year=timezone.localdate().year + 1, amount=Decimal(amount)
    )


def test_a_second_view_aggregates_nothing_and_changes_show_at_once(admin_client):
    first = _joined_today("甲环卫有限公司")
    _invoice(first.membership, "3000")
    body, aggregates = _view(admin_client)
    assert aggregates  # the first view computes them
    assert _figure(body, "本年入会") == "1"
    assert _figure(body, "未缴会费") == "¥3,000.00"

    body, aggregates = _view(admin_client)
    assert aggregates == []
    assert _figure(body, "本年入会") == "1"

    # A new member: the directory's area is emptied, the counts are read again.
    second = _joined_today("乙环卫有限公司")
    body, aggregates = _view(admin_client)
    assert aggregates
    assert _figure(body, "本年入会") == "2"
    assert _figure(body, "未缴会费") == "¥3,000.00"

    # An invoice, then a payment of part of it: the dues area.
    invoice = _invoice(second.membership, "5000")
    assert _figure(_view(admin_client)[0], "未缴会费") == "¥8,000.00"
    services.record_payment(
        invoice,
        user=None,
        amount=Decimal("1000"),
        paid_on=timezone.localdate(),
    )
    assert _figure(_view(admin_client)[0], "未缴会费") == "¥7,000.00"


def test_this_years_figures_turn_with_the_year(client, membership_staff, monkeypatch):
    year = timezone.localdate().year
    new_years_eve = timezone.make_aware(datetime.datetime(year, 12, 31, 23, 0))
    monkeypatch.setattr(timezone, "now", lambda: new_years_eve)
    client.force_login(membership_staff)
    _joined_today("丙环卫有限公司")
    body, _ = _view(client)
    assert _figure(body, "本年入会") == "1"
    assert _view(client)[1] == []  # kept

    monkeypatch.setattr(timezone, "now", lambda: new_years_eve + datetime.timedelta(hours=1.5))
    body, aggregates = _view(client)  # nothing changed but the year
    assert aggregates
    assert _figure(body, "本年入会") == "0"
