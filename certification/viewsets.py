"""The secretariat's certification back office in the Wagtail admin, grouped in one menu."""

from __future__ import annotations

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from website.core.backoffice import ListingQueryMixin, SafeExportIndexView, ServiceManagedMixin

from .admin_views import (
    ApplicationProcessView,
    CertificateManageView,
    CriteriaSetManageView,
    DashboardView,
)
from .applicant_admin import AnnualMaterialViewSet
from .models import (
    AnnualCheck,
    Application,
    Certificate,
    CriteriaSet,
    Holiday,
    Objection,
    Plant,
    Review,
    Round,
    Scheme,
)


class RecordsMixin(ListingQueryMixin, ServiceManagedMixin):
    """Records made by the services (applications, reviews, certificates ...): staff view them
    and act through the services, never add or delete them by hand; a few fields (contact,
    due dates) stay editable."""

    editable = ("edit",)


class LinkedIndexView(SafeExportIndexView):
    """A listing whose rows open a custom page (process, manage) instead of the edit form."""

    row_url_name: str = ""
    row_pk = "pk"  # the attribute with the id the page takes (application_id ...)

    def get_edit_url(self, instance):
        if self.row_url_name and self.user_has_any_permission({"change", "view"}):
            return reverse(self.row_url_name, args=[getattr(instance, self.row_pk)])
        return None


class DashboardViewSet(ViewSet):
    name = "certification_dashboard"
    url_prefix = "certification"
    icon = "tasks"
    menu_label = _("Dashboard")
    menu_order = 0

    def get_urlpatterns(self):
        return [path("", DashboardView.as_view(), name="index")]


class ApplicationIndexView(LinkedIndexView):
    row_url_name = "certification_applications:process"


class ApplicationViewSet(RecordsMixin, ModelViewSet):
    model = Application
    list_select_related = ("scheme", "round__scheme", "organization")
    name = "certification_applications"
    url_prefix = "certification/applications"
    icon = "doc-full"
    menu_label = _("Applications")
    menu_order = 10
    index_view_class = ApplicationIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        "number",
        "subject_name",
        "scheme",
        "round",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "self_score",
        "score",
        "final_grade",
        "submitted_at",
    ]
    list_filter = ["scheme", "round", "status", "kind", "province"]
    search_fields = ["number", "subject_name", "organization__name"]
    list_export = [
        "number",
        "scheme",
        "round",
        "kind",
        "organization",
        "subject_name",
        "province",
        "status",
        "self_score",
        "score",
        "proposed_grade",
        "final_grade",
        "publicity_starts_on",
        "publicity_ends_on",
        "submitted_at",
        "decided_at",
    ]
    export_filename = "certification-applications"
    ordering = ["-created_at"]
    form_fields = ["contact_name", "contact_phone", "contact_email"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("process/<int:pk>/", ApplicationProcessView.as_view(), name="process"),
        ]


class ReviewIndexView(LinkedIndexView):
    row_url_name = "certification_applications:process"
    row_pk = "application_id"


class ReviewViewSet(RecordsMixin, ModelViewSet):
    model = Review
    list_select_related = ("application__organization", "expert__person__organization")
    name = "certification_reviews"
    url_prefix = "certification/reviews"
    icon = "user"
    menu_label = _("Expert reviews")
    menu_order = 20
    index_view_class = ReviewIndexView
    copy_view_enabled = False
    list_display = [
        "application",
        "expert",
        "status",
        "same_organization",
        "total",
        "due_on",
        "submitted_at",
    ]
    list_filter = ["status", "application__scheme", "same_organization"]
    search_fields = ["application__number", "application__subject_name", "expert__person__name"]
    list_export = [
        "application",
        "expert",
        "status",
        "same_organization",
        "total",
        "recommendation",
        "submitted_at",
    ]
    export_filename = "certification-reviews"
    form_fields = ["due_on"]

    def get_urlpatterns(self):
        from .admin_panels import PaperReviewView

        return [
            *super().get_urlpatterns(),
            path("paper/<int:pk>/", PaperReviewView.as_view(), name="paper"),
        ]


class ObjectionIndexView(LinkedIndexView):
    row_url_name = "certification_applications:process"
    row_pk = "application_id"


class ObjectionViewSet(RecordsMixin, ModelViewSet):
    model = Objection
    list_select_related = ("application",)
    name = "certification_objections"
    url_prefix = "certification/objections"
    icon = "warning"
    menu_label = _("Objections")
    menu_order = 30
    index_view_class = ObjectionIndexView
    copy_view_enabled = False
    list_display = ["application", "name", "organization", "status", "submitted_at", "resolved_at"]
    list_filter = ["status", "application__scheme"]
    search_fields = ["name", "organization", "grounds", "application__number"]
    list_export = [
        "application",
        "name",
        "organization",
        "phone",
        "email",
        "grounds",
        "status",
        "outcome",
        "submitted_at",
        "resolved_at",
    ]
    export_filename = "certification-objections"
    form_fields = ["email"]


