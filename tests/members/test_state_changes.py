"""Members' statuses on the shared state machine: bulk changes leave one history row per
record, and notices leave only once the change has committed."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from members import services
from members.models import Invoice, Membership, PaymentProof
from tests.members.helpers import PNG, committed, fee_schedule, member_organization
from website.core.states import StatusChange

pytestmark = pytest.mark.django_db


def _proof(invoice, admin, amount="1000") -> PaymentProof:
    return services.submit_payment_proof(
        invoice,
        user=admin,
        file=SimpleUploadedFile("receipt.png", PNG),
        amount=Decimal(amount),
        paid_on=timezone.localdate(),
    )


@pytest.fixture
def invoice_with_member():
    year = timezone.localdate().year
    fee_schedule(year)
    _organization, membership, admin = member_organization()
    invoice = services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=year)
    return invoice, admin


def test_cancelling_an_invoice_rejects_each_pending_proof_with_its_own_history_row(
    invoice_with_member, membership_staff
):
    invoice, admin = invoice_with_member
    proofs = [_proof(invoice, admin), _proof(invoice, admin, amount="2000")]
    services.cancel_invoice(invoice, user=membership_staff, reason="重复开具")
    for proof in proofs:
        proof.refresh_from_db()
        assert proof.state.rejected
        assert proof.decided_by == membership_staff and proof.decided_at is not None
        change = proof.status_history().get()
        assert (change.from_status, change.to_status) == ("pending", "rejected")
        assert change.changed_by == membership_staff
        assert change.reason == proof.decision_reason
    assert StatusChange.objects.for_model(PaymentProof).count() == 2
    invoice.refresh_from_db()
    assert invoice.state.cancelled
    assert invoice.status_history().get().reason == "重复开具"


def test_a_lapse_cancels_every_outstanding_invoice_with_a_history_row_each():
    today = timezone.localdate()
    fee_schedule(today.year - 2)
    fee_schedule(today.year - 1)
    _organization, membership, _admin = member_organization(
        status=Membership.Status.ACTIVE, paid_through=datetime.date(today.year - 3, 12, 31)
    )
    invoices = [
        services.issue_invoice(membership, kind=Invoice.Kind.RENEWAL, year=year)
        for year in (today.year - 2, today.year - 1)
    ]
    with committed():
        services.run_sweep(today)
    membership.refresh_from_db()
    assert membership.state.lapsed
    for invoice in invoices:
        invoice.refresh_from_db()
        assert invoice.state.cancelled and invoice.status_reason
        assert [c.to_status for c in invoice.status_history()] == ["cancelled"]
    assert [c.to_status for c in membership.status_history()] == ["lapsed", "grace", "active"]


def test_a_notice_leaves_after_the_commit_and_not_for_a_change_that_rolls_back(
    invoice_with_member, membership_staff
):
    invoice, admin = invoice_with_member
    proof = _proof(invoice, admin)
    with committed():
        with pytest.raises(RuntimeError), transaction.atomic():
            services.reject_payment_proof(proof, user=membership_staff, reason="金额不符")
            raise RuntimeError("something later in the same transaction failed")
    proof.refresh_from_db()
    assert proof.state.pending and not proof.status_history().exists()
    assert mail.outbox == []

    with committed():
        services.reject_payment_proof(proof, user=membership_staff, reason="金额不符")
        assert mail.outbox == []  # not before the commit
    assert len(mail.outbox) == 1 and "金额不符" in mail.outbox[0].body
    assert admin.email in mail.outbox[0].to


def test_an_illegal_change_raises_the_domain_error_and_records_nothing(invoice_with_member):
    invoice, _admin = invoice_with_member
    services.cancel_invoice(invoice, user=None, reason="作废")
    invoice.refresh_from_db()
    with pytest.raises(services.MembershipError):
        invoice.transition(Invoice.Status.PAID)
    invoice.refresh_from_db()
    assert invoice.state.cancelled
    assert invoice.status_history().count() == 1


def test_the_migration_copies_the_old_histories_into_core(user):
    """Rows of the two members history tables become core.StatusChange rows of the same
    membership or application, with who, when, from, to and why."""
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("members.migrations.0005_status_history_in_core")
    old_apps = (
        MigrationLoader(connection).project_state(("members", "0005_status_history_in_core")).apps
    )
    editor = connection.schema_editor()
    editor.deferred_sql = []  # table_sql queues foreign keys here on PostgreSQL; not needed
    with connection.cursor() as cursor:  # the old tables, gone since 0006 (rolled back after)
        for name in ("MembershipStatusChange", "ApplicationStatusChange"):
            sql, params = editor.table_sql(old_apps.get_model("members", name))
            cursor.execute(sql, params)
    _organization, membership, _admin = member_organization()
    StatusChange.objects.all().delete()
    when = timezone.now() - datetime.timedelta(days=400)
    old_apps.get_model("members", "MembershipStatusChange").objects.create(
        membership_id=membership.pk,
        from_status="active",
        to_status="grace",
        changed_at=when,
        changed_by_id=user.pk,
        reason="会费未缴",
    )
    migration.copy_history(old_apps, None)
    change = membership.status_history().get()
    assert (change.from_status, change.to_status, change.reason) == ("active", "grace", "会费未缴")
    assert change.changed_at == when and change.changed_by == user

    # The reverse (after 0006's reverse made the old tables again, empty) puts it back.
    old_apps.get_model("members", "MembershipStatusChange").objects.all().delete()
    migration.copy_back(old_apps, None)
    assert not membership.status_history().exists()
    back = old_apps.get_model("members", "MembershipStatusChange").objects.get()
    assert (back.membership_id, back.to_status, back.changed_at) == (membership.pk, "grace", when)
