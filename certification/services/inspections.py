"""On-site inspection (现场核查), rectification (整改) and the plaque (标牌) of plant grading.

formal review → on-site inspection (planned → visited → closed, with rectification requests
each requested → submitted → accepted | returned → submitted ...) → expert review. Only the
team records findings and the deductions of on-site items; the team or staff ask for and
judge rectification; the plant answers from the portal. Closing needs every request accepted.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import Expert
from website.core.files import EVIDENCE, IMAGES, accept
from website.core.models import Sequence as NumberSequence
from website.core.notify import after_commit

from ..models import (
    Application,
    Certificate,
    CertificationError,
    Criterion,
    Finding,
    FindingPhoto,
    Inspection,
    InspectionMember,
    Plaque,
    Rectification,
    RectificationEvidence,
)
from ..models.inspections import TEAM_MAX, TEAM_MIN
from ..tasks import notify_applicant, notify_staff
from .common import actor, day, invalidate_public_pages, is_staff, require_contact, require_staff

Status = Application.Status


# Who may do what -------------------------------------------------------------------------


def is_inspector(user, inspection: Inspection) -> bool:
    """A member of the inspection team (by the account that acts for them)."""
    return inspection.has_member(user)


def may_follow_up(user, inspection: Inspection) -> bool:
    """The team and certification staff ask for and judge rectification."""
    return is_staff(user) or is_inspector(user, inspection)


def _require_inspector(user, inspection: Inspection) -> None:
    if not is_inspector(user, inspection):
        raise CertificationError(_("Only members of the inspection team may do this."))


def _require_follow_up(user, inspection: Inspection) -> None:
    if not may_follow_up(user, inspection):
        raise CertificationError(_("Only the inspection team and certification staff may do this."))


def _locked(inspection: Inspection) -> Inspection:
    return (
        Inspection.objects.select_for_update(of=("self",))
        .select_related("application__scheme", "application__criteria_set")
        .get(pk=inspection.pk)
    )


def _require_on_site(application: Application) -> None:
    if not application.state.on_site_inspection:
        raise CertificationError(_("The application is not in on-site inspection."))


# Planning ---------------------------------------------------------------------------------


def plan_inspection(
    application: Application,
    *,
    user,
    planned_on: datetime.date,
    experts: Sequence[Expert] = (),
    staff: Sequence = (),
    leader=None,
) -> Inspection:
    """Name the team (2–3 experts of the pool or staff users) and the date; again while
    planned to change them. `leader` is one of the experts or staff users."""
    require_staff(user)
    experts, staff = list(dict.fromkeys(experts)), list(dict.fromkeys(staff))
    size = len(experts) + len(staff)
    if not TEAM_MIN <= size <= TEAM_MAX:
        raise CertificationError(
            _("An inspection team has %(min)s to %(max)s members; %(count)s were chosen.")
            % {"min": TEAM_MIN, "max": TEAM_MAX, "count": size}
        )
    if planned_on is None:
        raise CertificationError(_("Give the date of the inspection."))
    if planned_on < timezone.localdate():
        raise CertificationError(_("The inspection date cannot be in the past."))
    for person in staff:
        if not is_staff(person):
            raise CertificationError(
                _("%(name)s is not certification staff.") % {"name": person.get_full_name()}
            )
    from .applications import locked

    with transaction.atomic():
        application = locked(application)
        _require_on_site(application)
        for expert in experts:
            if not expert.is_active:
                raise CertificationError(
                    _("%(name)s is not active in the expert pool.") % {"name": expert.person.name}
                )
            if expert.is_same_organization(application.organization) or expert.has_conflict_with(
                application.organization
            ):
                raise CertificationError(
                    _("%(name)s has a conflict of interest with %(organization)s.")
                    % {"name": expert.person.name, "organization": application.organization}
                )
        inspection = Inspection.objects.filter(application=application).first()
        if inspection is None:
            inspection = Inspection.objects.create(
                application=application, planned_on=planned_on, planned_by=actor(user)
            )
        else:
            inspection.require_status(Inspection.Status.PLANNED)
            inspection.planned_on = planned_on
            inspection.planned_by = actor(user)
            inspection.save(update_fields=["planned_on", "planned_by", "updated_at"])
            inspection.members.all().delete()
        members = [InspectionMember(inspection=inspection, expert=expert) for expert in experts] + [
            InspectionMember(inspection=inspection, user=person) for person in staff
        ]
        for member in members:
            chosen = member.expert if member.expert_id else member.user
            if leader is not None and chosen == leader:
                member.role = InspectionMember.Role.LEADER
        InspectionMember.objects.bulk_create(members)
        log(
            inspection,
            "certification.inspection.plan",
            user=actor(user),
            data={"planned_on": str(planned_on), "team": [str(m) for m in members]},
        )
    after_commit(notify_applicant, application.pk, "inspection_planned")
    return inspection


def save_checklist(
    inspection: Inspection, *, user, checklist: Mapping[int, tuple[bool, str]]
) -> Inspection:
    """Tick the criteria the team checked on site, with a note each."""
    with transaction.atomic():
        inspection = _locked(inspection)
        _require_inspector(user, inspection)
        if inspection.state.closed:
            raise CertificationError(_("The inspection is closed."))
        criteria = {c.pk for c in inspection.application.criteria_set.criteria.all()}
        saved = {}
        for criterion_id, (checked, note) in checklist.items():
            if int(criterion_id) not in criteria:
                raise CertificationError(_("This criterion does not belong to the application."))
            note = (note or "").strip()
            if checked or note:
                saved[str(int(criterion_id))] = {"checked": bool(checked), "note": note}
        inspection.checklist = saved
        inspection.save(update_fields=["checklist", "updated_at"])
        log(inspection, "certification.inspection.checklist", user=actor(user))
    return inspection


def record_visit(
    inspection: Inspection, *, user, visited_on: datetime.date, summary: str = ""
) -> Inspection:
    with transaction.atomic():
        inspection = _locked(inspection)
        _require_inspector(user, inspection)
        if visited_on is None or visited_on > timezone.localdate():
            raise CertificationError(_("The visit date cannot be in the future."))
        inspection.visited_on = visited_on
        inspection.summary = (summary or "").strip()
        inspection.transition(
            Inspection.Status.VISITED,
            user=user,
            update_fields=["visited_on", "summary"],
            log_action="certification.inspection.visit",
        )
    return inspection


# Findings ---------------------------------------------------------------------------------


def _check_deduction(inspection: Inspection, criterion: Criterion | None, deduction: Decimal):
    if deduction < 0:
        raise CertificationError(_("A deduction cannot be negative."))
    if not deduction:
        return
    if criterion is None or not criterion.on_site:
        raise CertificationError(
            _("Only items assessed on site take deductions from findings; choose one.")
        )
    if criterion.kind == Criterion.Kind.VETO:
        if deduction != 1:
            raise CertificationError(_("An on-site veto item is found (1) or not (0)."))
        return
    taken = Finding.objects.filter(inspection=inspection, criterion=criterion).aggregate(
        total=Sum("deduction")
    )["total"] or Decimal("0")
    if taken + deduction > (criterion.max_points or 0):
        raise CertificationError(
            _("%(code)s %(name)s takes off at most %(max)s points; %(taken)s are taken already.")
            % {
                "code": criterion.code,
                "name": criterion.name,
                "max": criterion.max_points,
                "taken": taken,
            }
        )


def add_finding(
    inspection: Inspection,
    *,
    user,
    description: str,
    criterion: Criterion | None = None,
    deduction: Decimal | int | str = 0,
    photos: Iterable = (),
) -> Finding:
    """A finding of the team, with photos (checked images in the private storage)."""
    description = (description or "").strip()
    if not description:
        raise CertificationError(_("Describe the finding."))
    deduction = Decimal(str(deduction or 0))
    photos = list(photos)
    kinds = [accept(photo, IMAGES) for photo in photos]
    with transaction.atomic():
        inspection = _locked(inspection)
        _require_inspector(user, inspection)
        inspection.require_status(Inspection.Status.VISITED)
        if criterion is not None and criterion.criteria_set_id != (
            inspection.application.criteria_set_id
        ):
            raise CertificationError(_("This criterion does not belong to the application."))
        _check_deduction(inspection, criterion, deduction)
        finding = Finding.objects.create(
            inspection=inspection,
            criterion=criterion,
            description=description,
            deduction=deduction,
            recorded_by=actor(user),
        )
        for photo, kind in zip(photos, kinds, strict=True):
            FindingPhoto(finding=finding).store(photo, kind, user=actor(user))
        log(
            inspection,
            "certification.inspection.finding",
            user=actor(user),
            data={
                "finding": description[:200],
                "criterion": criterion.code if criterion else "",
                "deduction": str(deduction),
            },
        )
    return finding


def onsite_values(application: Application) -> dict[int, Decimal]:
    """The values of the on-site items: the team's deductions summed per criterion (1 for a
    veto found). Empty for an application without an inspection."""
    rows = (
        Finding.objects.filter(inspection__application=application, criterion__on_site=True)
        .values("criterion_id", "criterion__kind")
        .annotate(total=Sum("deduction"))
    )
    values = {}
    for row in rows:
        total = row["total"] or Decimal("0")
        if row["criterion__kind"] == Criterion.Kind.VETO:
            total = Decimal("1") if total >= 1 else Decimal("0")
        values[row["criterion_id"]] = total
    return values


# Rectification ------------------------------------------------------------------------------


def request_rectification(
    inspection: Inspection,
    *,
    user,
    request: str,
    due_on: datetime.date,
    finding: Finding | None = None,
) -> Rectification:
    request = (request or "").strip()
    if not request:
        raise CertificationError(_("Say what the plant must rectify."))
    if due_on is None:
        raise CertificationError(_("Give the deadline of the rectification."))
    if due_on < timezone.localdate():
        raise CertificationError(_("The deadline cannot be in the past."))
    with transaction.atomic():
        inspection = _locked(inspection)
        _require_follow_up(user, inspection)
        inspection.require_status(Inspection.Status.VISITED)
        if finding is not None and finding.inspection_id != inspection.pk:
            raise CertificationError(_("This finding belongs to another inspection."))
        rectification = Rectification.objects.create(
            inspection=inspection,
            finding=finding,
            request=request,
            due_on=due_on,
            requested_by=actor(user),
        )
        log(
            inspection,
            "certification.inspection.rectification",
            user=actor(user),
            data={"request": request[:200], "due_on": str(due_on)},
        )
    after_commit(notify_applicant, inspection.application_id, "rectification")
    return rectification


def _locked_rectification(rectification: Rectification) -> Rectification:
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("inspection__application__organization")
        .get(pk=rectification.pk)
    )


def submit_evidence(
    rectification: Rectification, *, user, files: Iterable = (), response: str = ""
) -> Rectification:
    """The plant's answer: what was done, with files (photos, reports, invoices ...)."""
    files = list(files)
    application = rectification.inspection.application
    require_contact(user, application.organization)
    kinds = [accept(upload, EVIDENCE) for upload in files]
    response = (response or "").strip()
    with transaction.atomic():
        rectification = _locked_rectification(rectification)
        application = rectification.inspection.application
        _require_on_site(application)
        if not rectification.awaits_plant:
            raise CertificationError(_("This rectification is not waiting for evidence."))
        if not files and not rectification.evidence.exists():
            raise CertificationError(_("Attach at least one file as evidence."))
        if not response:
            raise CertificationError(_("Describe what was rectified."))
        for upload, kind in zip(files, kinds, strict=True):
            RectificationEvidence(rectification=rectification).store(upload, kind, user=actor(user))
        rectification.response = response
        rectification.transition(
            Rectification.Status.SUBMITTED,
            user=user,
            update_fields=["response"],
            data={"files": [upload.name for upload in files]},
            log_action="certification.rectification.submit",
        )
    after_commit(notify_staff, application.pk, "rectification_submitted")
    return rectification


