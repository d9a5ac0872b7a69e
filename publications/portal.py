"""The member portal's 信息报送 section: the user's submissions and their outcome."""

from __future__ import annotations

from members.access import member_access
from website.core.kept_sql import kept_sql

from .models import NewsSubmission


def submissions_section(request, user) -> dict | None:
    submissions = _recent_submissions(user.pk)
    # The organizations this request already read (the portal menu asks too): the rule of
    # services.submissions.organizations_for_submission without reading them again.
    allowed = bool(member_access(request).organizations_in_good_standing)
    if not submissions and not allowed:
        return None
    return {"submissions": submissions, "can_submit": allowed}


@kept_sql
def _recent_submissions(user_id: int):
    return NewsSubmission.objects.filter(submitted_by_id=user_id).select_related("page")[:5]
