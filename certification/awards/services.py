"""The award's own steps around the core: recommendation, paper copy, panels, the committee,
pre-award publicity, consent, award certificates for every unit and person, and fraud bans.

draft → (recommending unit confirms) → submitted → formal review → expert review by a panel
→ panel decision (the committee votes the level) → publicity (拟授奖公示) → approved with the
awardee's consent. The core machine records every transition; these services add the rules.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from members.models import Organization
from website.core.notify import after_commit

from ..models import (
    Application,
    AwardBan,
    AwardPanel,
    AwardRound,
    AwardScheme,
    Certificate,
    CertificationError,
    CommitteeVote,
    Nomination,
    Objection,
    RecommendingUnit,
    Review,
    Round,
    Scheme,
)
from ..services.applications import (
    locked,
    start_publicity,
    submission_problems,
    withdraw_open_reviews,
)
from ..services.certificates import approve, issue_certificate, revoke_certificate
from ..services.common import (
    actor,
    day,
    invalidate_public_pages,
    is_staff,
    require_contact,
    require_reason,
    require_staff,
)
from ..services.dates import add_years
from ..services.projects import award_settings, nomination_of, project_of
from ..services.reviews import assign_expert
from .tasks import notify_nomination

Status = Application.Status
# Holder numbers of award certificates: 0 the project, 1.. the units, 101.. the persons.
PERSON_HOLDERS = 100


# Settings -----------------------------------------------------------------------------


def award_round(round: Round) -> AwardRound:
    """The round's award settings, created with the defaults when first needed."""
    settings, _created = AwardRound.objects.get_or_create(round=round)
    return settings


def award_schemes():
    return Scheme.objects.filter(award__isnull=False)


def ban_in_force(organization: Organization, on: datetime.date | None = None) -> AwardBan | None:
    return (
        AwardBan.objects.in_force(on).filter(organization=organization).order_by("-ends_on").first()
    )


def fraud_ban(scheme, organization, subject, application, today) -> list[str]:
    """Proven fraud bars the organization from nominating for any award until the ban ends."""
    if not AwardScheme.objects.filter(scheme=scheme).exists():
        return []
    ban = ban_in_force(organization, today)
    if ban is None:
        return []
    return [
        _(
            "%(organization)s may not nominate for awards until %(date)s: fraud was proven in an "
            "earlier nomination (%(reason)s)."
        )
        % {"organization": organization, "date": day(ban.ends_on), "reason": ban.reason}
    ]


# Checks at the core steps (asked through certification.awards.extension) ------------------


def nomination_complete(application: Application) -> list[str]:
    nomination = nomination_of(application)
    if nomination is None:
        return []
    problems = []
    if not nomination.level:
        problems.append(_("Choose the award level applied for."))
    if nomination.recommending_unit_id is None:
        problems.append(_("Choose a recommending unit."))
    return problems


def nomination_needs_recommendation(application: Application) -> list[str]:
    if nomination_of(application) is None:
        return []
    return [_("A nomination is submitted by its recommending unit: send it for recommendation.")]


def paper_copy_received(application: Application) -> list[str]:
    nomination = nomination_of(application)
    if nomination is None:
        return []
    problems = []
    if not nomination.state.confirmed:
        problems.append(_("The recommending unit has not confirmed the nomination."))
    if award_round(application.round).paper_copy_required and not nomination.paper_copy_received_on:
        problems.append(_("The paper copy has not been received yet."))
    return problems


def awardee_consent(application: Application) -> list[str]:
    nomination = nomination_of(application)
    if nomination is None:
        return []
    if not nomination.has_consent:
        return [_("Record the awardee's consent before conferring the award.")]
    return []