def accept_rectification(rectification: Rectification, *, user, note: str = "") -> Rectification:
    with transaction.atomic():
        rectification = _locked_rectification(rectification)
        _require_follow_up(user, rectification.inspection)
        rectification.review_note = (note or "").strip()
        rectification.transition(
            Rectification.Status.ACCEPTED,
            user=user,
            reason=rectification.review_note,
            update_fields=["review_note"],
            log_action="certification.rectification.accept",
        )
    return rectification


def return_rectification(rectification: Rectification, *, user, note: str) -> Rectification:
    note = (note or "").strip()
    if not note:
        raise CertificationError(_("Tell the plant what is still missing."))
    with transaction.atomic():
        rectification = _locked_rectification(rectification)
        _require_follow_up(user, rectification.inspection)
        rectification.review_note = note
        rectification.transition(
            Rectification.Status.RETURNED,
            user=user,
            reason=note,
            update_fields=["review_note"],
            log_action="certification.rectification.return",
        )
    after_commit(notify_applicant, rectification.inspection.application_id, "rectification")
    return rectification


def close_problems(inspection: Inspection) -> list[str]:
    problems = []
    if not inspection.state.visited:
        problems.append(_("Record the visit first."))
    open_requests = [r for r in inspection.rectifications.all() if r.is_open]
    if open_requests:
        problems.append(
            _("%(count)s rectification request(s) are not accepted yet.")
            % {"count": len(open_requests)}
        )
    return problems


