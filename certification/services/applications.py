"""The application's life: one service per transition, atomic, recorded, refused when illegal.

draft → submitted → formal review (→ returned → resubmitted → formal review) → expert review
→ panel decision → publicity → approved | rejected; withdrawn by the applicant before the
panel's decision. Approval lives in certificates.py, where the certificate is issued.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import Organization
from website.core.files import EVIDENCE, accept
from website.core.models import Sequence
from website.core.notify import after_commit
from website.core.states import transition_many

from .. import extensions
from ..models import (
    Application,
    Attachment,
    CertificationError,
    Criterion,
    Plant,
    RequiredDocument,
    Review,
    Round,
    SelfAssessment,
)
from ..tasks import notify_applicant, notify_staff
from .common import (
    actor,
    day,
    invalidate_public_pages,
    is_staff,
    require_contact,
    require_reason,
    require_staff,
    store_scores,
)
from .dates import publicity_window
from .eligibility import eligibility_problems
from .holders import first_evaluation_refusal, live_certificate
from .inspections import onsite_values
from .scoring import aggregate, check_bounds, evaluate, grade_for, majority_vetoes

Status = Application.Status


def next_application_number(prefix: str, year: int) -> str:
    """XY-2026-S0001: scheme prefix, year, serial; unique and never reused."""
    value = Sequence.next_value(f"certification:application:{prefix}:{year}")
    return f"{prefix}-{year}-S{value:04d}"


def locked(application: Application) -> Application:
    """The application re-read under a row lock: every step (core or award) starts here."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("scheme", "round", "criteria_set", "organization", "plant")
        .get(pk=application.pk)
    )


def _subject_snapshot(organization: Organization, subject) -> tuple[str, str]:
    if isinstance(subject, Plant):
        return subject.name, subject.province
    if subject is not None and subject != organization:
        return str(subject), organization.province
    return organization.name, organization.province


def open_application_for(scheme, organization: Organization, subject=None) -> Application | None:
    queryset = Application.objects.open().filter(scheme=scheme, organization=organization)
    if isinstance(subject, Plant):
        queryset = queryset.filter(plant=subject)
    elif subject is not None and subject != organization:
        queryset = queryset.filter(subject_id=subject.pk)
    else:
        queryset = queryset.filter(plant__isnull=True, subject_id__isnull=True)
    return queryset.first()


def create_application(
    round: Round,
    organization: Organization,
    *,
    user,
    subject=None,
    kind: str = Application.Kind.NEW,
    previous_certificate=None,
) -> Application:
    """Start a draft in an open round. Eligibility is checked again on submission."""
    require_contact(user, organization)
    scheme = round.scheme
    # The secretariat may enter a late or paper application in a closed round.
    if not round.is_open and not is_staff(user):
        raise CertificationError(_("This round is not open for applications."))
    if scheme.uses_plants and not isinstance(subject, Plant):
        raise CertificationError(_("Choose the plant to be graded."))
    if isinstance(subject, Plant) and subject.organization_id != organization.pk:
        raise CertificationError(_("The plant must belong to the applying organization."))
    if scheme.require_good_standing and not organization.is_member_in_good_standing:
        raise CertificationError(_("Only member organizations in good standing may apply."))
    if kind == Application.Kind.NEW:
        live = live_certificate(scheme, organization, subject)
        if live is not None:
            raise CertificationError(first_evaluation_refusal(live))
    with transaction.atomic():
        # Lock the organization row so two clicks never open two drafts.
        Organization.objects.select_for_update().get(pk=organization.pk)
        existing = open_application_for(scheme, organization, subject)
        if existing is not None:
            raise CertificationError(
                _("%(subject)s already has an open application (%(number)s).")
                % {"subject": existing.subject_name, "number": existing.number}
            )
        name, province = _subject_snapshot(organization, subject)
        application = Application(
            number=next_application_number(scheme.certificate_prefix, round.year),
            scheme=scheme,
            round=round,
            criteria_set=round.criteria_set,
            kind=kind,
            organization=organization,
            plant=subject if isinstance(subject, Plant) else None,
            subject_name=name,
            province=province,
            previous_certificate=previous_certificate,
            previous_application=previous_certificate.application if previous_certificate else None,
            created_by=actor(user),
        )
        if subject is not None and not isinstance(subject, Plant | Organization):
            application.subject_object = subject
        if getattr(user, "is_authenticated", False):
            application.contact_name = user.get_full_name()
            application.contact_email = user.email
            application.contact_phone = getattr(user, "phone", "") or ""
        application.save()
        log(application, "certification.application.create", user=actor(user))
    return application


