"""The member portal's 信息报送 section: the user's submissions and their outcome."""

from __future__ import annotations

from .models import NewsSubmission
from .services.submissions import can_submit


def submissions_section(request, user) -> dict | None:
    submissions = list(NewsSubmission.objects.filter(submitted_by=user).select_related("page")[:5])
    allowed = can_submit(user)
    if not submissions and not allowed:
        return None
    return {"submissions": submissions, "can_submit": allowed}