def close_inspection(inspection: Inspection, *, user) -> Inspection:
    """Every rectification accepted: the inspection closes and grading (expert review) starts."""
    from .applications import locked

    with transaction.atomic():
        inspection = _locked(inspection)
        _require_follow_up(user, inspection)
        application = locked(inspection.application)
        _require_on_site(application)
        problems = close_problems(inspection)
        if problems:
            raise CertificationError(" ".join(problems))
        inspection.transition(
            Inspection.Status.CLOSED, user=user, log_action="certification.inspection.close"
        )
        application.transition(
            Status.EXPERT_REVIEW,
            user=user,
            data={"deductions": {str(k): str(v) for k, v in onsite_values(application).items()}},
            log_action="certification.application.inspected",
        )
    after_commit(notify_applicant, application.pk, "inspected")
    return inspection


# The plaque -------------------------------------------------------------------------------


def next_plaque_number(certificate: Certificate, year: int) -> str:
    """FS-P2026-0001: the scheme's prefix, P for plaque, the year and a serial never reused."""
    prefix = certificate.scheme.certificate_prefix
    value = NumberSequence.next_value(f"certification:plaque:{prefix}:{year}")
    return f"{prefix}-P{year}-{value:04d}"


def issue_plaque(
    certificate: Certificate, *, user, issued_on: datetime.date | None = None
) -> Plaque:
    """标牌 for a valid certificate of a plant graded on site; one per certificate."""
    require_staff(user)
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update(of=("self",))
            .select_related("scheme", "application")
            .get(pk=certificate.pk)
        )
        if not certificate.scheme.on_site_inspection or certificate.application.plant_id is None:
            raise CertificationError(_("Plaques are issued for graded plants only."))
        if not certificate.state.valid:
            raise CertificationError(_("Plaques are issued for valid certificates only."))
        if Plaque.objects.filter(certificate=certificate).exists():
            raise CertificationError(_("This certificate already has a plaque."))
        if issued_on < certificate.issued_on:
            raise CertificationError(
                _("The plaque cannot be issued before the certificate (%(date)s).")
                % {"date": day(certificate.issued_on)}
            )
        plaque = Plaque.objects.create(
            certificate=certificate,
            number=next_plaque_number(certificate, issued_on.year),
            issued_on=issued_on,
            issued_by=actor(user),
        )
        log(
            certificate,
            "certification.certificate.plaque",
            user=actor(user),
            data={"plaque": plaque.number, "issued_on": str(issued_on)},
        )
    invalidate_public_pages()
    return plaque
