"""Helpers every service module shares."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from members.access import is_contact
from website.core.cache import invalidate

from ..models import CertificationError


def day(value) -> str:
    """A date as people read it in messages: 2026年12月20日 in Chinese, not 2026-12-20."""
    return date_format(value, "DATE_FORMAT") if value else "—"


def actor(user):
    return user if getattr(user, "is_authenticated", False) else None


def require_reason(reason: str, message: str | None = None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError(message or _("Please give a written reason."))
    return reason


def require_contact(user, organization) -> None:
    """Applicant-side actions: only the organization's contacts (or certification staff)."""
    if getattr(user, "is_authenticated", False) and (
        user.has_perm("certification.process_application") or is_contact(user, organization)
    ):
        return
    raise CertificationError(_("Only contacts of %(name)s may do this.") % {"name": organization})


def is_staff(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_perm(
        "certification.process_application"
    )


def require_staff(user) -> None:
    if not is_staff(user):
        raise CertificationError(_("Only certification staff may do this."))


def store_scores(model, owner_field: str, owner, values: dict) -> None:
    """Write a score sheet in a few queries: values maps criterion → (score or None, comment).

    Rows of cleared scores are deleted, new ones created, changed ones updated in bulk.
    """
    existing = {row.criterion_id: row for row in model.objects.filter(**{owner_field: owner})}
    to_create, to_update, to_delete = [], [], []
    for criterion, (score, comment) in values.items():
        row = existing.get(criterion.pk)
        if score is None:
            if row is not None:
                to_delete.append(row.pk)
            continue
        comment = (comment or "").strip()
        if row is None:
            to_create.append(
                model(**{owner_field: owner}, criterion=criterion, score=score, comment=comment)
            )
        elif row.score != score or row.comment != comment:
            row.score, row.comment = score, comment
            to_update.append(row)
    if to_delete:
        model.objects.filter(pk__in=to_delete).delete()
    if to_create:
        model.objects.bulk_create(to_create)
    if to_update:
        model.objects.bulk_update(to_update, ["score", "comment"])


def invalidate_public_pages() -> None:
    """Empty the cached register, publicity and award pages (now and again after commit)."""
    invalidate("register")
