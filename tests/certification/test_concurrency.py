"""Two staff approving the same application at once produce one certificate."""

import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from certification import services
from certification.models import Application, Certificate, CertificationError

S = Application.Status


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_issue_one_certificate(build, staff):
    application = build(S.PUBLICITY)
    second_staff = type(staff).objects.get(pk=staff.pk)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def approve(user):
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.approve(application, user=user))
        except (CertificationError, OperationalError) as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(user,)) for user in (staff, second_staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Certificate.objects.filter(application=application).count() == 1
    certificates = [o for o in outcomes if isinstance(o, Certificate)]
    refused = [o for o in outcomes if not isinstance(o, Certificate)]
    assert len(certificates) == 1 and len(refused) == 1
    if connection.vendor == "postgresql":
        # The row lock makes the second approver wait, then see the approval and be refused.
        assert isinstance(refused[0], CertificationError)
    application.refresh_from_db()
    assert application.status == S.APPROVED
    assert application.status_history().filter(to_status=S.APPROVED).count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_decision_certificate(build):
    application = build(S.APPROVED)
    certificate = application.certificates.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            number="XY-TEST-0001",
            scheme=certificate.scheme,
            application=application,
            subject_name=certificate.subject_name,
            grade=certificate.grade,
            grade_label=certificate.grade_label,
            issued_on=certificate.issued_on,
            valid_until=certificate.valid_until,
        )
