"""Business rules of the publications app. Views, the admin, signals and the demo call these.

branches:    branch sections and their editors' group and rights
submissions: member news submission and the editors' decisions
bulletins:   members-only issues
standards:   group standards' status changes and public comments
workflows:   the editorial workflow
"""

from publications.models.common import PublicationError

from .branches import ensure_branch_section, sync_branch_editors
from .bulletins import sync_bulletin_access
from .standards import change_standard_status, handle_comment, submit_comment
from .submissions import decline_submission, revise_submission, submit_news
from .workflows import assign_editorial_workflow, editorial_workflow

__all__ = [
    "PublicationError",
    "assign_editorial_workflow",
    "change_standard_status",
    "decline_submission",
    "editorial_workflow",
    "ensure_branch_section",
    "handle_comment",
    "revise_submission",
    "submit_comment",
    "submit_news",
    "sync_branch_editors",
    "sync_bulletin_access",
]