class CertificateIndexView(LinkedIndexView):
    row_url_name = "certification_certificates:manage"


class CertificateViewSet(RecordsMixin, ModelViewSet):
    model = Certificate
    list_select_related = ("scheme",)
    name = "certification_certificates"
    url_prefix = "certification/certificates"
    icon = "success"
    menu_label = _("Certificates")
    menu_order = 40
    index_view_class = CertificateIndexView
    copy_view_enabled = False
    list_display = [
        "number",
        "display_name",
        "scheme",
        "grade_label",
        "province",
        "issued_on",
        "valid_until",
        Column("status", label=_("Status"), accessor="get_status_display"),
    ]
    list_filter = ["scheme", "status", "grade", "province", "origin"]
    search_fields = ["number", "subject_name", "holder_name"]
    list_export = [
        "number",
        "scheme",
        "subject_name",
        "holder_name",
        "organization",
        "province",
        "grade_label",
        "score",
        "issued_on",
        "valid_until",
        "status",
        "status_reason",
    ]
    export_filename = "certificates"
    form_fields = ["status_reason"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("manage/<int:pk>/", CertificateManageView.as_view(), name="manage"),
        ]


class AnnualCheckIndexView(LinkedIndexView):
    row_url_name = "certification_certificates:manage"
    row_pk = "certificate_id"


class AnnualCheckViewSet(RecordsMixin, ModelViewSet):
    model = AnnualCheck
    list_select_related = ("certificate__scheme",)
    name = "certification_checks"
    url_prefix = "certification/annual-checks"
    icon = "date"
    menu_label = _("Annual re-checks")
    menu_order = 50
    index_view_class = AnnualCheckIndexView
    copy_view_enabled = False
    list_display = [
        "certificate",
        "sequence",
        "due_on",
        "status",
        "outcome",
        "new_grade",
        "decided_at",
    ]
    list_filter = ["status", "outcome", "certificate__scheme"]
    search_fields = ["certificate__number", "certificate__subject_name"]
    list_export = [
        "certificate",
        "sequence",
        "due_on",
        "status",
        "outcome",
        "new_grade",
        "reason",
        "decided_at",
    ]
    export_filename = "annual-rechecks"
    ordering = ["due_on"]
    form_fields = ["due_on"]


class SchemeViewSet(ModelViewSet):
    model = Scheme
    name = "certification_schemes"
    url_prefix = "certification/schemes"
    icon = "list-ul"
    menu_label = _("Schemes")
    menu_order = 60
    copy_view_enabled = False
    list_display = [
        "name",
        "code",
        "subject_kind",
        "is_active",
        "validity_years",
        "publicity_length",
        "publicity_unit",
    ]
    list_filter = ["is_active", "subject_kind"]
    search_fields = ["name", "code"]
    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
                FieldRowPanel(
                    [
                        FieldPanel("code"),
                        FieldPanel("certificate_prefix"),
                        FieldPanel("subject_kind"),
                    ]
                ),
                FieldPanel("certificate_title"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
            ],
            heading=_("Scheme"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("validity_years"),
                        FieldPanel("annual_checks"),
                        FieldPanel("reevaluation_months"),
                    ]
                ),
                FieldRowPanel([FieldPanel("publicity_length"), FieldPanel("publicity_unit")]),
                FieldRowPanel(
                    [
                        FieldPanel("aggregation"),
                        FieldPanel("min_reviews"),
                        FieldPanel("blind_review"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("max_reviews"),
                        FieldPanel("odd_panel"),
                        FieldPanel("max_experts_per_organization"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("self_assessment"), FieldPanel("recommendation_required")]
                ),
            ],
            heading=_("Process"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("require_good_standing"),
                FieldRowPanel(
                    [FieldPanel("min_accounting_years"), FieldPanel("min_operation_months")]
                ),
            ],
            heading=_("Eligibility"),
        ),
        InlinePanel(
            "required_documents", label=_("Required documents"), heading=_("Attachments checklist")
        ),
    ]


