"""The scheduled sweep: reminders, next year's invoices, overdue, grace, lapse; twice is once."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from members import services
from members.models import Invoice, Membership, MembershipSettings, RenewalReminder
from tests.members.helpers import committed, fee_schedule, individual_member, member_organization

pytestmark = pytest.mark.django_db

END = datetime.date(2026, 12, 31)


def sweep(day: datetime.date) -> str:
    """Run the sweep as the scheduler does; its notices leave when each change commits."""
    out = StringIO()
    with committed():
        call_command("membership_sweep", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def member():
    fee_schedule(2026)
    fee_schedule(2027)
    _organization, membership, admin = member_organization(paid_through=END)
    return membership, admin


def test_next_years_invoice_and_first_reminder_sixty_days_before(member):
    membership, admin = member
    sweep(datetime.date(2026, 11, 1))  # 60 days before 31 December
    invoice = membership.invoices.get()
    assert invoice.period_start == datetime.date(2027, 1, 1)
    assert invoice.kind == Invoice.Kind.RENEWAL
    assert invoice.due_on == END
    assert len(mail.outbox) == 1
    assert admin.email in mail.outbox[0].to
    assert invoice.number in mail.outbox[0].body


def test_running_twice_changes_nothing_the_second_time(member):
    membership, _admin = member
    day = datetime.date(2026, 11, 1)
    sweep(day)
    count = len(mail.outbox)
    output = sweep(day)
    assert len(mail.outbox) == count
    assert membership.invoices.count() == 1
    assert RenewalReminder.objects.count() == 1
    assert "invoices issued: 0" in output and "reminders sent: 0" in output


def test_each_reminder_is_sent_once_and_a_missed_run_sends_only_the_most_urgent(member):
    membership, _admin = member
    sweep(datetime.date(2026, 11, 1))  # 60
    sweep(datetime.date(2026, 11, 15))  # nothing new
    sweep(datetime.date(2026, 12, 26))  # missed the 30-day run: only the 7-day one
    sweep(datetime.date(2026, 12, 27))
    days = sorted(RenewalReminder.objects.values_list("days_before", flat=True))
    assert days == [7, 60]
    assert len(mail.outbox) == 2


def test_reminder_days_are_configurable(member):
    config = MembershipSettings.load()
    config.reminder_days = "45, 10"
    config.save()
    sweep(datetime.date(2026, 11, 1))  # 60 days before: no reminder configured yet
    assert not RenewalReminder.objects.exists()
    sweep(datetime.date(2026, 11, 16))  # 45 days before
    assert RenewalReminder.objects.get().days_before == 45


def test_unpaid_goes_overdue_then_grace_then_lapses(member):
    membership, admin = member
    sweep(datetime.date(2026, 11, 1))
    invoice = membership.invoices.get()
    mail.outbox.clear()
    sweep(datetime.date(2027, 1, 1))
    membership.refresh_from_db()
    invoice.refresh_from_db()
    assert membership.status == Membership.Status.GRACE
    assert invoice.status == Invoice.Status.OVERDUE
    change = membership.status_history().first()
    assert change.changed_by is None and change.to_status == "grace"
    assert len(mail.outbox) == 1  # the grace notice
    # Still in grace during the grace period (one year by default).
    sweep(datetime.date(2027, 12, 31))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.GRACE
    sweep(datetime.date(2028, 1, 1))
    membership.refresh_from_db()
    invoice.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED
    assert invoice.status == Invoice.Status.CANCELLED
    assert [c.to_status for c in membership.status_history().order_by("changed_at", "pk")] == [
        "active",
        "grace",
        "lapsed",
    ]
    count = len(mail.outbox)
    sweep(datetime.date(2028, 1, 1))
    assert len(mail.outbox) == count
    assert membership.status_history().count() == 3


def test_grace_period_is_configurable(member):
    membership, _admin = member
    config = MembershipSettings.load()
    config.grace_period_days = 90
    config.save()
    sweep(datetime.date(2027, 1, 1))
    sweep(datetime.date(2027, 3, 31))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.GRACE
    sweep(datetime.date(2027, 4, 1))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.LAPSED


def test_paying_in_grace_makes_the_membership_active_again(staff_user):
    today = timezone.localdate()
    expired = today - datetime.timedelta(days=10)
    fee_schedule(expired.year)
    fee_schedule(expired.year + 1)
    _organization, membership, _admin = member_organization(paid_through=expired)
    sweep(today)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.GRACE
    invoice = membership.invoices.get()  # the next period's, issued by the same run
    assert invoice.period_start == expired + datetime.timedelta(days=1)
    services.record_payment(invoice, user=staff_user, amount=invoice.amount, paid_on=today)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.paid_through == invoice.period_end
    assert membership.status_history().first().changed_by == staff_user


def test_a_new_member_who_never_pays_goes_into_grace_after_the_due_date(staff_user):
    fee_schedule(2026)
    _organization, membership, _admin = member_organization(joined_on=datetime.date(2026, 3, 1))
    invoice = services.issue_invoice(
        membership, kind=Invoice.Kind.JOINING, year=2026, today=datetime.date(2026, 3, 1)
    )
    assert invoice.due_on == datetime.date(2026, 3, 31)
    sweep(datetime.date(2026, 3, 31))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    sweep(datetime.date(2026, 4, 1))
    membership.refresh_from_db()
    assert membership.status == Membership.Status.GRACE


def test_no_fee_schedule_for_next_year_is_reported_not_crashed():
    fee_schedule(2026)
    _organization, membership, _admin = member_organization(paid_through=END)
    output = sweep(datetime.date(2026, 11, 1))
    assert "no fee schedule for 2027" in output
    assert not membership.invoices.exists()
    assert RenewalReminder.objects.count() == 1  # the reminder still goes out


def test_individual_members_get_their_reminder(member):
    _person, membership, user = individual_member(paid_through=END)
    sweep(datetime.date(2026, 12, 24))  # 7 days before
    assert any(user.email in message.to for message in mail.outbox)
    assert membership.invoices.get().amount == 300
