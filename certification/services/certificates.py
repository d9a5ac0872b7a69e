"""Approval and certificates: numbering, status changes, expiry, annual re-checks, re-evaluation."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.models import Sequence
from website.core.notify import after_commit
from website.core.states import transition_many

from .. import extensions
from ..models import (
    AnnualCheck,
    Application,
    Certificate,
    CertificationError,
    Objection,
    Round,
    SelfAssessment,
)
from ..tasks import notify_applicant, notify_certificate
from .applications import create_application, panel_grade
from .common import (
    actor,
    day,
    invalidate_public_pages,
    require_contact,
    require_reason,
    require_staff,
)
from .dates import add_months, add_years
from .scoring import evaluate


def next_certificate_number(prefix: str, year: int) -> str:
    """XY-2026-0001: unique per scheme and year, never reused."""
    value = Sequence.next_value(f"certification:certificate:{prefix}:{year}")
    return f"{prefix}-{year}-{value:04d}"


def default_valid_until(scheme, issued_on: datetime.date) -> datetime.date | None:
    """The last day of validity; None when the scheme's certificates do not expire."""
    if not scheme.validity_years:
        return None
    return add_years(issued_on, scheme.validity_years) - datetime.timedelta(days=1)


def issue_certificate(
    application: Application,
    *,
    grade: str,
    issued_on: datetime.date,
    valid_until: datetime.date | None = None,
    origin: str = Certificate.Origin.DECISION,
    replaces: Certificate | None = None,
    user=None,
    holder_order: int = 0,
    holder_name: str = "",
) -> Certificate:
    """Number, record and log one certificate; inside the caller's transaction."""
    scheme = application.scheme
    if valid_until is None and replaces is None:
        valid_until = default_valid_until(scheme, issued_on)
    certificate = Certificate.objects.create(
        number=next_certificate_number(scheme.certificate_prefix, issued_on.year),
        scheme=scheme,
        application=application,
        origin=origin,
        holder_order=holder_order,
        holder_name=holder_name,
        organization=application.organization,
        plant=application.plant,
        subject_name=application.subject_name,
        province=application.province,
        grade=grade,
        grade_label=application.criteria_set.grade_label(grade),
        score=application.score,
        issued_on=issued_on,
        valid_until=valid_until,
        replaces=replaces,
    )
    # Annual re-checks fall on the anniversaries of the first issue within the validity.
    start = replaces.issued_on if replaces else issued_on
    if replaces is None and certificate.valid_until is not None and holder_order == 0:
        for sequence in range(1, scheme.annual_checks + 1):
            due = add_years(start, sequence)
            if due <= certificate.valid_until:
                AnnualCheck.objects.create(certificate=certificate, sequence=sequence, due_on=due)
    log(
        certificate,
        "certification.certificate.issue",
        user=actor(user),
        data={"grade": grade, "application": application.number},
    )
    return certificate


def approve(application: Application, *, user, reason: str = "", today=None) -> Certificate:
    """Close the decision after publicity and issue the certificate.

    The application row is locked, so of two staff approving at once the second finds it
    approved and is refused; the unique constraint on decision certificates backs this up.
    """
    require_staff(user)
    today = today or timezone.localdate()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("scheme", "criteria_set", "organization", "plant")
            .get(pk=application.pk)
        )
        application.require_status(Application.Status.PUBLICITY)
        if not application.publicity_has_closed(today):
            raise CertificationError(
                _("The publicity period ends on %(date)s; approve after it has closed.")
                % {"date": day(application.publicity_ends_on)}
            )
        if application.objections.filter(status=Objection.Status.OPEN).exists():
            raise CertificationError(_("Resolve every objection before approving."))
        certificate = _decide(application, user=user, reason=reason, today=today)
    invalidate_public_pages()
    after_commit(notify_applicant, application.pk, "approved")
    return certificate


def approve_without_publicity(
    application: Application, *, user, grade: str | None = None, reason: str = "", today=None
) -> Certificate:
    """The panel's decision for a scheme without public notice: the grade (the proposed one,
    or another with a written reason) is final at once and the certificate is issued."""
    require_staff(user)
    today = today or timezone.localdate()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("scheme", "criteria_set", "organization", "plant")
            .get(pk=application.pk)
        )
        application.require_status(Application.Status.PANEL_DECISION)
        if application.scheme.has_publicity:
            raise CertificationError(
                _("This scheme puts results to public notice before they are approved.")
            )
        application.final_grade, application.grade_reason = panel_grade(application, grade, reason)
        certificate = _decide(application, user=user, reason=reason, today=today)
    invalidate_public_pages()
    after_commit(notify_applicant, application.pk, "approved")
    return certificate