def issue_holder_certificates(application: Application, certificate: Certificate, user) -> None:
    """Award certificates for each completing unit and person, within the level's caps."""
    nomination = nomination_of(application)
    project = project_of(application)
    if nomination is None or project is None:
        return
    level = award_settings(application.scheme).level(application.final_grade)
    units = list(project.units.all())
    persons = list(project.persons.all())
    if level is not None:
        units, persons = units[: level.max_units], persons[: level.max_persons]
    for unit in units:
        issue_certificate(
            application,
            grade=application.final_grade,
            issued_on=certificate.issued_on,
            holder_order=unit.position,
            holder_name=unit.name,
            user=user,
        )
    for person in persons:
        issue_certificate(
            application,
            grade=application.final_grade,
            issued_on=certificate.issued_on,
            holder_order=PERSON_HOLDERS + person.position,
            holder_name=person.name,
            user=user,
        )


# Recommendation ---------------------------------------------------------------------------


def _nomination(application: Application) -> Nomination:
    nomination = Nomination.objects.select_for_update().filter(application=application).first()
    if nomination is None:
        raise CertificationError(_("This application is not an award nomination."))
    return nomination


def may_confirm(user, nomination: Nomination) -> bool:
    unit = nomination.recommending_unit
    return unit is not None and RecommendingUnit.objects.for_user(user).filter(pk=unit.pk).exists()


def request_recommendation(application: Application, *, user) -> Application:
    """The applicant sends the finished nomination to its recommending unit."""
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.DRAFT)
        if not application.round.is_open and not is_staff(user):
            raise CertificationError(_("The round has closed; nominations are no longer taken."))
        problems = submission_problems(application)
        if problems:
            raise CertificationError(" ".join(problems))
        nomination = _nomination(application)
        nomination.recommendation_requested_at = timezone.now()
        nomination.decline_reason = ""
        nomination.transition(Nomination.Status.PENDING, user=user, update_fields=None)
        application.transition(
            Status.ENDORSEMENT,
            user=user,
            data={"unit": nomination.recommending_unit.name},
            log_action="certification.award.request_recommendation",
        )
    after_commit(notify_nomination, application.pk, "requested")
    return application


def recall_recommendation(application: Application, *, user, reason: str = "") -> Application:
    """The applicant takes the nomination back before the unit has answered."""
    require_contact(user, application.organization)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.ENDORSEMENT)
        nomination = _nomination(application)
        nomination.transition(Nomination.Status.NOT_REQUESTED, user=user, reason=reason or "")
        application.transition(
            Status.DRAFT,
            user=user,
            reason=(reason or "").strip(),
            log_action="certification.award.recall",
        )
    return application


def confirm_recommendation(application: Application, *, user, opinion: str) -> Application:
    """The recommending unit confirms online; this submits the nomination to the association."""
    opinion = require_reason(opinion, _("Write the recommending opinion."))
    with transaction.atomic():
        application = locked(application)
        nomination = _nomination(application)
        if not (may_confirm(user, nomination) or is_staff(user)):
            raise CertificationError(_("Only the chosen recommending unit may confirm."))
        application.require_status(Status.ENDORSEMENT)
        settings = award_round(application.round)
        if timezone.localdate() > settings.last_recommendation_day and not is_staff(user):
            raise CertificationError(
                _("Recommendations were due by %(date)s.")
                % {"date": day(settings.last_recommendation_day)}
            )
        problems = submission_problems(application)
        if problems:
            raise CertificationError(" ".join(problems))
        nomination.recommendation_opinion = opinion
        nomination.recommended_by = actor(user)
        nomination.recommended_at = timezone.now()
        nomination.transition(
            Nomination.Status.CONFIRMED, user=user, reason=opinion, update_fields=None
        )
        application.submitted_at = timezone.now()
        application.transition(
            Status.SUBMITTED,
            user=user,
            reason=opinion,
            data={"unit": nomination.recommending_unit.name},
            log_action="certification.award.confirm_recommendation",
        )
    after_commit(notify_nomination, application.pk, "confirmed")
    from ..tasks import notify_staff

    after_commit(notify_staff, application.pk, "submitted")
    return application