APPLICANT_FIELDS = (
    "contact_name",
    "contact_phone",
    "contact_email",
    "accounting_years",
    "summary",
    "declaration",
)


def update_details(application: Application, *, user, data: Mapping) -> Application:
    """Save what the applicant typed in the application form (draft or returned only)."""
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Status.editable_by_applicant())
        for field in APPLICANT_FIELDS:
            if field in data:
                setattr(application, field, data[field])
        application.save()
        log(application, "wagtail.edit", user=actor(user))
    return application


def _parse_points(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise CertificationError(_("“%(value)s” is not a number.") % {"value": value}) from error


def checked_scores(
    criteria: dict[int, Criterion], entries: Mapping[int, tuple[object, str]]
) -> dict:
    """Parse and bound-check a score sheet; criterion → (value or None, comment)."""
    checked = {}
    for criterion_id, (raw, comment) in entries.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None or not criterion.is_scored:
            raise CertificationError(_("This criterion does not belong to the application."))
        if criterion.on_site:
            raise CertificationError(
                _("%(code)s %(name)s is assessed on site by the inspection team.")
                % {"code": criterion.code, "name": criterion.name}
            )
        value = _parse_points(raw)
        if value is not None:
            check_bounds(criterion, value)
        checked[criterion] = (value, comment)
    return checked


def save_self_assessment(
    application: Application, *, user, entries: Mapping[int, tuple[object, str]]
) -> Decimal:
    """Store the applicant's score and explanation per criterion; returns the self total."""
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Status.editable_by_applicant())
        criteria = {c.pk: c for c in application.criteria_set.criteria.all()}
        store_scores(SelfAssessment, "application", application, checked_scores(criteria, entries))
        values = dict(application.self_assessments.values_list("criterion_id", "score"))
        application.self_score = evaluate(criteria.values(), values).total
        application.save(update_fields=["self_score", "updated_at"])
        log(application, "certification.application.self_assessment", user=actor(user))
    return application.self_score


def add_attachment(
    application: Application,
    *,
    user,
    file,
    requirement: RequiredDocument | None = None,
    criterion: Criterion | None = None,
    description: str = "",
) -> Attachment:
    """Keep an evidence file in the private storage under a safe name with its true type
    (the upload form's check is remembered, so the file is parsed once)."""
    require_contact(user, application.organization)
    kind = accept(file, EVIDENCE)
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Status.editable_by_applicant())
        if requirement is not None and requirement.scheme_id != application.scheme_id:
            raise CertificationError(_("This document is not on the scheme's checklist."))
        if criterion is not None and criterion.criteria_set_id != application.criteria_set_id:
            raise CertificationError(_("This criterion does not belong to the application."))
        attachment = Attachment(
            application=application,
            requirement=requirement,
            criterion=criterion,
            description=description.strip(),
        ).store(file, kind, user=actor(user))
        log(
            application,
            "certification.application.attachment",
            user=actor(user),
            data={"file": attachment.original_name, "added": True},
        )
    return attachment


def remove_attachment(attachment: Attachment, *, user) -> None:
    application = attachment.application
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Status.editable_by_applicant())
        name = attachment.original_name
        attachment.file.delete(save=False)
        attachment.delete()
        log(
            application,
            "certification.application.attachment",
            user=actor(user),
            data={"file": name, "added": False},
        )


def missing_documents(application: Application) -> list[RequiredDocument]:
    present = set(
        application.attachments.exclude(requirement=None).values_list("requirement_id", flat=True)
    )
    return [
        document
        for document in application.scheme.required_documents.all()
        if document.is_required and document.pk not in present
    ]


def missing_self_assessment(application: Application) -> list[Criterion]:
    done = set(application.self_assessments.values_list("criterion_id", flat=True))
    return [
        criterion
        for criterion in application.criteria_set.ordered_criteria()
        if criterion.is_scored_on_paper and criterion.pk not in done
    ]