def _decide(application: Application, *, user, reason: str, today) -> Certificate:
    """Approve the locked application and issue its certificate(s). Inside a transaction."""
    problems = extensions.problems("approve", application)
    if problems:
        raise CertificationError(" ".join(problems))
    certificate = issue_certificate(
        application, grade=application.final_grade, issued_on=today, user=user
    )
    application.transition(
        Application.Status.APPROVED,
        user=user,
        reason=reason,
        data={"grade": application.final_grade, "certificate": certificate.number},
        log_action="certification.application.approve",
    )
    extensions.approved(application, certificate, user)
    previous = application.previous_certificate
    if previous is not None:
        previous = Certificate.objects.select_for_update().get(pk=previous.pk)
        if previous.can_change_to(Certificate.Status.SUPERSEDED):
            previous.transition(
                Certificate.Status.SUPERSEDED,
                user=user,
                reason=_("Re-evaluated: replaced by %(number)s.") % {"number": certificate.number},
            )
            cancel_pending_checks(previous, user=user)
    return certificate


def cancel_pending_checks(certificate: Certificate, *, user=None, keep=None) -> None:
    """A certificate that is no longer valid needs no more re-checks; each one is recorded."""
    pending = certificate.annual_checks.filter(status=AnnualCheck.Status.PENDING)
    if keep is not None:
        pending = pending.exclude(pk=keep.pk)
    transition_many(
        pending,
        AnnualCheck.Status.CANCELLED,
        user=user,
        reason=_("Certificate %(number)s is %(status)s.")
        % {"number": certificate.number, "status": certificate.get_status_display()},
    )


