"""The join queue: membership applications with filters, inspect view and the decisions
(start review, approve, return with a reason, reject with a reason)."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from members import services
from members.forms import ApproveForm, ReasonForm
from members.models import MembershipApplication, MembershipError
from members.regions import Province
from website.core.backoffice import (
    Action,
    ActionsMixin,
    ConfirmForm,
    RecordInspectView,
    SafeExportIndexView,
    ServiceManagedMixin,
)

Status = MembershipApplication.Status


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MembershipApplication.Kind.choices)
    province = django_filters.ChoiceFilter(label=_("Province"), choices=Province.choices)
    submitted_at = django_filters.DateFromToRangeFilter(label=_("Submitted"))

    class Meta:
        model = MembershipApplication
        fields = ["status", "kind", "province", "submitted_at"]


def _start_review(application, user, data):
    services.start_review(application, user=user)
    return _("Application %(object)s is under review.") % {"object": application}


def _approve(application, user, data):
    services.approve_application(application, user=user, tier=data["tier"], reason=data["reason"])
    return _("Application %(object)s approved.") % {"object": application}


def _return(application, user, data):
    services.return_application(application, user=user, reason=data["reason"])
    return _("Application %(object)s returned to the applicant.") % {"object": application}


def _reject(application, user, data):
    services.reject_application(application, user=user, reason=data["reason"])
    return _("Application %(object)s rejected.") % {"object": application}


# Decisions in the order the secretariat takes them, each offered while the application's
# state machine allows its change (available_transitions).
ACTIONS = (
    Action(
        "review",
        _("Start review"),
        ConfirmForm,
        _start_review,
        transition=Status.UNDER_REVIEW,
        intro=_("Mark the application as under review, so colleagues know someone is on it."),
    ),
    Action(
        "approve",
        _("Approve"),
        ApproveForm,
        _approve,
        transition=Status.APPROVED,
        form_kwargs=lambda application: {"application": application},
        intro=_(
            "Approval creates the organization or person, the membership with its number, the "
            "applicant's contact account and the first dues invoice, and emails the applicant."
        ),
    ),
    Action(
        "return",
        _("Return for more information"),
        ReasonForm,
        _return,
        transition=Status.RETURNED,
        intro=_(
            "The applicant receives the reason by email, edits the application and submits again."
        ),
    ),
    Action(
        "reject",
        _("Reject"),
        ReasonForm,
        _reject,
        transition=Status.REJECTED,
        intro=_("The applicant receives the reason by email. A rejection is final."),
        danger=True,
    ),
)


class ApplicationIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("applicant")


class ApplicationInspectView(RecordInspectView):
    template_name = "members/admin/application_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            MembershipApplication.objects.select_related("applicant", "decided_by", "membership"),
            pk=self.pk,
        )

    def setup(self, request, *args, **kwargs):
        # The fields depend on the application's kind, so load the object first.
        self.request = request
        self.pk = kwargs[self.pk_url_kwarg]
        self.object = self.get_object()
        super().setup(request, *args, **kwargs)

    def get_fields(self):
        from members.forms import INDIVIDUAL_FIELDS, ORGANIZATION_FIELDS

        names = INDIVIDUAL_FIELDS if self.object.is_individual else ORGANIZATION_FIELDS
        head = ["number", "kind", "status", "applicant", "submitted_at", "tier"]
        tail = ["status_reason", "decided_at", "decided_by", "membership", "staff_note"]
        return head + [n for n in names if n not in head and n != "licence"] + tail

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["licence_url"] = (
            reverse("members:application_licence", args=[self.object.pk])
            if self.object.licence
            else ""
        )
        return context


class ApplicationViewSet(ServiceManagedMixin, ActionsMixin, ModelViewSet):
    model = MembershipApplication
    icon = "form"
    menu_label = _("Join applications")
    url_prefix = "members/applications"
    name = "membership_applications"
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_admin_menu = False
    filterset_class = ApplicationFilterSet
    search_fields = ["number", "organization_name", "person_name", "credit_code", "contact_name"]
    ordering = ["-submitted_at"]
    list_per_page = 50
    list_export = [
        "number",
        "kind",
        "status",
        "applicant_name",
        "credit_code",
        "province",
        "city",
        "contact_name",
        "contact_phone",
        "contact_email",
        "submitted_at",
        "decided_at",
    ]
    export_filename = "membership-applications"
    form_fields = ["staff_note"]
    editable = ("edit",)
    actions = ACTIONS
    action_error = MembershipError
    actions_in_listing = True

    @cached_property
    def list_display(self):
        return [
            TitleColumn(
                "number",
                label=_("Number"),
                url_name=self.get_url_name("inspect"),
                accessor="number_or_draft",
                sort_key="number",
            ),
            Column("applicant_name", label=_("Applicant")),
            Column("kind", label=_("Kind"), accessor="get_kind_display"),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("submitted_at", label=_("Submitted")),
        ]


viewsets = [ApplicationViewSet()]
