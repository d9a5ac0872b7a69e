"""Group standards: status changes by the rules of DESIGN §5 and the public comments."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from publications.models import GroupStandardPage, StandardComment
from publications.models.common import PublicationError
from publications.models.standards import normalize_standard_number
from website.core.states import StatusChange, record_change

Status = GroupStandardPage.Status


def change_standard_status(
    standard: GroupStandardPage,
    status: str,
    *,
    user,
    reason: str = "",
    closes_on: datetime.date | None = None,
    number: str = "",
    published_on: datetime.date | None = None,
    implemented_on: datetime.date | None = None,
) -> StatusChange:
    """Move a standard to its next stage, atomically, with a record and an audit entry."""
    if status not in Status.values:
        raise PublicationError(_("Unknown status."))
    reason = reason.strip()
    with transaction.atomic():
        standard = GroupStandardPage.objects.select_for_update().get(pk=standard.pk)
        if not standard.can_change_to(status):
            raise PublicationError(
                _("A standard cannot go from “%(from)s” to “%(to)s”.")
                % {"from": standard.get_status_display(), "to": Status(status).label}
            )
        # Sending a draft back or ending a standard needs a written reason.
        going_back = status == Status.DRAFTING and standard.status != Status.PROPOSED
        if (going_back or status == Status.WITHDRAWN) and not reason:
            raise PublicationError(_("Give the reason for this change."))
        today = timezone.localdate()
        fields = []
        if status == Status.CONSULTATION:
            if closes_on is None:
                raise PublicationError(_("Set the date the comments close."))
            days = (closes_on - today).days
            if days < GroupStandardPage.MIN_CONSULTATION_DAYS:
                raise PublicationError(
                    _("Comments stay open for at least %(days)d days (until %(date)s or later).")
                    % {
                        "days": GroupStandardPage.MIN_CONSULTATION_DAYS,
                        "date": today + datetime.timedelta(GroupStandardPage.MIN_CONSULTATION_DAYS),
                    }
                )
            standard.consultation_opens_on = today
            standard.consultation_closes_on = closes_on
            fields += ["consultation_opens_on", "consultation_closes_on"]
        if status == Status.PUBLISHED and standard.status == Status.APPROVED:
            try:
                standard.number = normalize_standard_number(number or standard.number)
            except ValidationError as error:
                raise PublicationError(error.messages[0]) from error
            clash = GroupStandardPage.objects.filter(number=standard.number).exclude(pk=standard.pk)
            if clash.exists():
                raise PublicationError(_("Another standard already has this number."))
            standard.published_on = published_on or today
            if implemented_on and implemented_on < standard.published_on:
                raise PublicationError(_("A standard cannot take effect before it is published."))
            standard.implemented_on = implemented_on
            fields += ["number", "published_on", "implemented_on"]
        # The live row changes in place; drafts keep these values (see with_content_json).
        change = standard.transition(
            status,
            user=user,
            reason=reason,
            update_fields=fields,
            log_action="publications.standard.status",
        )
    return change


def record_initial_status(standard: GroupStandardPage, *, user=None) -> None:
    """A standard's first publication starts its history."""
    if not standard.status_history().exists():
        record_change(standard, "", standard.status, user=user)


def submit_comment(
    standard: GroupStandardPage,
    *,
    name: str,
    organization: str,
    contact: str,
    clause: str,
    comment: str,
    proposed_change: str = "",
) -> StandardComment:
    """A visitor's comment on a draft open for comments."""
    if not standard.live or not standard.is_open_for_comment:
        raise PublicationError(_("This draft is not open for comments."))
    with transaction.atomic():
        record = StandardComment.objects.create(
            standard=standard,
            name=name.strip(),
            organization=organization.strip(),
            contact=contact.strip(),
            clause=clause.strip(),
            comment=comment.strip(),
            proposed_change=proposed_change.strip(),
        )
        log(record, "publications.comment.submit", data={"standard": standard.pk})
    return record


def handle_comment(
    comment: StandardComment, *, user, decision: str, note: str = ""
) -> StandardComment:
    """Record how the drafters handled a comment (意见处理)."""
    Decision = StandardComment.Decision
    if decision not in Decision.values or decision == Decision.PENDING:
        raise PublicationError(_("Choose how the comment was handled."))
    note = note.strip()
    if decision != Decision.ACCEPTED and not note:
        raise PublicationError(_("Explain why the comment was not, or only partly, accepted."))
    with transaction.atomic():
        comment = StandardComment.objects.select_for_update().get(pk=comment.pk)
        previous = comment.decision
        comment.decision = decision
        comment.handling_note = note
        comment.handled_by = user if getattr(user, "is_authenticated", False) else None
        comment.handled_at = timezone.now()
        comment.save(update_fields=["decision", "handling_note", "handled_by", "handled_at"])
        log(
            comment,
            "publications.comment.handle",
            user=user,
            data={"from": previous, "to": decision, "note": note},
        )
    return comment
