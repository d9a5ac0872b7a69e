from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .viewsets import CertificationViewSetGroup


@hooks.register("register_admin_viewset")
def register_certification_viewsets():
    return CertificationViewSetGroup()


LOG_ACTIONS = [
    (
        "certification.application.create",
        pgettext_lazy("certification", "Start application"),
        pgettext_lazy("certification", "Application started"),
    ),
    ("certification.application.self_assessment", _("Self-assess"), _("Self-assessment saved")),
    ("certification.application.attachment", _("Change evidence"), _("Evidence file changed")),
    (
        "certification.application.submit",
        pgettext_lazy("certification", "Submit application"),
        pgettext_lazy("certification", "Application submitted"),
    ),
    ("certification.application.resubmit", _("Resubmit application"), _("Application resubmitted")),
    ("certification.application.withdraw", _("Withdraw application"), _("Application withdrawn")),
    (
        "certification.application.formal_review",
        _("Start formal review"),
        _("Formal review started"),
    ),
    (
        "certification.application.checklist",
        _("Save checklist"),
        _("Formal review checklist saved"),
    ),
    ("certification.application.return", _("Return for correction"), _("Returned for correction")),
    (
        "certification.application.accept",
        _("Accept for expert review"),
        _("Accepted for expert review"),
    ),
    (
        "certification.application.reject",
        pgettext_lazy("certification", "Reject application"),
        pgettext_lazy("certification", "Application rejected"),
    ),
    ("certification.application.close_review", _("Close expert review"), _("Expert review closed")),
    ("certification.application.reopen", _("Send back to review"), _("Sent back to expert review")),
    ("certification.application.publicity", _("Start publicity"), _("Publicity started")),
    (
        "certification.application.approve",
        pgettext_lazy("certification", "Approve application"),
        pgettext_lazy("certification", "Application approved"),
    ),
    (
        "certification.application.reevaluation",
        _("Start re-evaluation"),
        _("Re-evaluation started"),
    ),
    ("certification.review.assign", _("Assign expert"), _("Expert assigned")),
    ("certification.review.withdraw", _("Withdraw assignment"), _("Assignment withdrawn")),
    (
        "certification.review.no_conflict",
        _("Declare no conflict"),
        _("No conflict of interest declared"),
    ),
    ("certification.review.conflict", _("Declare conflict"), _("Conflict of interest declared")),
    ("certification.review.submit", _("Submit review"), _("Review submitted")),
    ("certification.review.reopen", _("Reopen review"), _("Review reopened")),
    ("certification.review.draw", _("Draw a panel"), _("Panel drawn")),
    ("certification.review.reserve", _("Replace with a reserve"), _("Reserve expert assigned")),
    (
        "certification.review.paper",
        _("Enter paper score sheet"),
        _("Paper score sheet entered by staff"),
    ),
    ("certification.expert.invite", _("Invite expert"), _("Expert invited")),
    ("certification.expert.accept", _("Accept invitation"), _("Expert invitation accepted")),
    ("certification.objection.lodge", _("Lodge objection"), _("Objection lodged")),
    ("certification.objection.resolve", _("Resolve objection"), _("Objection resolved")),
    ("certification.certificate.issue", _("Issue certificate"), _("Certificate issued")),
    ("certification.certificate.suspend", _("Suspend certificate"), _("Certificate suspended")),
    (
        "certification.certificate.reinstate",
        _("Reinstate certificate"),
        _("Certificate reinstated"),
    ),
    ("certification.certificate.revoke", _("Revoke certificate"), _("Certificate revoked")),
    ("certification.certificate.expire", _("Expire certificate"), _("Certificate expired")),
    (
        "certification.certificate.recheck",
        _("Record annual re-check"),
        _("Annual re-check recorded"),
    ),
]


@hooks.register("register_log_actions")
def register_certification_log_actions(actions):
    from .applicant_admin import LOG_ACTIONS as APPLICANT_LOG_ACTIONS
    from .awards.admin import LOG_ACTIONS as AWARD_LOG_ACTIONS
    from .plants.log_actions import LOG_ACTIONS as PLANT_LOG_ACTIONS

    for action, label, message in [
        *LOG_ACTIONS,
        *AWARD_LOG_ACTIONS,
        *APPLICANT_LOG_ACTIONS,
        *PLANT_LOG_ACTIONS,
    ]:
        actions.register_action(action, label, message)


class CertificationPanel(Component):
    """The admin home's queue counts for certification staff."""

    name = "certification"
    order = 150
    template_name = "certification/admin/home_panel.html"

    def get_context_data(self, parent_context):
        from .admin_views import state_counts
        from .models import Application

        schemes, counts = state_counts()
        queues = []
        for value, label in Application.Status.choices:
            if value in Application.Status.final() or value == Application.Status.DRAFT:
                continue
            total = sum(n for (scheme, status), n in counts.items() if status == value)
            if total:
                queues.append((value, label, total))
        return {"queues": queues}


@hooks.register("construct_homepage_panels")
def add_certification_panel(request, panels):
    if request.user.has_perm("certification.process_application"):
        panels.append(CertificationPanel())
