"""年审 from the portal: the holder submits the year's material before the due date, staff
review it with an Action whose outcome (keep, downgrade, suspend, cancel) the register and the
verification page show at once; reminders go out once from the daily sweep."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from certification.models import (
    AnnualCheck,
    AnnualCheckFile,
    AnnualCheckReminder,
    AnnualCheckSubmission,
    Application,
    Certificate,
    CertificationError,
)
from certification.services import annual

from .factories import PdfFile, pdf_upload


@pytest.fixture(autouse=True)
def english():
    """The services' messages are asserted in English (the source language)."""
    with translation.override("en"):
        yield


S = Application.Status
FIGURES = {
    "revenue": "12000",
    "profit": "900",
    "total_assets": "21000",
    "total_liabilities": "11500",
}


@pytest.fixture
def certificate(build):
    return build(S.APPROVED).certificates.get()


@pytest.fixture
def check(certificate):
    return certificate.annual_checks.order_by("sequence").first()


def in_window(check):
    return check.due_on - datetime.timedelta(days=10)


def submit(check, user, **kwargs):
    kwargs.setdefault("figures", FIGURES)
    kwargs.setdefault("statements", [PdfFile("2026年度财务报表.pdf")])
    kwargs.setdefault("today", in_window(check))
    return annual.submit_annual_check(check, user=user, **kwargs)


def test_the_holder_submits_within_the_window(
    check, contact, staff, django_capture_on_commit_callbacks
):
    staff.email = "staff@example.org"
    staff.save()
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(check, contact, changes="法定代表人变更", incidents="无")
    assert submission.state.submitted
    assert submission.year == check.due_on.year - 1
    assert submission.files.get().kind == AnnualCheckFile.Kind.STATEMENTS
    assert any("staff@example.org" in m.to for m in mail.outbox)
    # Until staff review it, the holder may complete it; files are added, not replaced.
    submit(check, contact, statements=[], others=[PdfFile("说明.pdf")])
    assert AnnualCheckSubmission.objects.get().files.count() == 2


def test_the_window_is_enforced(check, contact, staff):
    with pytest.raises(CertificationError, match="contact the secretariat"):
        submit(check, contact, today=check.due_on + datetime.timedelta(days=1))
    with pytest.raises(CertificationError):
        submit(check, contact, today=check.due_on - datetime.timedelta(days=200))
    # Staff may enter late material on the holder's behalf.
    assert submit(check, staff, today=check.due_on + datetime.timedelta(days=5)).pk


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({**FIGURES, "total_assets": "-5"}, "negative"),
        ({**FIGURES, "total_assets": "0"}, "zero"),
        ({**FIGURES, "revenue": "abc"}, "not a number"),
        ({**FIGURES, "profit": "50000"}, "exceed"),
    ],
)
def test_bad_figures_are_refused(check, contact, figures, message):
    with pytest.raises(CertificationError, match=message):
        submit(check, contact, figures=figures)
    assert not AnnualCheckSubmission.objects.exists()


def test_statements_are_required(check, contact):
    with pytest.raises(CertificationError, match="financial statements"):
        submit(check, contact, statements=[])


def test_another_enterprise_cannot_submit(check, other_contact):
    with pytest.raises(CertificationError):
        submit(check, other_contact)


def review(submission, staff, outcome, **kwargs):
    return annual.review_annual_check(
        submission, user=staff, outcome=outcome, reason="年审结论", **kwargs
    )


def register_html(client, certificate):
    return client.get(
        reverse("certification:register", args=[certificate.scheme.code])
    ).content.decode()


def test_keep(client, certificate, check, contact, staff):
    submission = submit(check, contact)
    assert certificate.number in register_html(client, certificate)
    review(submission, staff, AnnualCheck.Outcome.KEEP)
    submission.refresh_from_db()
    check.refresh_from_db()
    assert submission.state.reviewed and check.outcome == "keep" and check.state.done
    assert certificate.number in register_html(client, certificate)
    with pytest.raises(CertificationError):
        review(submission, staff, AnnualCheck.Outcome.KEEP)


def test_suspend_shows_at_once(client, certificate, check, contact, staff):
    submission = submit(check, contact)
    assert certificate.number in register_html(client, certificate)  # cached now
    review(submission, staff, AnnualCheck.Outcome.SUSPEND)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUSPENDED
    assert certificate.number not in register_html(client, certificate)
    verify = client.get(reverse("certification:verify_number", args=[certificate.number]))
    assert "年审结论" in verify.content.decode()


def test_cancel_revokes(client, certificate, check, contact, staff):
    submission = submit(check, contact)
    review(submission, staff, AnnualCheck.Outcome.CANCEL)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.number not in register_html(client, certificate)