def decline_recommendation(application: Application, *, user, reason: str) -> Application:
    """The recommending unit declines: the nomination goes back to the applicant's draft."""
    reason = require_reason(reason, _("Tell the applicant why the unit does not recommend."))
    with transaction.atomic():
        application = locked(application)
        nomination = _nomination(application)
        if not (may_confirm(user, nomination) or is_staff(user)):
            raise CertificationError(_("Only the chosen recommending unit may decline."))
        application.require_status(Status.ENDORSEMENT)
        nomination.decline_reason = reason
        nomination.transition(
            Nomination.Status.DECLINED, user=user, reason=reason, update_fields=None
        )
        application.transition(
            Status.DRAFT,
            user=user,
            reason=reason,
            log_action="certification.award.decline_recommendation",
        )
    after_commit(notify_nomination, application.pk, "declined")
    return application


# Formal review ----------------------------------------------------------------------------

PAPER_COPY_STATES = (
    Status.SUBMITTED,
    Status.RESUBMITTED,
    Status.FORMAL_REVIEW,
    Status.RETURNED,
)


def record_paper_copy(
    application: Application, *, user, received: bool = True, on: datetime.date | None = None
) -> Nomination:
    """Staff tick (or untick) "paper copy received"."""
    require_staff(user)
    with transaction.atomic():
        application = locked(application)
        application.require_status(*PAPER_COPY_STATES)
        nomination = _nomination(application)
        nomination.paper_copy_received_on = (on or timezone.localdate()) if received else None
        nomination.paper_copy_recorded_by = actor(user) if received else None
        nomination.save()
        log(
            application,
            "certification.award.paper_copy",
            user=actor(user),
            data={"received": received, "on": str(nomination.paper_copy_received_on or "")},
        )
    return nomination


# Expert review by panels ------------------------------------------------------------------


def assign_panel(
    application: Application, panel: AwardPanel, *, user, due_on: datetime.date | None = None
) -> tuple[list[Review], list[tuple[str, str]]]:
    """Assign every expert of the panel who may review the nomination.

    Experts with a declared conflict with the applicant or a completing unit, or who work for
    one of them, are left out; the second list says who and why.
    """
    require_staff(user)
    if panel.round_id != application.round_id:
        raise CertificationError(_("The panel belongs to another round."))
    assigned: list[Review] = []
    skipped: list[tuple[str, str]] = []
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.EXPERT_REVIEW)
        nomination = _nomination(application)
        nomination.panel = panel
        nomination.save(update_fields=["panel"])
        taken = set(application.reviews.active().values_list("expert_id", flat=True))
        for expert in panel.experts.select_related("person__organization").order_by("person__name"):
            if expert.pk in taken:
                continue
            try:
                with transaction.atomic():
                    assigned.append(assign_expert(application, expert, user=user, due_on=due_on))
            except CertificationError as error:
                skipped.append((expert.person.name, str(error)))
        log(
            application,
            "certification.award.assign_panel",
            user=actor(user),
            data={"panel": panel.name, "assigned": len(assigned), "skipped": len(skipped)},
        )
    return assigned, skipped


def panel_progress(round: Round) -> list[dict]:
    """Per panel: nominations and the state of their reviews, per expert."""
    panels = (
        AwardPanel.objects.filter(round=round)
        .prefetch_related("fields", "experts__person")
        .annotate(nomination_count=Count("nominations", distinct=True))
        .order_by("name")
    )
    reviews = (
        Review.objects.filter(
            application__round=round, application__nomination__panel__isnull=False
        )
        .values("application__nomination__panel", "expert", "status")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, dict[int, Counter]] = {}
    for row in reviews:
        panel_counts = counts.setdefault(row["application__nomination__panel"], {})
        panel_counts.setdefault(row["expert"], Counter())[row["status"]] += row["n"]
    result = []
    for panel in panels:
        per_expert = []
        totals: Counter = Counter()
        panel_counts = counts.get(panel.pk, {})
        for expert in panel.experts.all():
            counter = panel_counts.get(expert.pk, Counter())
            totals.update(counter)
            per_expert.append(
                {
                    "expert": expert,
                    "assigned": sum(counter.values()) - counter[Review.Status.WITHDRAWN],
                    "submitted": counter[Review.Status.SUBMITTED],
                    "open": counter[Review.Status.ASSIGNED] + counter[Review.Status.IN_PROGRESS],
                    "declined": counter[Review.Status.DECLINED],
                }
            )
        expected = (
            sum(totals.values()) - totals[Review.Status.WITHDRAWN] - totals[Review.Status.DECLINED]
        )
        result.append(
            {
                "panel": panel,
                "nominations": panel.nomination_count,
                "experts": per_expert,
                "submitted": totals[Review.Status.SUBMITTED],
                "open": totals[Review.Status.ASSIGNED] + totals[Review.Status.IN_PROGRESS],
                "declined": totals[Review.Status.DECLINED],
                "percent": round_percent(totals[Review.Status.SUBMITTED], expected),
            }
        )
    return result


