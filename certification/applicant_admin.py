"""The secretariat's side of the annual check (年审): the holders' material, listed and
inspected with its files, and the review Action whose outcome keeps, downgrades, suspends or
cancels the certificate (services.annual.review_annual_check)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet

from website.core.backoffice import (
    ActionsMixin,
    Outcome,
    RecordInspectView,
    SafeExportIndexView,
    ServiceManagedMixin,
)

from .admin_actions import ReasonForm, staff_action
from .models import AnnualCheck, AnnualCheckSubmission, CertificationError
from .services import annual


class AnnualReviewForm(ReasonForm):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=AnnualCheck.Outcome.choices)
    grade = forms.CharField(label=gettext_lazy("New grade (downgrade only)"), required=False)


def _review(submission, user, data):
    new = annual.review_annual_check(
        submission,
        user=user,
        outcome=data["outcome"],
        reason=data["reason"],
        grade=data["grade"].strip(),
    )
    if new is not None:
        return Outcome(
            _("Downgraded: new certificate %(number)s issued.") % {"number": new.number},
            reverse("certification_certificates:manage", args=[new.pk]),
        )
    return _("The annual check has been decided.")


ACTIONS = (
    staff_action(
        "review",
        gettext_lazy("Review the annual check"),
        AnnualReviewForm,
        _review,
        transition=AnnualCheckSubmission.Status.REVIEWED,
        intro=gettext_lazy(
            "Keep, downgrade (with the new grade), suspend or cancel the certificate; the "
            "register and the verification page show the outcome at once."
        ),
    ),
)


class MaterialIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("annual_check__certificate")


class MaterialInspectView(RecordInspectView):
    template_name = "certification/applicant/admin_material_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submission = self.object
        context["files"] = submission.files.all()
        context["certificate"] = submission.annual_check.certificate
        return context


class AnnualMaterialViewSet(ServiceManagedMixin, ActionsMixin, ModelViewSet):
    model = AnnualCheckSubmission
    name = "certification_annual_material"
    url_prefix = "certification/annual-material"
    icon = "doc-full"
    menu_label = gettext_lazy("Annual check material")
    menu_order = 55
    index_view_class = MaterialIndexView
    inspect_view_class = MaterialInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    actions = ACTIONS
    action_error = CertificationError
    list_filter = ["status", "annual_check__certificate__scheme"]
    search_fields = ["annual_check__certificate__number", "annual_check__certificate__subject_name"]
    ordering = ["-submitted_at"]
    list_display = [
        Column("annual_check", label=gettext_lazy("Annual re-check")),
        "year",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        "submitted_at",
    ]
    list_export = [
        "annual_check",
        "year",
        "status",
        "revenue",
        "profit",
        "total_assets",
        "total_liabilities",
        "changes",
        "incidents",
        "submitted_at",
    ]
    export_filename = "annual-check-material"
    form_fields = ["changes"]
    editable = ()
    inspect_view_fields = [
        "annual_check",
        "status",
        "year",
        "revenue",
        "profit",
        "total_assets",
        "total_liabilities",
        "changes",
        "incidents",
        "submitted_by",
        "submitted_at",
    ]


LOG_ACTIONS = [
    (
        "certification.application.financials",
        gettext_lazy("Enter financial figures"),
        gettext_lazy("Financial figures saved"),
    ),
    (
        "certification.application.result",
        gettext_lazy("Consolidate the result"),
        gettext_lazy("Reasoning and advice for the applicant saved"),
    ),
    (
        "certification.certificate.annual_material",
        gettext_lazy("Submit annual check material"),
        gettext_lazy("Annual check material submitted"),
    ),
    (
        "certification.certificate.annual_review",
        gettext_lazy("Review annual check material"),
        gettext_lazy("Annual check material reviewed"),
    ),
]
