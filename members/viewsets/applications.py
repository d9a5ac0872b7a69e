"""The join queue: membership applications with filters, inspect view and the decisions
(start review, approve, return with a reason, reject with a reason)."""

from __future__ import annotations

import django_filters
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton

from members import services
from members.forms import ApproveForm, ReasonForm
from members.models import MembershipApplication
from members.regions import Province
from website.core.admin_views import LocalTimeInspectMixin
from website.core.exports import SafeCSVExportMixin

from .actions import ActionViewSetMixin, ObjectActionView

Status = MembershipApplication.Status


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=MembershipApplication.Kind.choices)
    province = django_filters.ChoiceFilter(label=_("Province"), choices=Province.choices)
    submitted_at = django_filters.DateFromToRangeFilter(label=_("Submitted"))

    class Meta:
        model = MembershipApplication
        fields = ["status", "kind", "province", "submitted_at"]


# Decisions in the order the secretariat takes them: (url name, label, target status).
ACTIONS = [
    ("review", _("Start review"), Status.UNDER_REVIEW),
    ("approve", _("Approve"), Status.APPROVED),
    ("return", _("Return for more information"), Status.RETURNED),
    ("reject", _("Reject"), Status.REJECTED),
]


def action_buttons(viewset, application, user, *, header: bool = False) -> list:
    if not viewset.permission_policy.user_has_permission(user, "change"):
        return []
    buttons = []
    for priority, (name, label, status) in enumerate(ACTIONS):
        if application.can_change_to(status):
            url = reverse(viewset.get_url_name(name), args=[application.pk])
            cls = HeaderButton if header else Button
            buttons.append(
                cls(
                    label, url=url, icon_name="tick" if name == "approve" else "", priority=priority
                )
            )
    return buttons


class ApplicationIndexView(SafeCSVExportMixin, IndexView):
    viewset = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("applicant")

    def get_list_more_buttons(self, instance):
        return [
            *action_buttons(self.viewset, instance, self.request.user),
            *super().get_list_more_buttons(instance),
        ]


class ApplicationInspectView(LocalTimeInspectMixin, InspectView):
    template_name = "members/admin/application_inspect.html"

    viewset = None

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

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_header_buttons(self):
        return [
            *action_buttons(self.viewset, self.object, self.request.user, header=True),
            *super().get_header_buttons(),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = self.object.status_history()
        context["licence_url"] = (
            reverse("members:application_licence", args=[self.object.pk])
            if self.object.licence
            else ""
        )
        return context


class DecisionView(ObjectActionView):
    model = MembershipApplication
    status = None

    def get(self, request, *args, **kwargs):
        if not self.object.can_change_to(self.status):
            messages.error(
                request,
                _("This application is “%(status)s”; this action is not possible.")
                % {"status": self.object.get_status_display()},
            )
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)


class StartReviewView(DecisionView):
    status = Status.UNDER_REVIEW
    action_label = _("Start review")
    intro = _("Mark the application as under review, so colleagues know someone is on it.")
    success_message = _("Application %(object)s is under review.")

    def perform(self, form):
        services.start_review(self.object, user=self.request.user)


class ApproveView(DecisionView):
    status = Status.APPROVED
    form_class = ApproveForm
    action_label = _("Approve")
    intro = _(
        "Approval creates the organization or person, the membership with its number, the "
        "applicant's contact account and the first dues invoice, and emails the applicant."
    )
    success_message = _("Application %(object)s approved.")

    def get_extra_form_kwargs(self):
        return {"application": self.object}

    def perform(self, form):
        services.approve_application(
            self.object,
            user=self.request.user,
            tier=form.cleaned_data["tier"],
            reason=form.cleaned_data["reason"],
        )


class ReturnView(DecisionView):
    status = Status.RETURNED
    form_class = ReasonForm
    action_label = _("Return for more information")
    intro = _(
        "The applicant receives the reason by email, edits the application and submits again."
    )
    success_message = _("Application %(object)s returned to the applicant.")

    def perform(self, form):
        services.return_application(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class RejectView(DecisionView):
    status = Status.REJECTED
    form_class = ReasonForm
    action_label = _("Reject")
    intro = _("The applicant receives the reason by email. A rejection is final.")
    success_message = _("Application %(object)s rejected.")

    def perform(self, form):
        services.reject_application(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class ApplicationViewSet(ActionViewSetMixin, ModelViewSet):
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
    actions = {
        "review": StartReviewView,
        "approve": ApproveView,
        "return": ReturnView,
        "reject": RejectView,
    }

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

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(viewset=self, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(viewset=self, **kwargs)


viewsets = [ApplicationViewSet()]
