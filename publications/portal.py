"""The member portal's 信息报送 section: the user's submissions and their outcome."""

from __future__ import annotations

from members.access import member_access

from .models import NewsSubmission


def submissions_section(request, user) -> dict | None:
    submissions = list(NewsSubmission.objects.filter(submitted_by=user).select_related("page")[:5])
    # The organizations this request already read (the portal menu asks too): the rule of
    # services.submissions.organizations_for_submission without reading them again.
    allowed = bool(member_access(request).organizations_in_good_standing)
    if not submissions and not allowed:
        return None
    return {"submissions": submissions, "can_submit": allowed}
