"""website.core.states: the one state machine every record with a status uses."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import transaction
from django.template import Context, Template
from wagtail.models import ModelLogEntry

from tests.factories import UserFactory
from tests.statemachine.models import Ticket, TicketError
from website.core.notify import after_commit, muted_notifications
from website.core.states import StatusChange, transition_many

pytestmark = pytest.mark.django_db


def test_a_change_saves_records_and_logs_together():
    user = UserFactory()
    ticket = Ticket.objects.create(owner=user)

    change = ticket.transition("paid", user=user, reason="bank transfer", data={"amount": "80"})

    ticket.refresh_from_db()
    assert ticket.status == "paid"
    assert ticket.paid_at is not None  # the on_status_change hook's field was saved
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        "open",
        "paid",
        user,
        "bank transfer",
    )
    assert change.data == {"amount": "80"}
    assert [str(c) for c in ticket.status_history()] == ["Open → Paid"]
    entry = ModelLogEntry.objects.get(object_id=str(ticket.pk), action="core.status_change")
    assert entry.user == user
    assert entry.data["from"] == "open" and entry.data["to"] == "paid"
    assert "Paid" in entry.message and "bank transfer" in entry.message


def test_a_change_outside_the_table_raises_the_models_error_and_changes_nothing():
    ticket = Ticket.objects.create()
    with pytest.raises(TicketError):
        ticket.transition("used")
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert not StatusChange.objects.for_object(ticket).exists()


def test_a_failed_save_leaves_neither_status_nor_history(monkeypatch):
    ticket = Ticket.objects.create(note="kept")

    def broken_record(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("website.core.states.record_change", broken_record)
    with pytest.raises(RuntimeError):
        ticket.transition("paid")

    assert ticket.status == "open" and ticket.paid_at is None  # rolled back in memory too
    ticket.refresh_from_db()
    assert ticket.status == "open" and ticket.paid_at is None


def test_system_changes_record_no_user():
    ticket = Ticket.objects.create(status="paid")
    change = ticket.transition("used", reason="scanned at the door")
    assert change.changed_by is None


def test_available_transitions_follow_table_permission_and_guard():
    owner, clerk, stranger = UserFactory(), UserFactory(), UserFactory()
    clerk.user_permissions.add(Permission.objects.get(codename="change_ticket"))
    clerk = type(clerk).objects.get(pk=clerk.pk)  # fresh permission cache
    ticket = Ticket.objects.create(owner=owner)

    assert [t.verb for t in ticket.available_transitions(owner)] == ["cancel"]
    assert [t.verb for t in ticket.available_transitions(clerk)] == ["pay"]
    assert ticket.available_transitions(stranger) == []
    assert ticket.can(owner, "cancel") and not ticket.can(owner, "pay")

    ticket.transition("paid", user=clerk)
    assert [t.verb for t in ticket.available_transitions(clerk)] == ["check_in"]
    assert sorted(t.verb for t in ticket.available_transitions(owner)) == ["cancel", "check_in"]


def test_bulk_changes_leave_a_row_per_object_and_skip_what_may_not_change():
    paid = [Ticket.objects.create(status="paid") for _ in range(3)]
    used = Ticket.objects.create(status="used")
    opened = Ticket.objects.create()

    changed = transition_many(
        Ticket.objects.all(), "cancelled", reason="event cancelled", skip_invalid=True
    )

    assert sorted(t.pk for t in changed) == sorted([*(t.pk for t in paid), opened.pk])
    assert StatusChange.objects.for_model(Ticket).filter(to_status="cancelled").count() == 4
    used.refresh_from_db()
    assert used.status == "used"
    with pytest.raises(TicketError):
        transition_many(Ticket.objects.filter(pk=used.pk), "paid")


def test_templates_ask_the_state_and_typos_fail():
    ticket = Ticket(status="paid")
    template = Template("{% if ticket.state.paid %}paid{% else %}not paid{% endif %}")
    assert template.render(Context({"ticket": ticket})) == "paid"
    with pytest.raises(ValueError):
        Template("{% if ticket.state.payd %}x{% endif %}").render(Context({"ticket": ticket}))


def test_notifications_leave_after_commit_and_never_for_a_rollback(
    django_capture_on_commit_callbacks,
):
    def tell(subject):
        mail.send_mail(subject, "body", None, ["member@example.com"])

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            after_commit(tell, "kept")
            assert mail.outbox == []  # not while the change can still roll back
        try:
            with transaction.atomic():
                after_commit(tell, "rolled back")
                raise RuntimeError
        except RuntimeError:
            pass
        with muted_notifications():
            after_commit(tell, "muted")

    assert [m.subject for m in mail.outbox] == ["kept"]
