"""年审 from the portal: the holder submits the year's material before the re-check is due,
staff review it and decide keep, downgrade, suspend or cancel (record_annual_check), and a
daily sweep reminds holders who have not submitted."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from website.core.files import EVIDENCE, accept
from website.core.notify import after_commit

from ..models import (
    AnnualCheck,
    AnnualCheckFile,
    AnnualCheckReminder,
    AnnualCheckSubmission,
    Certificate,
    CertificationError,
)
from ..tasks_annual import notify_annual_check
from .certificates import record_annual_check
from .common import actor, day, is_staff, require_contact, require_staff
from .finance import MAX_LIABILITY_RATIO, _parse

# The portal takes the material from this many days before the re-check is due until the day.
WINDOW_DAYS = 90
REMIND_DAYS = 30
FIGURES = ("revenue", "profit", "total_assets", "total_liabilities")
LIVE = (Certificate.Status.VALID, Certificate.Status.SUSPENDED)


def opens_on(check: AnnualCheck) -> datetime.date:
    return check.due_on - datetime.timedelta(days=WINDOW_DAYS)


def material_year(check: AnnualCheck) -> int:
    """The accounting year the material reports: the last full year before the due date."""
    return check.due_on.year - 1


def is_open_for_material(check: AnnualCheck, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        check.status == AnnualCheck.Status.PENDING
        and check.certificate.status in LIVE
        and opens_on(check) <= today <= check.due_on
    )


def check_figures(year: int, values: Mapping[str, object]) -> dict[str, Decimal]:
    parsed = {field: _parse(values.get(field), year, field) for field in FIGURES}
    for field in ("revenue", "total_assets", "total_liabilities"):
        if parsed[field] < 0:
            raise CertificationError(
                _("%(year)s: the figures cannot be negative (except the profit).") % {"year": year}
            )
    if parsed["total_assets"] == 0:
        raise CertificationError(_("%(year)s: total assets cannot be zero.") % {"year": year})
    if parsed["total_liabilities"] > parsed["total_assets"] * MAX_LIABILITY_RATIO:
        raise CertificationError(
            _(
                "%(year)s: total liabilities are more than %(times)s times the total assets; "
                "check the unit (10k yuan)."
            )
            % {"year": year, "times": MAX_LIABILITY_RATIO}
        )
    if parsed["profit"] > parsed["revenue"]:
        raise CertificationError(
            _("%(year)s: the net profit cannot exceed the operating revenue.") % {"year": year}
        )
    return parsed


def submit_annual_check(
    check: AnnualCheck,
    *,
    user,
    figures: Mapping[str, object],
    changes: str = "",
    incidents: str = "",
    statements: Iterable = (),
    others: Iterable = (),
    today: datetime.date | None = None,
) -> AnnualCheckSubmission:
    """Submit (or, until staff have reviewed it, complete) the material for one re-check."""
    today = today or timezone.localdate()
    certificate = check.certificate
    require_contact(user, certificate.organization)
    year = material_year(check)
    values = check_figures(year, figures)
    statements = [(file, accept(file, EVIDENCE)) for file in statements]
    others = [(file, accept(file, EVIDENCE)) for file in others]
    with transaction.atomic():
        check = (
            AnnualCheck.objects.select_for_update(of=("self",))
            .select_related("certificate")
            .get(pk=check.pk)
        )
        if check.status != AnnualCheck.Status.PENDING:
            raise CertificationError(_("This annual check has already been decided."))
        if check.certificate.status not in LIVE:
            raise CertificationError(_("Only a valid or suspended certificate is re-checked."))
        if today > check.due_on and not is_staff(user):
            raise CertificationError(
                _("The material was due on %(date)s; contact the secretariat.")
                % {"date": day(check.due_on)}
            )
        if today < opens_on(check) and not is_staff(user):
            raise CertificationError(
                _("The annual check opens for material on %(date)s.")
                % {"date": day(opens_on(check))}
            )
        submission = AnnualCheckSubmission.objects.filter(annual_check=check).first()
        if submission is not None and not submission.state.submitted:
            raise CertificationError(_("The secretariat has already reviewed this material."))
        has_statements = bool(statements) or (
            submission is not None
            and submission.files.filter(kind=AnnualCheckFile.Kind.STATEMENTS).exists()
        )
        if not has_statements:
            raise CertificationError(
                _("Upload the financial statements of %(year)s.") % {"year": year}
            )
        if submission is None:
            submission = AnnualCheckSubmission(annual_check=check)
        submission.year = year
        for field, value in values.items():
            setattr(submission, field, value)
        submission.changes = changes.strip()
        submission.incidents = incidents.strip()
        submission.submitted_by = actor(user)
        submission.submitted_at = timezone.now()
        submission.save()
        for kind, files in (
            (AnnualCheckFile.Kind.STATEMENTS, statements),
            (AnnualCheckFile.Kind.OTHER, others),
        ):
            for upload, found in files:
                AnnualCheckFile(submission=submission, kind=kind).store(
                    upload, found, user=actor(user)
                )
        log(
            check.certificate,
            "certification.certificate.annual_material",
            user=actor(user),
            data={"check": check.sequence, "year": year},
        )
    after_commit(notify_annual_check, check.pk, "submitted")
    return submission


def review_annual_check(
    submission: AnnualCheckSubmission,
    *,
    user,
    outcome: str,
    reason: str,
    grade: str = "",
    today: datetime.date | None = None,
) -> Certificate | None:
    """Staff decide on the material: the re-check's outcome changes the certificate through its
    state machine (record_annual_check), and the material is marked reviewed, atomically."""
    require_staff(user)
    with transaction.atomic():
        submission = AnnualCheckSubmission.objects.select_for_update().get(pk=submission.pk)
        if not submission.state.submitted:
            raise CertificationError(_("This material has already been reviewed."))
        new_certificate = record_annual_check(
            submission.annual_check,
            user=user,
            outcome=outcome,
            reason=reason,
            grade=grade,
            today=today,
        )
        submission.transition(
            AnnualCheckSubmission.Status.REVIEWED,
            user=user,
            reason=reason,
            data={"outcome": outcome},
            log_action="certification.certificate.annual_review",
        )
    return new_certificate


def send_annual_check_reminders(*, today: datetime.date | None = None) -> int:
    """Remind holders once as the due date approaches and once when it has passed without
    material. Idempotent: each reminder is a row (unique per check and kind)."""
    today = today or timezone.localdate()
    pending = (
        AnnualCheck.objects.filter(
            status=AnnualCheck.Status.PENDING,
            certificate__status__in=LIVE,
            due_on__lte=today + datetime.timedelta(days=REMIND_DAYS),
            submission__isnull=True,
        )
        .exclude(reminders__kind=AnnualCheckReminder.Kind.OVERDUE)
        .values_list("pk", "due_on")
    )
    count = 0
    for pk, due_on in list(pending):
        kind = (
            AnnualCheckReminder.Kind.OVERDUE
            if today > due_on
            else AnnualCheckReminder.Kind.UPCOMING
        )
        try:
            with transaction.atomic():
                _reminder, created = AnnualCheckReminder.objects.get_or_create(
                    annual_check_id=pk, kind=kind, defaults={"sent_on": today}
                )
        except IntegrityError:  # another sweep sent it meanwhile
            continue
        if created:
            after_commit(notify_annual_check, pk, f"reminder_{kind}")
            count += 1
    return count


def pending_checks_for(certificates) -> list[AnnualCheck]:
    """The holder's re-checks still to answer, with their material if any (the portal list)."""
    return list(
        AnnualCheck.objects.filter(
            certificate__in=certificates,
            certificate__status__in=LIVE,
            status=AnnualCheck.Status.PENDING,
        )
        .select_related("certificate", "submission")
        .order_by("due_on")
    )
