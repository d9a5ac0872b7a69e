"""The back office's actions of the on-site step, each calling one service
(website.core.backoffice): the inspection's own actions (the team's and staff's), planning
from the application's processing page, and the plaque on the certificate's page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website.core.backoffice import Action, ConfirmForm

from ..models import Rectification
from ..services import inspections
from ..services.common import is_staff
from .forms import (
    ChecklistForm,
    FindingForm,
    PlanForm,
    PlaqueForm,
    RectificationDecisionForm,
    RectificationRequestForm,
    VisitForm,
)

PROCESS = "certification.process_application"


def with_inspection(inspection) -> dict:
    return {"inspection": inspection}


def team_only(user, inspection) -> bool:
    return inspections.is_inspector(user, inspection)


def team_or_staff(user, inspection) -> bool:
    return inspections.may_follow_up(user, inspection)


def _open(inspection) -> bool:
    return not inspection.state.closed


def _has_submitted(inspection) -> bool:
    return (
        inspection.state.visited
        and inspection.rectifications.filter(status=Rectification.Status.SUBMITTED).exists()
    )


# The inspection (its viewset's actions) -----------------------------------------------------


def _visit(inspection, user, data):
    inspections.record_visit(
        inspection, user=user, visited_on=data["visited_on"], summary=data["summary"]
    )
    return _("Visit recorded.")


def _checklist(inspection, user, data):
    form = ChecklistForm(data=None, inspection=inspection)
    form.cleaned_data = data
    inspections.save_checklist(inspection, user=user, checklist=form.checklist())
    return _("Checklist saved.")


def _finding(inspection, user, data):
    inspections.add_finding(
        inspection,
        user=user,
        description=data["description"],
        criterion=data["criterion"],
        deduction=data["deduction"] or 0,
        photos=data["photos"],
    )
    return _("Finding recorded.")


def _request(inspection, user, data):
    inspections.request_rectification(
        inspection,
        user=user,
        request=data["request"],
        due_on=data["due_on"],
        finding=data["finding"],
    )
    return _("Rectification requested; the plant answers in the member portal.")


def _accept(inspection, user, data):
    inspections.accept_rectification(data["rectification"], user=user, note=data["note"])
    return _("Rectification accepted.")


def _return(inspection, user, data):
    inspections.return_rectification(data["rectification"], user=user, note=data["note"])
    return _("Evidence returned to the plant.")


def _close(inspection, user, data):
    inspections.close_inspection(inspection, user=user)
    return _("Inspection closed; the application is in expert review.")


INSPECTION_ACTIONS = (
    Action(
        "visit",
        gettext_lazy("Record the visit"),
        VisitForm,
        _visit,
        lambda i: i.state.planned,
        permission="",
        allowed=team_only,
    ),
    Action(
        "checklist",
        gettext_lazy("Checklist"),
        ChecklistForm,
        _checklist,
        _open,
        permission="",
        allowed=team_only,
        form_kwargs=with_inspection,
    ),
    Action(
        "finding",
        gettext_lazy("Record a finding"),
        FindingForm,
        _finding,
        lambda i: i.state.visited,
        permission="",
        allowed=team_only,
        form_kwargs=with_inspection,
        intro=gettext_lazy(
            "Only members of the inspection team record findings and on-site deductions."
        ),
    ),
    Action(
        "request_rectification",
        gettext_lazy("Request rectification"),
        RectificationRequestForm,
        _request,
        lambda i: i.state.visited,
        permission="",
        allowed=team_or_staff,
        form_kwargs=with_inspection,
    ),
    Action(
        "accept_rectification",
        gettext_lazy("Accept rectification"),
        RectificationDecisionForm,
        _accept,
        _has_submitted,
        permission="",
        allowed=team_or_staff,
        form_kwargs=with_inspection,
    ),
    Action(
        "return_rectification",
        gettext_lazy("Return evidence"),
        RectificationDecisionForm,
        _return,
        _has_submitted,
        permission="",
        allowed=team_or_staff,
        form_kwargs=with_inspection,
        danger=True,
    ),
    Action(
        "close",
        gettext_lazy("Close the inspection"),
        ConfirmForm,
        _close,
        lambda i: i.state.visited,
        permission="",
        allowed=team_or_staff,
        intro=gettext_lazy(
            "Every rectification request must be accepted. The application then goes to the "
            "expert review."
        ),
    ),
)


# The application's processing page -------------------------------------------------------


def _plan(application, user, data):
    experts, staff = list(data["experts"]), list(data["staff"])
    leader = (experts or staff or [None])[0]
    inspections.plan_inspection(
        application,
        user=user,
        planned_on=data["planned_on"],
        experts=experts,
        staff=staff,
        leader=leader,
    )
    return _("Inspection planned.")


def _may_plan(application) -> bool:
    if not application.state.on_site_inspection:
        return False
    inspection = getattr(application, "inspection", None)
    return inspection is None or inspection.state.planned


PLAN_ACTION = Action(
    "plan_inspection",
    gettext_lazy("Plan the on-site inspection"),
    PlanForm,
    _plan,
    _may_plan,
    permission=PROCESS,
)


# The certificate's page --------------------------------------------------------------------


def _plaque(certificate, user, data):
    plaque = inspections.issue_plaque(certificate, user=user, issued_on=data["issued_on"])
    return _("Plaque %(number)s issued.") % {"number": plaque.number}


def _may_issue_plaque(certificate) -> bool:
    return (
        certificate.scheme.on_site_inspection
        and certificate.plant_id is not None
        and certificate.state.valid
        and getattr(certificate, "plaque", None) is None
    )


PLAQUE_ACTION = Action(
    "issue_plaque",
    gettext_lazy("Issue the plaque"),
    PlaqueForm,
    _plaque,
    _may_issue_plaque,
    permission=PROCESS,
    allowed=lambda user, certificate: is_staff(user),
)