def round_percent(part: int, whole: int) -> int:
    return int(part * 100 / whole) if whole else 0


# Committee ------------------------------------------------------------------------------

RANKED_STATES = (Status.PANEL_DECISION, Status.PUBLICITY, Status.APPROVED)


def ranking(round: Round) -> list[dict]:
    """The round's nominations after expert review, best score first, with the experts'
    recommended levels and the committee's votes."""
    applications = (
        Application.objects.filter(round=round, status__in=RANKED_STATES)
        .select_related("nomination", "project__field", "organization")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.submitted(), to_attr="submitted_reviews"),
            "committee_votes",
        )
        .order_by("-score", "number")
    )
    rows = []
    for rank, application in enumerate(applications, start=1):
        recommended = Counter(
            review.recommendation
            for review in application.submitted_reviews
            if review.recommendation
        )
        votes = list(application.committee_votes.all())
        rows.append(
            {
                "rank": rank,
                "application": application,
                "recommended": sorted(recommended.items()),
                "votes": votes,
                "last_vote": votes[-1] if votes else None,
            }
        )
    return rows


def record_committee_vote(
    application: Application,
    *,
    user,
    level: str,
    members_present: int,
    votes_for: int,
    votes_against: int,
    abstentions: int = 0,
    note: str = "",
) -> CommitteeVote:
    """评审委员会: record the vote on one level for one project. A passing vote fixes the level
    that goes to pre-award publicity; a failing one may be followed by a vote on a lower level."""
    require_staff(user)
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.PANEL_DECISION)
        nomination = _nomination(application)
        award = award_settings(application.scheme)
        cap = award.level(level)
        if cap is None:
            raise CertificationError(_("Choose one of the award's levels."))
        numbers = (members_present, votes_for, votes_against, abstentions)
        if any(number is None or number < 0 for number in numbers):
            raise CertificationError(_("Enter the number of members and votes."))
        size = award_round(application.round).committee_size
        if members_present * 2 <= size:
            raise CertificationError(
                _(
                    "More than half of the %(size)s committee members must be present to vote; "
                    "%(present)s were."
                )
                % {"size": size, "present": members_present}
            )
        if members_present > size:
            raise CertificationError(
                _("The committee has %(size)s members, not %(present)s.")
                % {"size": size, "present": members_present}
            )
        if votes_for + votes_against + abstentions != members_present:
            raise CertificationError(
                _("Votes for, against and abstentions must add up to the members present.")
            )
        if problems := cap_problems_for_vote(application, level):
            raise CertificationError(" ".join(problems))
        passed = cap.vote_passes(votes_for, members_present)
        vote = CommitteeVote.objects.create(
            application=application,
            level=level,
            members_present=members_present,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            passed=passed,
            note=(note or "").strip(),
            recorded_by=actor(user),
        )
        if passed:
            nomination.committee_level = level
            nomination.save(update_fields=["committee_level"])
        log(
            application,
            "certification.award.vote",
            user=actor(user),
            data={
                "level": level,
                "present": members_present,
                "for": votes_for,
                "against": votes_against,
                "abstentions": abstentions,
                "passed": passed,
            },
        )
    return vote