def submission_problems(application: Application) -> list[str]:
    """Everything that keeps an application from being submitted, in plain sentences."""
    problems = eligibility_problems(
        application.scheme, application.organization, application.plant, application
    )
    if not application.declaration:
        problems.append(_("Confirm the declaration of truthfulness."))
    if not (application.contact_name and (application.contact_phone or application.contact_email)):
        problems.append(_("Give a contact person with a phone number or an email address."))
    for document in missing_documents(application):
        problems.append(_("Upload the required document “%(name)s”.") % {"name": document.name})
    missing = missing_self_assessment(application) if application.scheme.self_assessment else []
    if missing:
        problems.append(
            _("Complete the self-assessment (%(count)s criteria without a score).")
            % {"count": len(missing)}
        )
    problems.extend(extensions.problems("submit", application))
    return problems


def _require_submittable(application: Application) -> None:
    problems = submission_problems(application)
    if problems:
        raise CertificationError(" ".join(problems))


def submit(application: Application, *, user) -> Application:
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.DRAFT)
        if not application.round.is_open and not is_staff(user):
            raise CertificationError(_("The round has closed; applications are no longer taken."))
        problems = extensions.problems("self_submit", application)
        if problems:
            raise CertificationError(" ".join(problems))
        _require_submittable(application)
        application.submitted_at = timezone.now()
        application.transition(
            Status.SUBMITTED, user=user, log_action="certification.application.submit"
        )
    after_commit(notify_applicant, application.pk, "submitted")
    after_commit(notify_staff, application.pk, "submitted")
    return application


def resubmit(application: Application, *, user, reason: str = "") -> Application:
    """Answer a return for correction."""
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.RETURNED)
        due = application.correction_due_on
        if due is not None and timezone.localdate() > due and not is_staff(user):
            raise CertificationError(
                _("The corrections were due on %(date)s; contact the secretariat.")
                % {"date": day(due)}
            )
        _require_submittable(application)
        application.submitted_at = timezone.now()
        application.transition(
            Status.RESUBMITTED,
            user=user,
            reason=reason.strip(),
            log_action="certification.application.resubmit",
        )
    after_commit(notify_staff, application.pk, "resubmitted")
    return application


def withdraw_open_reviews(application: Application, *, user, reason: str) -> None:
    """The application leaves expert review for good: its open reviews end, each recorded."""
    transition_many(
        application.reviews.filter(status__in=[Review.Status.ASSIGNED, Review.Status.IN_PROGRESS]),
        Review.Status.WITHDRAWN,
        user=user,
        reason=reason,
    )


def withdraw(application: Application, *, user, reason: str = "") -> Application:
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(*Status.withdrawable())
        application.transition(
            Status.WITHDRAWN,
            user=user,
            reason=reason.strip(),
            log_action="certification.application.withdraw",
        )
        withdraw_open_reviews(application, user=user, reason=reason.strip())
    after_commit(notify_staff, application.pk, "withdrawn")
    return application


def start_formal_review(application: Application, *, user) -> Application:
    require_staff(user)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.SUBMITTED, Status.RESUBMITTED)
        application.transition(
            Status.FORMAL_REVIEW, user=user, log_action="certification.application.formal_review"
        )
    return application


def save_formal_checklist(
    application: Application, *, user, checklist: Mapping[str, bool], note: str = ""
) -> Application:
    require_staff(user)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.FORMAL_REVIEW)
        application.formal_checklist = {
            **{str(key): bool(value) for key, value in checklist.items()},
            **({"note": note.strip()} if note.strip() else {}),
        }
        application.save(update_fields=["formal_checklist", "updated_at"])
        log(application, "certification.application.checklist", user=actor(user))
    return application


def return_for_correction(
    application: Application, *, user, reason: str, due_on=None
) -> Application:
    """Back to the applicant with what to correct and, optionally, by when."""
    require_staff(user)
    reason = require_reason(reason, _("Tell the applicant what to correct."))
    if due_on is not None and due_on < timezone.localdate():
        raise CertificationError(_("The deadline for corrections cannot be in the past."))
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.FORMAL_REVIEW)
        application.correction_request = reason
        application.correction_due_on = due_on
        application.transition(
            Status.RETURNED,
            user=user,
            reason=reason,
            data={"due_on": str(due_on)} if due_on else None,
            log_action="certification.application.return",
        )
    after_commit(notify_applicant, application.pk, "returned")
    return application