def test_downgrade_issues_a_new_certificate(client, certificate, check, contact, staff):
    submission = submit(check, contact)
    codes = [b.code for b in certificate.application.criteria_set.ordered_bands()]
    lower = codes[codes.index(certificate.grade) + 1]
    new = review(submission, staff, AnnualCheck.Outcome.DOWNGRADE, grade=lower)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert new.grade == lower
    html = register_html(client, certificate)
    assert new.number in html and certificate.number not in html


def test_a_refused_outcome_leaves_the_material_unreviewed(certificate, check, contact, staff):
    submission = submit(check, contact)
    with pytest.raises(CertificationError):
        review(submission, staff, AnnualCheck.Outcome.DOWNGRADE, grade="")
    submission.refresh_from_db()
    assert submission.state.submitted
    with pytest.raises(CertificationError):
        review(submission, contact, AnnualCheck.Outcome.KEEP)


def test_the_admin_action_reviews(client, certificate, check, contact, staff):
    submission = submit(check, contact)
    client.force_login(staff)
    inspect = client.get(reverse("certification_annual_material:inspect", args=[submission.pk]))
    assert inspect.status_code == 200
    url = reverse("certification_annual_material:review", args=[submission.pk])
    assert url in inspect.content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"outcome": "downgrade", "grade": "", "reason": "下调"})
    assert response.status_code == 200  # refused with the form kept
    assert "下调" in response.content.decode()
    response = client.post(url, {"outcome": "keep", "grade": "", "reason": "维持"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state.reviewed


def test_the_portal_page_keeps_bad_input_and_guards_other_enterprises(
    client, check, contact, other_contact, settings
):
    url = reverse("certification:annual_check", args=[check.pk])
    client.force_login(other_contact)
    assert client.get(url).status_code == 404
    assert client.get(reverse("certification:annual_check", args=[999999])).status_code == 404
    client.force_login(contact)
    # The window is around the due date: act on a check that is due in ten days.
    AnnualCheck.objects.filter(pk=check.pk).update(
        due_on=datetime.date.today() + datetime.timedelta(days=10)
    )
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url, {**FIGURES, "total_assets": "-1", "changes": "更名", "statements": pdf_upload()}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "更名" in html and "-1" in html
    assert not AnnualCheckSubmission.objects.exists()
    response = client.post(url, {**FIGURES, "changes": "更名", "statements": pdf_upload()})
    assert response.status_code == 302
    stored = AnnualCheckFile.objects.get()
    file_url = reverse("certification:annual_file", args=[stored.pk])
    assert client.get(file_url).status_code == 200
    client.force_login(other_contact)
    assert client.get(file_url).status_code == 404


def test_reminders_are_sent_once(check, contact, django_capture_on_commit_callbacks):
    before = check.due_on - datetime.timedelta(days=20)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_certificates", date=str(before), stdout=open("/dev/null", "w"))
        call_command("expire_certificates", date=str(before), stdout=open("/dev/null", "w"))
    assert AnnualCheckReminder.objects.get().kind == "upcoming"
    assert sum(contact.email in m.to for m in mail.outbox) == 1
    after = check.due_on + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_certificates", date=str(after), stdout=open("/dev/null", "w"))
        call_command("expire_certificates", date=str(after), stdout=open("/dev/null", "w"))
    assert AnnualCheckReminder.objects.filter(kind="overdue").count() == 1
    assert sum(contact.email in m.to for m in mail.outbox) == 2


def test_no_reminder_once_the_material_is_in(check, contact):
    submit(check, contact)
    assert annual.send_annual_check_reminders(today=check.due_on - datetime.timedelta(days=5)) == 0


def test_the_workbench_lists_the_re_checks_still_to_answer(client, certificate, contact):
    """Each certificate's row names its pending re-checks, and the list above the tables
    those of live certificates, by due date; an answered one is in neither."""
    checks = list(certificate.annual_checks.order_by("sequence"))
    assert len(checks) >= 2
    AnnualCheck.objects.filter(pk=checks[0].pk).update(status=AnnualCheck.Status.DONE)
    client.force_login(contact)
    html = client.get(reverse("certification:portal")).content.decode()
    row = html[html.index(reverse("certification:verify_number", args=[certificate.number])) :]
    row = row[: row.index("</tr>")]
    assert f"Re-check {checks[0].sequence} due" not in row
    assert f"Re-check {checks[1].sequence} due" in row
    listed = html[html.index('id="annual-checks"') :]
    listed = listed[: listed.index("</section>")]
    assert f"Annual check {checks[1].sequence} due" in listed
    assert f"Annual check {checks[0].sequence} due" not in listed
    # A revoked certificate keeps its row's note but leaves the list above.
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.REVOKED)
    html = client.get(reverse("certification:portal")).content.decode()
    assert 'id="annual-checks"' not in html
    assert f"Re-check {checks[1].sequence} due" in html
