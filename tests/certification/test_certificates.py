"""Certificates: numbers, status, verification, re-checks, re-evaluation, expiry."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from certification import services
from certification.models import Application, Certificate, CertificationError

pytestmark = pytest.mark.django_db

S = Application.Status


def test_numbers_are_unique_per_scheme_and_year():
    year = timezone.localdate().year
    assert services.next_certificate_number("XY", year) == f"XY-{year}-0001"
    assert services.next_certificate_number("XY", year) == f"XY-{year}-0002"
    assert services.next_certificate_number("FS", year) == f"FS-{year}-0001"
    assert services.next_certificate_number("XY", year + 1) == f"XY-{year + 1}-0001"


def test_verification_shows_the_live_status(client, site_home, build, staff):
    certificate = build(S.APPROVED).certificates.get()
    url = f"/certification/verify/{certificate.number}/"
    assert client.get(url).context["certificate"].status == "valid"
    services.suspend_certificate(certificate, user=staff, reason="排放超标，暂停整改")
    page = client.get(url)
    assert page.context["certificate"].status == "suspended"
    assert "排放超标" in page.content.decode()
    services.reinstate_certificate(certificate, user=staff, reason="整改完成")
    services.revoke_certificate(certificate, user=staff, reason="提供虚假材料")
    assert client.get(url).context["certificate"].status == "revoked"
    with pytest.raises(CertificationError):
        services.reinstate_certificate(certificate, user=staff, reason="x")
    assert list(certificate.status_history().values_list("to_status", flat=True)) == [
        "revoked",
        "valid",
        "suspended",
    ]


def test_verification_by_form_and_a_clear_not_found(client, site_home, build):
    certificate = build(S.APPROVED).certificates.get()
    response = client.get("/certification/verify/", {"number": f" {certificate.number.lower()} "})
    assert response.status_code == 302 and response["Location"].endswith(f"/{certificate.number}/")
    missing = client.get("/certification/verify/XY-1999-9999/")
    assert missing.status_code == 404
    assert "XY-1999-9999" in missing.content.decode()
    assert missing.templates[0].name == "certification/verify_not_found.html"


def test_the_qr_code_points_to_the_verification_page(build):
    from certification.pdf import verification_url

    certificate = build(S.APPROVED).certificates.get()
    assert verification_url(certificate).endswith(f"/certification/verify/{certificate.number}/")


def test_expiry_command_is_idempotent(build):
    certificate = build(S.APPROVED).certificates.get()
    later = certificate.valid_until + datetime.timedelta(days=1)
    out = StringIO()
    call_command("expire_certificates", f"--date={later}", "--remind-days=0", stdout=out)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED
    assert "Expired 1" in out.getvalue()
    call_command("expire_certificates", f"--date={later}", "--remind-days=0", stdout=out)
    assert certificate.status_history().count() == 1
    checks = list(certificate.annual_checks.all())
    assert checks and all(check.state.cancelled for check in checks)
    # Each cancelled re-check has its own history row, made by the scheduled rule.
    assert all(check.status_history().get().changed_by is None for check in checks)


def test_expiry_reminders_are_sent_once(build, django_capture_on_commit_callbacks):
    certificate = build(S.APPROVED).certificates.get()
    soon = certificate.valid_until - datetime.timedelta(days=30)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_expiry_reminders(today=soon) == 1
        assert services.send_expiry_reminders(today=soon) == 0
    assert len(mail.outbox) == 1 and certificate.number in mail.outbox[0].subject


def test_annual_recheck_keep_downgrade_cancel(build, staff, other_org, other_contact, credit_round):
    certificate = build(S.APPROVED).certificates.get()
    first, second = certificate.annual_checks.order_by("sequence")
    assert first.due_on.year == certificate.issued_on.year + 1
    services.record_annual_check(first, user=staff, outcome="keep", reason="经营正常")
    first.refresh_from_db()
    assert first.status == "done"
    with pytest.raises(CertificationError):
        services.record_annual_check(first, user=staff, outcome="keep", reason="again")
    with pytest.raises(CertificationError):
        services.record_annual_check(
            second, user=staff, outcome="downgrade", grade="AAA", reason="x"
        )
    new = services.record_annual_check(
        second, user=staff, outcome="downgrade", grade="A", reason="负债率上升"
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert (
        new.grade == "A"
        and new.replaces == certificate
        and new.valid_until == certificate.valid_until
    )
    assert new.number != certificate.number
    # Cancel at a re-check revokes.
    other = build(S.APPROVED, organization=other_org, user=other_contact).certificates.get()
    services.record_annual_check(
        other.annual_checks.first(), user=staff, outcome="cancel", reason="失信"
    )
    other.refresh_from_db()
    assert other.status == Certificate.Status.REVOKED
    assert not other.annual_checks.filter(status="pending").exists()


def test_reevaluation_starts_prefilled_from_the_last_application(
    client, site_home, build, contact, staff, credit_round, experts
):
    application = build(S.APPROVED)
    certificate = application.certificates.get()
    client.force_login(contact)
    response = client.post(
        f"/certification/my/certificates/{certificate.number}/reevaluate/", follow=True
    )
    assert not Application.objects.filter(kind="reevaluation").exists()  # too early
    assert any(m.level_tag == "error" for m in response.context["messages"])
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.localdate() + datetime.timedelta(days=60)
    )
    response = client.post(f"/certification/my/certificates/{certificate.number}/reevaluate/")
    again = Application.objects.get(kind="reevaluation")
    assert response["Location"].endswith(f"/{again.number}/")
    assert again.previous_certificate == certificate and again.status == S.DRAFT
    assert again.self_assessments.count() == application.self_assessments.count()
    assert again.self_score == application.self_score
    assert again.summary == application.summary
    # Approving the re-evaluation supersedes the old certificate.
    from .factories import advance

    advance(again, S.APPROVED, contact=contact, staff=staff, experts=experts)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert again.certificates.get().status == Certificate.Status.VALID