def accept_for_expert_review(
    application: Application, *, user, checklist: Mapping[str, bool] | None = None
) -> Application:
    """Formal review passed: every required document is present and ticked on the checklist."""
    require_staff(user)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.FORMAL_REVIEW)
        if checklist is not None:
            application.formal_checklist = {
                **application.formal_checklist,
                **{str(key): bool(value) for key, value in checklist.items()},
            }
        missing = missing_documents(application)
        if missing:
            raise CertificationError(
                _("Required documents are missing: %(names)s.")
                % {"names": "、".join(document.name for document in missing)}
            )
        unchecked = [
            document.name
            for document in application.scheme.required_documents.all()
            if document.is_required and not application.formal_checklist.get(str(document.pk))
        ]
        if unchecked:
            raise CertificationError(
                _("Tick every required document on the checklist first: %(names)s.")
                % {"names": "、".join(unchecked)}
            )
        problems = extensions.problems("accept", application)
        if problems:
            raise CertificationError(" ".join(problems))
        application.correction_request = ""
        application.correction_due_on = None
        # Plant grading visits the plant before the experts grade it.
        target = (
            Status.ON_SITE_INSPECTION
            if application.scheme.on_site_inspection
            else Status.EXPERT_REVIEW
        )
        application.transition(target, user=user, log_action="certification.application.accept")
    after_commit(notify_applicant, application.pk, "accepted")
    return application


def reject(application: Application, *, user, reason: str) -> Application:
    require_staff(user)
    reason = require_reason(reason)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.FORMAL_REVIEW, Status.PANEL_DECISION)
        application.transition(
            Status.REJECTED, user=user, reason=reason, log_action="certification.application.reject"
        )
        withdraw_open_reviews(application, user=user, reason=reason)
    after_commit(notify_applicant, application.pk, "rejected")
    return application


def compute_result(application: Application) -> dict:
    """Aggregate the submitted reviews: score, veto items, proposed grade."""
    reviews = list(application.reviews.submitted())
    if not reviews:
        raise CertificationError(_("There is no submitted review to aggregate."))
    criteria_set = application.criteria_set
    totals = [review.total for review in reviews]
    onsite = onsite_values(application)
    if onsite:
        # The team's on-site deductions count in every expert's total (the tree caps them).
        criteria = list(criteria_set.criteria.all())
        totals = [
            evaluate(criteria, {**dict(r.scores.values_list("criterion_id", "score")), **onsite})
            for r in reviews
        ]
        onsite_vetoes = sorted({code for result in totals for code in result.vetoes})
        totals = [result.total for result in totals]
    else:
        onsite_vetoes = []
    score = aggregate(totals, application.scheme.aggregation)
    vetoes = sorted({*majority_vetoes([review.vetoes for review in reviews]), *onsite_vetoes})
    vetoed = [c for c in criteria_set.criteria.all() if c.code in vetoes]
    grade = grade_for(list(criteria_set.grade_bands.all()), score, vetoed)
    return {"score": score, "vetoes": vetoes, "grade": grade}


def close_expert_review(application: Application, *, user) -> Application:
    """Every assigned expert has answered: aggregate and hand over to the panel."""
    require_staff(user)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.EXPERT_REVIEW)
        reviews = list(application.reviews.select_for_update())
        pending = [r for r in reviews if r.is_open]
        if pending:
            raise CertificationError(
                _("%(count)s expert review(s) are still open.") % {"count": len(pending)}
            )
        submitted = [r for r in reviews if r.status == Review.Status.SUBMITTED]
        needed = application.scheme.min_reviews or 1
        if len(submitted) < needed:
            raise CertificationError(
                _("At least %(needed)s submitted expert reviews are needed; there are %(count)s.")
                % {"needed": needed, "count": len(submitted)}
            )
        problems = panel_problems(application.scheme, [review.expert for review in submitted])
        problems += extensions.problems("close_review", application)
        if problems:
            raise CertificationError(" ".join(problems))
        result = compute_result(application)
        application.score = result["score"]
        application.vetoes = result["vetoes"]
        application.proposed_grade = result["grade"].code if result["grade"] else ""
        application.final_grade = ""
        application.grade_reason = ""
        application.transition(
            Status.PANEL_DECISION,
            user=user,
            data={"score": str(application.score), "grade": application.proposed_grade},
            log_action="certification.application.close_review",
        )
    return application


