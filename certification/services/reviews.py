"""Expert review: assignment without conflicts, declaration, scoring, submission."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import Expert, ExpertConflict
from website.core.files import SCANS, accept
from website.core.notify import after_commit

from .. import extensions
from ..models import Application, CertificationError, Objection, Review, ReviewScore
from ..tasks import notify_expert, notify_staff
from .applications import checked_scores, employer_of
from .common import actor, require_reason, require_staff, store_scores
from .scoring import evaluate

Status = Review.Status


def assignable_experts(application: Application) -> QuerySet[Expert]:
    """Available experts without a declared conflict with the applicant, not yet assigned.

    Each carries `same_organization`: staff are warned before assigning a colleague of the
    applicant.
    """
    organizations = extensions.parties(application)
    taken = application.reviews.active().values("expert_id")
    return (
        Expert.objects.available()
        .exclude(conflicts__organization__in=organizations)
        .exclude(pk__in=taken)
        .select_related("person", "person__organization")
        .prefetch_related("fields")
        .annotate(
            same_organization=Case(
                When(person__organization__in=organizations, then=Value(True)),
                default=Value(False),
            )
        )
        .order_by("same_organization", "person__name")
    )


def assign_expert(
    application: Application,
    expert: Expert,
    *,
    user,
    due_on=None,
    confirm_same_organization: bool = False,
) -> Review:
    require_staff(user)
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("scheme", "organization")
            .get(pk=application.pk)
        )
        application.require_status(Application.Status.EXPERT_REVIEW)
        if not expert.is_active or expert.availability == Expert.Availability.UNAVAILABLE:
            raise CertificationError(_("This expert is not available."))
        organizations = extensions.parties(application)
        conflict = (
            ExpertConflict.objects.filter(expert=expert, organization__in=organizations)
            .select_related("organization")
            .first()
        )
        if conflict is not None:
            raise CertificationError(
                _("%(expert)s has declared a conflict of interest with %(organization)s.")
                % {"expert": expert.person.name, "organization": conflict.organization}
            )
        same = any(expert.is_same_organization(organization) for organization in organizations)
        if same and not confirm_same_organization:
            raise CertificationError(
                _("%(expert)s works for the applicant. Confirm to assign anyway.")
                % {"expert": expert.person.name}
            )
        active = list(application.reviews.active().select_related("expert__person__organization"))
        if any(review.expert_id == expert.pk for review in active):
            raise CertificationError(_("This expert is already assigned."))
        scheme = application.scheme
        if scheme.max_reviews and len(active) >= scheme.max_reviews:
            raise CertificationError(
                _("The panel is full: at most %(max)s experts.") % {"max": scheme.max_reviews}
            )
        limit = scheme.max_experts_per_organization
        key, employer = employer_of(expert.person)
        if limit and key:
            colleagues = [
                review.expert.person.name
                for review in active
                if employer_of(review.expert.person)[0] == key
            ]
            if len(colleagues) >= limit:
                raise CertificationError(
                    _(
                        "At most %(max)s experts may come from %(organization)s; "
                        "%(names)s already sit on this panel."
                    )
                    % {"max": limit, "organization": employer, "names": "、".join(colleagues)}
                )
        review = Review.objects.create(
            application=application,
            expert=expert,
            same_organization=same,
            assigned_by=actor(user),
            due_on=due_on,
        )
        log(
            application,
            "certification.review.assign",
            user=actor(user),
            data={"expert": expert.person.name, "same_organization": same},
        )
        if expert.person.user_id is None:
            # Without an account the expert is invited to create one (when the pool has an
            # address); otherwise staff enter the signed paper score sheet.
            if expert.person.email:
                from .invitations import invite_expert

                invite_expert(expert, user=user, review=review)
            return review
    after_commit(notify_expert, review.pk, "assigned")
    return review


def withdraw_review(review: Review, *, user, reason: str = "") -> Review:
    require_staff(user)
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if not review.is_open:
            raise CertificationError(_("Only an open review can be withdrawn."))
        review.transition(
            Status.WITHDRAWN, user=user, reason=reason, log_action="certification.review.withdraw"
        )
    return review


def _own(review: Review, user) -> Review:
    """Lock the review; only its expert may act on it."""
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("application__scheme", "expert__person", "application__criteria_set")
        .get(pk=review.pk)
    )
    if not getattr(user, "is_authenticated", False) or review.expert.person.user_id != user.pk:
        raise CertificationError(_("This review is assigned to another expert."))
    return review


def declare_no_conflict(review: Review, *, user) -> Review:
    with transaction.atomic():
        review = _own(review, user)
        if review.status != Status.ASSIGNED:
            raise CertificationError(_("The declaration has already been made."))
        if review.application.status != Application.Status.EXPERT_REVIEW:
            raise CertificationError(_("The application is no longer in expert review."))
        review.declared_at = timezone.now()
        review.transition(
            Status.IN_PROGRESS,
            user=user,
            update_fields=["declared_at"],
            log_action="certification.review.no_conflict",
        )
    return review


def declare_conflict(review: Review, *, user, reason: str) -> Review:
    """The expert recuses: the review is declined and the conflict joins the expert's record."""
    reason = require_reason(reason, _("Describe the conflict of interest."))
    with transaction.atomic():
        review = _own(review, user)
        if review.status not in (Status.ASSIGNED, Status.IN_PROGRESS):
            raise CertificationError(_("A submitted review cannot be declined."))
        review.declared_at = timezone.now()
        review.conflict_reason = reason
        review.transition(
            Status.DECLINED,
            user=user,
            reason=reason,
            update_fields=["declared_at", "conflict_reason"],
            log_action="certification.review.conflict",
        )
        ExpertConflict.objects.get_or_create(
            expert=review.expert,
            organization=review.application.organization,
            defaults={"reason": reason[:200]},
        )
    after_commit(notify_staff, review.application_id, "review_declined")
    return review