def cap_problems_for_vote(application: Application, level: str) -> list[str]:
    """A higher level than applied for is possible only if the project fits its caps."""
    from ..services.projects import cap_problems

    nomination = nomination_of(application)
    award = award_settings(application.scheme)
    codes = [item.code for item in award.levels.all()]
    if (
        nomination.level in codes
        and level in codes
        and codes.index(level) < codes.index(nomination.level)
    ):
        return cap_problems(application, level)
    return []


def vote_summary(vote: CommitteeVote) -> str:
    return _(
        "Committee vote on %(level)s: %(for)s for, %(against)s against, %(abstain)s abstaining "
        "of %(present)s present."
    ) % {
        "level": vote.level,
        "for": vote.votes_for,
        "against": vote.votes_against,
        "abstain": vote.abstentions,
        "present": vote.members_present,
    }


def start_award_publicity(
    application: Application, *, user, starts_on: datetime.date | None = None
) -> Application:
    """拟授奖公示 of the level the committee voted (the core's publicity and objections)."""
    require_staff(user)
    nomination = Nomination.objects.filter(application=application).first()
    if nomination is None:
        raise CertificationError(_("This application is not an award nomination."))
    if not nomination.committee_level:
        raise CertificationError(_("The committee has not voted a level for this project yet."))
    vote = (
        application.committee_votes.filter(passed=True, level=nomination.committee_level)
        .order_by("-recorded_at")
        .first()
    )
    return start_publicity(
        application,
        user=user,
        grade=nomination.committee_level,
        reason=vote_summary(vote) if vote else "",
        starts_on=starts_on,
    )


def start_round_publicity(
    round: Round, *, user, starts_on: datetime.date | None = None
) -> list[Application]:
    """Put every project the committee has voted on into pre-award publicity at once."""
    require_staff(user)
    started = []
    candidates = Application.objects.filter(
        round=round, status=Status.PANEL_DECISION, nomination__committee_level__gt=""
    ).order_by("-score")
    for application in candidates:
        started.append(start_award_publicity(application, user=user, starts_on=starts_on))
    if not started:
        raise CertificationError(_("No project with a committee vote is waiting for publicity."))
    return started


# Award -----------------------------------------------------------------------------------


def record_consent(application: Application, *, user, signatory: str) -> Nomination:
    """The awardee agrees to the award and to its publication (recorded before conferring)."""
    require_contact(user, application.organization)
    signatory = require_reason(signatory, _("Give the name of the person who signs."))
    with transaction.atomic():
        application = locked(application)
        application.require_status(Status.PUBLICITY)
        nomination = _nomination(application)
        if nomination.has_consent:
            raise CertificationError(_("The consent has already been recorded."))
        nomination.consent_at = timezone.now()
        nomination.consent_by = actor(user)
        nomination.consent_signatory = signatory[:50]
        nomination.save()
        log(
            application,
            "certification.award.consent",
            user=actor(user),
            data={"signatory": nomination.consent_signatory},
        )
    return nomination


def confer_round(round: Round, *, user, today=None) -> tuple[list[Certificate], list[tuple]]:
    """Approve every nomination whose publicity has closed, objections resolved and consent
    given; the others are listed with the reason they wait."""
    require_staff(user)
    today = today or timezone.localdate()
    conferred, waiting = [], []
    applications = Application.objects.filter(
        round=round, status=Status.PUBLICITY, nomination__isnull=False
    ).order_by("-score")
    for application in applications:
        try:
            with transaction.atomic():
                conferred.append(approve(application, user=user, today=today))
        except CertificationError as error:
            waiting.append((application, str(error)))
    return conferred, waiting


def winners(round: Round):
    """Awarded projects of a round by level, with their units and persons."""
    return (
        Application.objects.filter(round=round, status=Status.APPROVED, nomination__isnull=False)
        .exclude(
            Exists(
                Certificate.objects.filter(
                    application=OuterRef("pk"),
                    holder_order=0,
                    status=Certificate.Status.REVOKED,
                )
            )
        )
        .select_related("project", "nomination__recommending_unit")
        .prefetch_related("project__units", "project__persons")
        .order_by("final_grade", "-score", "number")
    )