def panel_grade(application: Application, grade: str | None, reason: str) -> tuple[str, str]:
    """The grade the panel decides: the proposed one, or another with a written reason."""
    bands = {band.code: band for band in application.criteria_set.grade_bands.all()}
    grade = (grade or application.proposed_grade or "").strip()
    if not grade:
        raise CertificationError(_("The score reaches no grade; reject the application instead."))
    if grade not in bands:
        raise CertificationError(_("“%(grade)s” is not a grade of this scheme.") % {"grade": grade})
    reason = (reason or "").strip()
    if grade != application.proposed_grade and not reason:
        raise CertificationError(
            _("The panel may set a grade other than %(proposed)s only with a written reason.")
            % {"proposed": application.proposed_grade or "—"}
        )
    if not bands[grade].certified:
        raise CertificationError(
            _("Grade %(grade)s is not certified; reject the application instead.")
            % {"grade": bands[grade].label}
        )
    return grade, reason


def employer_of(person) -> tuple[str, str]:
    """(key, name) of the organization a person works for, registered or only named: experts
    from universities and institutes are often not registered organizations, and the rule
    "at most two from one organization" must count them too."""
    name = person.organization.name if person.organization_id else person.employer_name
    name = (name or "").strip()
    key = "".join(unicodedata.normalize("NFKC", name).split()).casefold()
    return key, name


def panel_problems(scheme, experts) -> list[str]:
    """The scheme's rules on the panel's make-up: size, odd number, experts per organization."""
    problems = []
    count = len(experts)
    if scheme.max_reviews and count > scheme.max_reviews:
        problems.append(
            _("A panel has at most %(max)s experts; there are %(count)s.")
            % {"max": scheme.max_reviews, "count": count}
        )
    if scheme.odd_panel and count % 2 == 0:
        problems.append(
            _("The panel needs an odd number of experts; there are %(count)s.") % {"count": count}
        )
    limit = scheme.max_experts_per_organization
    if limit:
        by_employer: dict[str, list[str]] = {}
        labels: dict[str, str] = {}
        for expert in experts:
            key, label = employer_of(expert.person)
            if key:
                by_employer.setdefault(key, []).append(expert.person.name)
                labels[key] = label
        for key, members in by_employer.items():
            if len(members) > limit:
                problems.append(
                    _("At most %(max)s experts may come from %(organization)s (%(names)s).")
                    % {"max": limit, "organization": labels[key], "names": "、".join(members)}
                )
    return problems


def send_back_to_review(application: Application, *, user, reason: str) -> Application:
    """The panel wants more (or other) expert opinions."""
    require_staff(user)
    reason = require_reason(reason)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.PANEL_DECISION)
        application.transition(
            Status.EXPERT_REVIEW,
            user=user,
            reason=reason,
            log_action="certification.application.reopen",
        )
    return application


def start_publicity(
    application: Application,
    *,
    user,
    grade: str | None = None,
    reason: str = "",
    starts_on=None,
) -> Application:
    """The panel's decision: the grade (the proposed one, or another with a written reason)
    goes to public notice for the scheme's window."""
    require_staff(user)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.PANEL_DECISION)
        if not application.scheme.has_publicity:
            raise CertificationError(
                _("This scheme decides without public notice; approve the result instead.")
            )
        grade, reason = panel_grade(application, grade, reason)
        start, end = publicity_window(application.scheme, starts_on or timezone.localdate())
        application.final_grade = grade
        application.grade_reason = reason
        application.publicity_starts_on = start
        application.publicity_ends_on = end
        application.transition(
            Status.PUBLICITY,
            user=user,
            reason=reason,
            data={"grade": grade, "starts_on": str(start), "ends_on": str(end)},
            log_action="certification.application.publicity",
        )
    invalidate_public_pages()
    after_commit(notify_applicant, application.pk, "publicity")
    return application