def _locked_certificate(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def _change_status(
    certificate: Certificate, status: str, *, user, reason: str, verb: str
) -> Certificate:
    with transaction.atomic():
        certificate = _locked_certificate(certificate)
        certificate.transition(
            status, user=user, reason=reason, log_action=f"certification.certificate.{verb}"
        )
        if status in (Certificate.Status.REVOKED, Certificate.Status.EXPIRED):
            cancel_pending_checks(certificate, user=user)
    invalidate_public_pages()
    return certificate


def suspend_certificate(certificate: Certificate, *, user, reason: str) -> Certificate:
    require_staff(user)
    reason = require_reason(reason)
    certificate = _change_status(
        certificate, Certificate.Status.SUSPENDED, user=user, reason=reason, verb="suspend"
    )
    after_commit(notify_certificate, certificate.pk, "suspended")
    return certificate


def reinstate_certificate(certificate: Certificate, *, user, reason: str) -> Certificate:
    require_staff(user)
    reason = require_reason(reason)
    if certificate.valid_until is not None and certificate.valid_until < timezone.localdate():
        raise CertificationError(_("An expired certificate cannot be reinstated."))
    return _change_status(
        certificate, Certificate.Status.VALID, user=user, reason=reason, verb="reinstate"
    )


def revoke_certificate(certificate: Certificate, *, user, reason: str) -> Certificate:
    require_staff(user)
    reason = require_reason(reason)
    certificate = _change_status(
        certificate, Certificate.Status.REVOKED, user=user, reason=reason, verb="revoke"
    )
    after_commit(notify_certificate, certificate.pk, "revoked")
    return certificate


def expire_certificates(*, today: datetime.date | None = None) -> int:
    """The scheduled sweep: certificates past their validity become expired. Idempotent."""
    today = today or timezone.localdate()
    due = Certificate.objects.filter(
        status__in=[Certificate.Status.VALID, Certificate.Status.SUSPENDED], valid_until__lt=today
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(pk=pk)
            # Another process may have expired it meanwhile.
            if (
                not certificate.can_change_to(Certificate.Status.EXPIRED)
                or certificate.valid_until is None
                or certificate.valid_until >= today
            ):
                continue
            certificate.transition(
                Certificate.Status.EXPIRED,
                reason=_("Validity ended on %(date)s.") % {"date": day(certificate.valid_until)},
                log_action="certification.certificate.expire",
            )
            cancel_pending_checks(certificate)
            count += 1
    if count:
        invalidate_public_pages()
    return count


def send_expiry_reminders(*, today: datetime.date | None = None, days: int = 90) -> int:
    """Remind holders once, `days` before expiry, that a re-evaluation is due. Idempotent."""
    today = today or timezone.localdate()
    due = Certificate.objects.filter(
        status=Certificate.Status.VALID,
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=days),
        expiry_reminder_sent_on__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        updated = Certificate.objects.filter(pk=pk, expiry_reminder_sent_on__isnull=True).update(
            expiry_reminder_sent_on=today
        )
        if updated:
            after_commit(notify_certificate, pk, "expiring")
            count += 1
    return count


def record_annual_check(
    check: AnnualCheck, *, user, outcome: str, reason: str, grade: str = "", today=None
) -> Certificate | None:
    """年度复查: keep, downgrade (a new certificate; the old one is superseded) or cancel."""
    require_staff(user)
    reason = require_reason(reason, _("Record the findings of the re-check."))
    today = today or timezone.localdate()
    new_certificate = None
    with transaction.atomic():
        check = AnnualCheck.objects.select_for_update().get(pk=check.pk)
        if check.status != AnnualCheck.Status.PENDING:
            raise CertificationError(_("This re-check has already been recorded."))
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("application__criteria_set", "scheme")
            .get(pk=check.certificate_id)
        )
        if certificate.status not in (Certificate.Status.VALID, Certificate.Status.SUSPENDED):
            raise CertificationError(_("Only a valid or suspended certificate can be re-checked."))
        if outcome == AnnualCheck.Outcome.DOWNGRADE:
            bands = certificate.application.criteria_set.ordered_bands()
            codes = [band.code for band in bands]
            if grade not in codes:
                raise CertificationError(_("Choose the new grade."))
            if certificate.grade in codes and codes.index(grade) <= codes.index(certificate.grade):
                raise CertificationError(
                    _("A downgrade needs a lower grade than %(grade)s.")
                    % {"grade": certificate.grade_label}
                )
            new_certificate = issue_certificate(
                certificate.application,
                grade=grade,
                issued_on=today,
                valid_until=certificate.valid_until,
                origin=Certificate.Origin.RECHECK,
                replaces=certificate,
                user=user,
            )
            certificate.transition(
                Certificate.Status.SUPERSEDED,
                user=user,
                reason=_("Downgraded at the annual re-check: replaced by %(number)s.")
                % {"number": new_certificate.number},
            )
            # The remaining re-checks follow the new certificate.
            certificate.annual_checks.filter(status=AnnualCheck.Status.PENDING).exclude(
                pk=check.pk
            ).update(certificate=new_certificate)
            check.new_grade = grade
            check.new_certificate = new_certificate
        elif outcome == AnnualCheck.Outcome.SUSPEND:
            if not certificate.can_change_to(Certificate.Status.SUSPENDED):
                raise CertificationError(_("The certificate is already suspended."))
            certificate.transition(Certificate.Status.SUSPENDED, user=user, reason=reason)
        elif outcome == AnnualCheck.Outcome.CANCEL:
            certificate.transition(Certificate.Status.REVOKED, user=user, reason=reason)
            cancel_pending_checks(certificate, user=user, keep=check)
        elif outcome != AnnualCheck.Outcome.KEEP:
            raise CertificationError(_("Choose keep, downgrade, suspend or cancel."))
        check.outcome = outcome
        check.reason = reason
        check.decided_by = actor(user)
        check.decided_at = timezone.now()
        check.transition(
            AnnualCheck.Status.DONE,
            user=user,
            reason=reason,
            data={"outcome": outcome, "grade": grade, "certificate": certificate.number},
            update_fields=None,
            log_action="certification.certificate.recheck",
        )
    invalidate_public_pages()
    after_commit(notify_certificate, (new_certificate or certificate).pk, f"recheck_{outcome}")
    return new_certificate


def can_reevaluate(certificate: Certificate, today=None) -> bool:
    """复评 opens some months before expiry, and stays possible after expiry (re-application)."""
    today = today or timezone.localdate()
    if certificate.status not in (Certificate.Status.VALID, Certificate.Status.EXPIRED):
        return False
    if certificate.valid_until is None or certificate.holder_order:
        return False
    opens = add_months(certificate.valid_until, -certificate.scheme.reevaluation_months)
    return today >= opens


def start_reevaluation(
    certificate: Certificate, *, user, round: Round | None = None
) -> Application:
    """A new application in an open round, prefilled from the last one."""
    require_contact(user, certificate.organization)
    if not can_reevaluate(certificate):
        raise CertificationError(
            _("Re-evaluation opens %(months)s months before the certificate expires.")
            % {"months": certificate.scheme.reevaluation_months}
        )
    round = round or Round.objects.open().filter(scheme=certificate.scheme).first()
    if round is None:
        raise CertificationError(_("There is no open round for this scheme at the moment."))
    previous = certificate.application
    with transaction.atomic():
        subject = previous.plant or previous.subject_object or previous.organization
        application = create_application(
            round,
            previous.organization,
            user=user,
            subject=subject,
            kind=Application.Kind.REEVALUATION,
            previous_certificate=certificate,
        )
        for field in ("contact_name", "contact_phone", "contact_email", "summary"):
            setattr(application, field, getattr(previous, field) or getattr(application, field))
        if previous.accounting_years is not None:
            application.accounting_years = previous.accounting_years + max(
                0, round.year - previous.round.year
            )
        application.save()
        # Carry over the self-assessment where the criteria match by code.
        by_code = {c.code: c for c in application.criteria_set.criteria.all() if c.is_scored}
        copies = []
        for entry in previous.self_assessments.select_related("criterion"):
            target = by_code.get(entry.criterion.code)
            if target is not None and entry.score <= (target.bounds[1]):
                copies.append(
                    SelfAssessment(
                        application=application,
                        criterion=target,
                        score=entry.score,
                        comment=entry.comment,
                    )
                )
        SelfAssessment.objects.bulk_create(copies)
        if copies:
            values = {copy.criterion_id: copy.score for copy in copies}
            application.self_score = evaluate(application.criteria_set.criteria.all(), values).total
            application.save(update_fields=["self_score"])
        log(
            application,
            "certification.application.reevaluation",
            user=actor(user),
            data={"certificate": certificate.number, "from": previous.number},
        )
    return application