def save_scores(
    review: Review,
    *,
    user,
    entries: Mapping[int, tuple[object, str]],
    opinion: str | None = None,
    recommendation: str | None = None,
) -> Review:
    """Keep the expert's scores so far; bounds are checked for every value entered."""
    with transaction.atomic():
        review = _own(review, user)
        if review.status != Status.IN_PROGRESS:
            raise CertificationError(
                _("Scores can only be changed while the review is in progress.")
            )
        criteria = {c.pk: c for c in review.application.criteria_set.criteria.all()}
        store_scores(ReviewScore, "review", review, checked_scores(criteria, entries))
        if opinion is not None:
            review.opinion = opinion.strip()
        if recommendation is not None:
            review.recommendation = recommendation.strip()
        values = dict(review.scores.values_list("criterion_id", "score"))
        result = evaluate(criteria.values(), values)
        review.total = result.total
        review.vetoes = result.vetoes
        review.save()
    return review


def submit_review(review: Review, *, user) -> Review:
    """Final: every criterion scored; afterwards the review is read-only."""
    with transaction.atomic():
        review = _own(review, user)
        if review.status == Status.SUBMITTED:
            raise CertificationError(_("This review has already been submitted."))
        if review.status != Status.IN_PROGRESS:
            raise CertificationError(_("Declare that you have no conflict of interest first."))
        if review.application.status != Application.Status.EXPERT_REVIEW:
            raise CertificationError(_("The application is no longer in expert review."))
        criteria = list(review.application.criteria_set.criteria.all())
        values = dict(review.scores.values_list("criterion_id", "score"))
        result = evaluate(criteria, values)
        if result.missing:
            raise CertificationError(
                _("Score every criterion before submitting (missing: %(codes)s).")
                % {"codes": ", ".join(result.missing)}
            )
        if review.application.scheme.recommendation_required:
            codes = set(review.application.criteria_set.grade_bands.values_list("code", flat=True))
            if review.recommendation not in codes:
                raise CertificationError(_("Recommend a grade before submitting."))
        review.total = result.total
        review.vetoes = result.vetoes
        review.submitted_at = timezone.now()
        review.transition(
            Status.SUBMITTED,
            user=user,
            data={"total": str(review.total), "vetoes": review.vetoes},
            update_fields=None,
            log_action="certification.review.submit",
        )
    after_commit(notify_staff, review.application_id, "review_submitted")
    return review


def objection_behind_reopening(review: Review) -> Objection | None:
    """The upheld objection that sent the application back to review after this review was
    submitted, if any: what the expert is asked to reconsider."""
    objections = Objection.objects.filter(
        application_id=review.application_id, status=Objection.Status.UPHELD
    )
    if review.submitted_at is not None:
        objections = objections.filter(resolved_at__gte=review.submitted_at)
    return objections.order_by("-resolved_at", "-pk").first()


