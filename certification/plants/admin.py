"""The on-site step in the back office: the inspections (listing, the inspection's page with
the team's and staff's actions) and the plant's section of the application's processing page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from website.core.backoffice import (
    ActionsMixin,
    ListingQueryMixin,
    RecordInspectView,
    SafeExportIndexView,
    ServiceManagedMixin,
)

from ..admin_views import ProcessExtension
from ..models import CertificationError, Inspection
from ..services import inspections
from .actions import INSPECTION_ACTIONS, PLAN_ACTION
from .forms import PlanForm


class InspectionPageView(RecordInspectView):
    """The inspection with its team, checklist, findings (photos) and rectification requests."""

    template_name = "certification/plants/admin/inspection.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        inspection = self.object
        criteria = {c.pk: c for c in inspection.application.criteria_set.criteria.all()}
        checklist = [
            (criteria[int(pk)], line)
            for pk, line in sorted(
                inspection.checklist.items(), key=lambda item: criteria[int(item[0])].sort_key
            )
            if int(pk) in criteria
        ]
        context.update(
            inspection=inspection,
            application=inspection.application,
            plant=inspection.application.plant,
            members=inspection.members.select_related("expert__person", "user"),
            checklist=checklist,
            findings=inspection.findings.select_related("criterion").prefetch_related("photos"),
            rectifications=inspection.rectifications.select_related("finding").prefetch_related(
                "evidence"
            ),
            close_problems=inspections.close_problems(inspection),
            is_inspector=inspections.is_inspector(self.request.user, inspection),
        )
        return context


class InspectionViewSet(ListingQueryMixin, ServiceManagedMixin, ActionsMixin, ModelViewSet):
    model = Inspection
    name = "certification_inspections"
    url_prefix = "certification/inspections"
    icon = "clipboard-list"
    menu_label = _("On-site inspections")
    menu_order = 15
    index_view_class = SafeExportIndexView
    inspect_view_enabled = True
    inspect_view_class = InspectionPageView
    copy_view_enabled = False
    actions = INSPECTION_ACTIONS
    action_error = CertificationError
    list_display = [
        "application",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "planned_on",
        "visited_on",
        "closed_at",
    ]
    list_filter = ["status", "application__scheme"]
    search_fields = ["application__number", "application__subject_name"]
    list_export = ["application", "status", "planned_on", "visited_on", "closed_at"]
    export_filename = "inspections"
    ordering = ["-planned_on"]
    list_select_related = ("application",)

    def get_action_queryset(self, request):
        return Inspection.objects.select_related(
            "application__criteria_set", "application__scheme", "application__organization"
        ).prefetch_related("members__expert__person__user", "members__user")


class InspectionProcessExtension(ProcessExtension):
    """Plant grading's section of the application's processing page: the plant's facts and
    the inspection, with planning while the application waits for it."""

    template = "certification/plants/admin/process.html"
    actions = (PLAN_ACTION,)

    def applies(self, application) -> bool:
        return application.scheme.on_site_inspection

    def get_context(self, view, application) -> dict:
        inspection = Inspection.objects.filter(application=application).first()
        members = []
        if inspection is not None:
            members = list(inspection.members.select_related("expert__person", "user"))
        form = PlanForm(
            initial={
                "planned_on": inspection.planned_on if inspection else None,
                "experts": [m.expert_id for m in members if m.expert_id],
                "staff": [m.user_id for m in members if m.user_id],
            }
        )
        return {
            "plant": application.plant,
            "inspection": inspection,
            "members": members,
            "plan_form": form,
            "may_plan": PLAN_ACTION.is_available(application, view.request.user),
            "rectifications": list(inspection.rectifications.all()) if inspection else [],
            "findings": list(inspection.findings.select_related("criterion")) if inspection else [],
        }