# Fraud ----------------------------------------------------------------------------------

FRAUD_STATES = (
    Status.FORMAL_REVIEW,
    Status.PANEL_DECISION,
    Status.APPROVED,
    Status.REJECTED,
)


def record_fraud(
    application: Application, *, user, reason: str, starts_on: datetime.date | None = None
) -> AwardBan:
    """Proven fraud: the nomination is rejected or its award revoked, and the applicant
    organization is barred from award nominations for the scheme's ban period."""
    require_staff(user)
    reason = require_reason(reason, _("Describe the fraud that was proven."))
    award = award_settings(application.scheme)
    if award is None:
        raise CertificationError(_("This application is not an award nomination."))
    starts_on = starts_on or timezone.localdate()
    with transaction.atomic():
        application = locked(application)
        if application.status not in FRAUD_STATES:
            raise CertificationError(
                _(
                    "Fraud can be recorded at formal review, at the committee stage or after the "
                    "decision; this nomination is “%(status)s”."
                )
                % {"status": application.get_status_display()}
            )
        if application.status in (Status.FORMAL_REVIEW, Status.PANEL_DECISION):
            application.transition(Status.REJECTED, user=user, reason=reason)
            withdraw_open_reviews(application, user=user, reason=reason)
        for certificate in application.certificates.filter(
            status__in=[Certificate.Status.VALID, Certificate.Status.SUSPENDED]
        ):
            revoke_certificate(certificate, user=user, reason=reason)
        ban = AwardBan.objects.create(
            organization=application.organization,
            application=application,
            starts_on=starts_on,
            ends_on=add_years(starts_on, award.ban_years) - datetime.timedelta(days=1),
            reason=reason,
            recorded_by=actor(user),
        )
        log(
            application,
            "certification.award.fraud",
            user=actor(user),
            data={"reason": reason, "until": str(ban.ends_on)},
        )
    invalidate_public_pages()
    return ban


def lift_ban(ban: AwardBan, *, user, reason: str) -> AwardBan:
    require_staff(user)
    reason = require_reason(reason)
    with transaction.atomic():
        ban = AwardBan.objects.select_for_update().get(pk=ban.pk)
        if ban.lifted_at is not None:
            raise CertificationError(_("This ban has already been lifted."))
        ban.lifted_at = timezone.now()
        ban.lift_reason = reason
        ban.save(update_fields=["lifted_at", "lift_reason"])
        log(ban, "certification.award.lift_ban", user=actor(user), data={"reason": reason})
    return ban


# Public pages -----------------------------------------------------------------------------


def accepted(round: Round):
    """受理公示: nominations that passed formal review (and were not withdrawn)."""
    return (
        Application.objects.filter(round=round, nomination__isnull=False)
        .filter(Q(status_changes__to_status=Status.EXPERT_REVIEW))
        .exclude(status=Status.WITHDRAWN)
        .distinct()
        .select_related("project__field", "nomination__recommending_unit")
        .prefetch_related("project__units")
        .order_by("number")
    )


def in_publicity(round: Round):
    return (
        Application.objects.filter(round=round, status=Status.PUBLICITY, nomination__isnull=False)
        .select_related("project", "nomination")
        .prefetch_related("project__units", "project__persons")
        .order_by("final_grade", "-score", "number")
    )


def open_objections(application: Application) -> int:
    return application.objections.filter(status=Objection.Status.OPEN).count()


def call_context(round: Round) -> dict:
    """What an award call page shows from the round: dates, levels and caps, documents."""
    award = award_settings(round.scheme)
    return {
        "award_round": award_round(round),
        "call_round": round,
        "levels": list(award.levels.all()) if award else [],
        "documents": list(round.scheme.required_documents.all()),
        "recommending_units": list(RecommendingUnit.objects.active()),
        "today": timezone.localdate(),
    }