def reopen_review(
    review: Review, *, user, reason: str, objection: Objection | None = None
) -> Review:
    """Staff give a submitted review back to its expert (after an upheld objection, say); the
    expert sees the reason, and the objection and its outcome, in the inbox and the email."""
    require_staff(user)
    reason = require_reason(reason)
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("application")
            .get(pk=review.pk)
        )
        if review.status != Status.SUBMITTED:
            raise CertificationError(_("Only a submitted review can be reopened."))
        if review.application.status != Application.Status.EXPERT_REVIEW:
            raise CertificationError(_("The application is not in expert review."))
        if objection is None:
            objection = objection_behind_reopening(review)
        elif objection.application_id != review.application_id:
            raise CertificationError(_("This objection concerns another application."))
        review.submitted_at = None
        review.reopen_reason = reason
        review.reopened_for = objection
        review.transition(
            Status.IN_PROGRESS,
            user=user,
            reason=reason,
            data={"objection": objection.pk} if objection else None,
            update_fields=["submitted_at", "reopen_reason", "reopened_for"],
            log_action="certification.review.reopen",
        )
    after_commit(notify_expert, review.pk, "reopened")
    return review


def enter_paper_review(
    review: Review,
    *,
    user,
    entries: Mapping[int, tuple[object, str]],
    sheet,
    opinion: str = "",
    recommendation: str = "",
) -> Review:
    """Staff record an expert's signed paper score sheet: the scan is kept with the review,
    the scores are stored and the review is submitted, marked as entered by staff. The
    signed sheet carries the expert's declaration of no conflict."""
    require_staff(user)
    if not sheet:
        raise CertificationError(_("Attach the scan of the signed score sheet."))
    kind = accept(sheet, SCANS)
    with transaction.atomic():
        review = (
            Review.objects.select_for_update(of=("self",))
            .select_related("application__scheme", "application__criteria_set", "expert__person")
            .get(pk=review.pk)
        )
        if review.status not in (Status.ASSIGNED, Status.IN_PROGRESS):
            raise CertificationError(
                _("Only an open review can be entered from a paper score sheet.")
            )
        application = review.application
        if application.status != Application.Status.EXPERT_REVIEW:
            raise CertificationError(_("The application is no longer in expert review."))
        criteria = {c.pk: c for c in application.criteria_set.criteria.all()}
        checked = checked_scores(criteria, entries)
        values = {c.pk: value for c, (value, _comment) in checked.items() if value is not None}
        result = evaluate(criteria.values(), values)
        if result.missing:
            raise CertificationError(
                _("Score every criterion before submitting (missing: %(codes)s).")
                % {"codes": ", ".join(result.missing)}
            )
        if application.scheme.recommendation_required:
            codes = set(application.criteria_set.grade_bands.values_list("code", flat=True))
            if recommendation not in codes:
                raise CertificationError(_("Recommend a grade before submitting."))
        now = timezone.now()
        label = _("Entered by staff from the signed paper score sheet")
        if review.status == Status.ASSIGNED:
            review.declared_at = now
            review.transition(
                Status.IN_PROGRESS,
                user=user,
                reason=label,
                data={"on_paper": True},
                update_fields=["declared_at"],
                log_action="certification.review.no_conflict",
            )
        store_scores(ReviewScore, "review", review, checked)
        review.opinion = (opinion or "").strip()
        review.recommendation = (recommendation or "").strip()
        review.total = result.total
        review.vetoes = result.vetoes
        review.submitted_at = now
        review.entered_by = actor(user)
        review.entered_at = now
        review.paper_sheet_name = sheet.name
        review.paper_sheet.save(sheet.name, sheet, save=False)
        review.transition(
            Status.SUBMITTED,
            user=user,
            reason=label,
            data={
                "total": str(review.total),
                "vetoes": review.vetoes,
                "on_paper": True,
                "entered_by": user.get_full_name() or user.email,
                "paper_sheet": sheet.name,
                "content_type": kind.content_type,
            },
            update_fields=None,
            log_action="certification.review.paper",
        )
    after_commit(notify_staff, review.application_id, "review_submitted")
    return review
