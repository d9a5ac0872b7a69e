"""Certification rules. Views, the admin, commands, the demo and other apps call these.

Each state change is one function: it locks the row, checks the state machine, records the
change (who, when, from, to, why) in the app's history table and in Wagtail's audit log, and
enqueues the emails after commit. A broken rule raises CertificationError.
"""

from ..models import CertificationError

# Projects (awards, achievement evaluations) register their rules with the hooks on import.
from . import awards, hooks, projects  # noqa: E402
from .applications import (
    accept_for_expert_review,
    add_attachment,
    close_expert_review,
    compute_result,
    create_application,
    missing_documents,
    missing_self_assessment,
    next_application_number,
    open_application_for,
    panel_grade,
    panel_problems,
    reject,
    remove_attachment,
    resubmit,
    return_for_correction,
    save_formal_checklist,
    save_self_assessment,
    send_back_to_review,
    start_formal_review,
    start_publicity,
    submission_problems,
    submit,
    update_details,
    withdraw,
)
from .certificates import (
    approve,
    approve_without_publicity,
    can_reevaluate,
    expire_certificates,
    next_certificate_number,
    record_annual_check,
    reinstate_certificate,
    revoke_certificate,
    send_expiry_reminders,
    start_reevaluation,
    suspend_certificate,
)
from .criteria import copy_criteria_set, publish_criteria_set, retire_criteria_set, validate_tree
from .dates import publicity_window
from .eligibility import eligibility_problems
from .publicity import is_real_name, lodge_objection, resolve_objection
from .reviews import (
    assign_expert,
    assignable_experts,
    declare_conflict,
    declare_no_conflict,
    reopen_review,
    save_scores,
    submit_review,
    withdraw_review,
)

__all__ = [
    "CertificationError",
    "accept_for_expert_review",
    "add_attachment",
    "approve",
    "approve_without_publicity",
    "assign_expert",
    "awards",
    "assignable_experts",
    "can_reevaluate",
    "close_expert_review",
    "compute_result",
    "copy_criteria_set",
    "create_application",
    "declare_conflict",
    "declare_no_conflict",
    "eligibility_problems",
    "expire_certificates",
    "is_real_name",
    "lodge_objection",
    "missing_documents",
    "missing_self_assessment",
    "next_application_number",
    "next_certificate_number",
    "hooks",
    "open_application_for",
    "panel_grade",
    "panel_problems",
    "projects",
    "publicity_window",
    "publish_criteria_set",
    "record_annual_check",
    "reinstate_certificate",
    "reject",
    "remove_attachment",
    "reopen_review",
    "resolve_objection",
    "resubmit",
    "retire_criteria_set",
    "return_for_correction",
    "revoke_certificate",
    "save_formal_checklist",
    "save_scores",
    "save_self_assessment",
    "send_back_to_review",
    "send_expiry_reminders",
    "start_formal_review",
    "start_publicity",
    "start_reevaluation",
    "submission_problems",
    "submit",
    "submit_review",
    "suspend_certificate",
    "update_details",
    "validate_tree",
    "withdraw",
    "withdraw_review",
]