class CriteriaSetForm(WagtailAdminModelForm):
    """A version in use is frozen; codes must form a tree."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_in_use:
            raise forms.ValidationError(
                _(
                    "This version is used by applications and cannot change. Create a new version instead."
                )
            )
        if self.instance.pk and self.instance.status != CriteriaSet.Status.DRAFT:
            raise forms.ValidationError(
                _("Only a draft can be edited. Create a new version instead.")
            )
        formset = self.formsets.get("criteria")
        if formset is not None:
            rows = [
                form.cleaned_data
                for form in formset.forms
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
            ]
            codes = [row.get("code") for row in rows]
            kinds = {row.get("code"): row.get("kind") for row in rows}
            duplicates = sorted({code for code in codes if code and codes.count(code) > 1})
            if duplicates:
                raise forms.ValidationError(
                    _("Codes used twice: %(codes)s.") % {"codes": ", ".join(duplicates)}
                )
            for code in codes:
                parent = (code or "").rpartition(".")[0]
                if parent and kinds.get(parent) != "group":
                    raise forms.ValidationError(
                        _("%(code)s needs a group %(parent)s above it.")
                        % {"code": code, "parent": parent}
                    )
        return cleaned


CriteriaSet.base_form_class = CriteriaSetForm


class CriteriaSetIndexView(LinkedIndexView):
    row_url_name = "certification_criteria:manage"


class CriteriaSetViewSet(ListingQueryMixin, ModelViewSet):
    model = CriteriaSet
    name = "certification_criteria"
    url_prefix = "certification/criteria"
    icon = "form"
    menu_label = _("Criteria")
    menu_order = 70
    index_view_class = CriteriaSetIndexView
    copy_view_enabled = False
    list_display = ["title", "scheme", "version", "status", "published_at"]
    list_select_related = ("scheme",)
    list_filter = ["scheme", "status"]
    search_fields = ["title"]
    panels = [
        FieldRowPanel([FieldPanel("scheme"), FieldPanel("version"), FieldPanel("title")]),
        FieldPanel("notes"),
        InlinePanel(
            "criteria",
            label=_("Criterion"),
            heading=_("Criteria (the dotted code places each one in the tree)"),
            panels=[
                FieldRowPanel([FieldPanel("code"), FieldPanel("kind"), FieldPanel("max_points")]),
                FieldPanel("name"),
                FieldRowPanel(
                    [
                        FieldPanel("starts_full"),
                        FieldPanel("deduction_cap"),
                        FieldPanel("veto_grade"),
                    ]
                ),
                FieldPanel("description"),
                FieldPanel("level_descriptions"),
                FieldPanel("evidence_required"),
            ],
        ),
        InlinePanel(
            "grade_bands",
            label=_("Grade band"),
            heading=_("Grade bands"),
            panels=[
                FieldRowPanel(
                    [
                        FieldPanel("code"),
                        FieldPanel("label"),
                        FieldPanel("min_score"),
                        FieldPanel("certified"),
                    ]
                )
            ],
        ),
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("manage/<int:pk>/", CriteriaSetManageView.as_view(), name="manage"),
        ]


class RoundViewSet(ListingQueryMixin, ModelViewSet):
    model = Round
    name = "certification_rounds"
    url_prefix = "certification/rounds"
    icon = "date"
    menu_label = _("Rounds")
    menu_order = 80
    list_display = ["name", "scheme", "year", "opens_on", "closes_on", "criteria_set"]
    list_select_related = ("scheme", "criteria_set")
    list_filter = ["scheme", "year"]
    search_fields = ["name"]
    form_fields = ["scheme", "name", "year", "opens_on", "closes_on", "criteria_set", "description"]


class PlantViewSet(ListingQueryMixin, ModelViewSet):
    model = Plant
    index_view_class = SafeExportIndexView
    name = "certification_plants"
    url_prefix = "certification/plants"
    icon = "site"
    menu_label = _("Plants")
    menu_order = 90
    list_display = [
        "name",
        "organization",
        "province",
        "design_capacity",
        "capacity_class",
        "formal_operation_on",
        "is_active",
    ]
    list_select_related = ("organization",)
    list_filter = ["province", "capacity_class", "technology", "is_active"]
    search_fields = ["name", "organization__name", "city"]
    list_export = [
        "name",
        "organization",
        "province",
        "city",
        "address",
        "design_capacity",
        "capacity_class",
        "lines",
        "technology",
        "commissioned_on",
        "formal_operation_on",
        "generating_capacity",
        "flue_gas_process",
        "discharge_permit_number",
        "monitoring_connected",
        "monitoring_connected_since",
        "is_active",
    ]
    export_filename = "plants"
    form_fields = [
        "organization",
        "name",
        "province",
        "city",
        "address",
        "design_capacity",
        "lines",
        "technology",
        "commissioned_on",
        "formal_operation_on",
        "generating_capacity",
        "flue_gas_process",
        "flue_gas_description",
        "discharge_permit_number",
        "monitoring_connected",
        "monitoring_connected_since",
        "is_active",
    ]


class HolidayViewSet(ModelViewSet):
    model = Holiday
    name = "certification_holidays"
    url_prefix = "certification/holidays"
    icon = "calendar-alt"
    menu_label = _("Holidays")
    menu_order = 100
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    form_fields = ["date", "name", "is_working_day"]


def _award_viewsets():
    from .awards.admin import VIEWSETS

    return VIEWSETS


def _plant_viewsets():
    from .plants.admin import InspectionViewSet

    return (InspectionViewSet,)


class CertificationViewSetGroup(ViewSetGroup):
    menu_label = _("Certification")
    menu_icon = "tasks"
    menu_order = 300
    items = (
        DashboardViewSet,
        ApplicationViewSet,
        *_award_viewsets(),
        *_plant_viewsets(),
        ReviewViewSet,
        ObjectionViewSet,
        CertificateViewSet,
        AnnualCheckViewSet,
        AnnualMaterialViewSet,
        SchemeViewSet,
        CriteriaSetViewSet,
        RoundViewSet,
        PlantViewSet,
        HolidayViewSet,
    )
