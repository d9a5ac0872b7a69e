"""Dues in the back office: fee schedules, invoices (record a payment, cancel, PDF), proofs of
payment to confirm, payments received, and the key-field change requests of organizations."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from members import pdf, services
from members.forms import ConfirmProofForm, OptionalReasonForm, PaymentForm, ReasonForm
from members.models import (
    FeeSchedule,
    Invoice,
    Membership,
    MembershipError,
    Payment,
    PaymentProof,
    ProfileChangeRequest,
)
from website.core.admin_views import LocalTimeInspectMixin
from website.core.exports import SafeCSVExportMixin
from website.core.pdf import pdf_response

from .actions import ActionViewSetMixin, ObjectActionView


def _buttons(viewset, user, obj, names: list[tuple[str, str]], *, header: bool = False) -> list:
    policy = ModelPermissionPolicy(viewset.model)
    if not policy.user_has_permission(user, "change"):
        return []
    cls = HeaderButton if header else Button
    return [
        cls(label, url=viewset.action_url(name, obj.pk), priority=index)
        for index, (name, label) in enumerate(names)
    ]


class ActionIndexView(SafeCSVExportMixin, IndexView):
    viewset = None

    def action_names(self, instance) -> list[tuple[str, str]]:
        return []

    def get_list_more_buttons(self, instance):
        return [
            *_buttons(self.viewset, self.request.user, instance, self.action_names(instance)),
            *super().get_list_more_buttons(instance),
        ]


class ActionInspectView(LocalTimeInspectMixin, InspectView):
    viewset = None

    def action_names(self, instance) -> list[tuple[str, str]]:
        return []

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value in (None, "") else value

    def get_header_buttons(self):
        return [
            *_buttons(
                self.viewset,
                self.request.user,
                self.object,
                self.action_names(self.object),
                header=True,
            ),
            *super().get_header_buttons(),
        ]


class ViewsetKwargsMixin:
    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(viewset=self, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(viewset=self, **kwargs)


# Fee schedules ------------------------------------------------------------------------------


class FeeScheduleIndexView(SafeCSVExportMixin, IndexView):
    """CSV exports never start a formula (website.core.exports)."""


class FeeScheduleViewSet(ModelViewSet):
    model = FeeSchedule
    index_view_class = FeeScheduleIndexView
    icon = "table"
    menu_label = _("Fee schedules")
    url_prefix = "members/fee-schedules"
    name = "fee_schedules"
    add_to_admin_menu = False
    copy_view_enabled = True
    form_fields = [
        "year",
        "president",
        "vice_president",
        "standing_director",
        "director",
        "member",
        "individual",
        "note",
    ]
    list_display = [
        "year",
        "president",
        "vice_president",
        "standing_director",
        "director",
        "member",
        "individual",
    ]
    list_export = list_display
    export_filename = "fee-schedules"


# Invoices -----------------------------------------------------------------------------------


class InvoiceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Invoice.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Invoice.Kind.choices)
    year = django_filters.NumberFilter(label=_("Year"), field_name="period_start__year")
    tier = django_filters.ChoiceFilter(
        label=_("Tier"), field_name="membership__tier", choices=Membership.Tier.choices
    )
    due_on = django_filters.DateFromToRangeFilter(label=_("Due on"))

    class Meta:
        model = Invoice
        fields = ["status", "kind", "year", "tier", "due_on"]


def invoice_actions(invoice: Invoice) -> list[tuple[str, str]]:
    if invoice.is_outstanding:
        return [("pay", _("Record a payment")), ("cancel", _("Cancel"))]
    return []


class InvoiceIndexView(ActionIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("membership__organization", "membership__person")
        )

    def action_names(self, instance):
        return invoice_actions(instance)


class InvoiceInspectView(ActionInspectView):
    template_name = "members/admin/invoice_inspect.html"
    fields = [
        "number",
        "membership",
        "kind",
        "period_start",
        "period_end",
        "amount",
        "issued_on",
        "due_on",
        "title",
        "tax_number",
        "status",
        "status_reason",
        "paid_on",
        "note",
        "created_by",
    ]

    def action_names(self, instance):
        return invoice_actions(instance)

    def get_header_buttons(self):
        return [
            *super().get_header_buttons(),
            HeaderButton(
                _("PDF"),
                url=self.viewset.action_url("pdf", self.object.pk),
                icon_name="doc-full",
                priority=50,
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["payments"] = self.object.payments.select_related("recorded_by")
        context["proofs"] = self.object.proofs.all()
        context["proof_url_name"] = "member_portal:proof_file"
        return context


class RecordPaymentView(ObjectActionView):
    form_class = PaymentForm
    action_label = _("Record a payment")
    intro = _(
        "When the invoice is paid in full, the membership's paid-through date moves to the end "
        "of the invoiced period and a membership in grace or lapsed becomes active again."
    )
    success_message = _("Payment recorded for %(object)s.")

    def get_initial(self):
        return {"amount": self.object.balance}

    def perform(self, form):
        services.record_payment(self.object, user=self.request.user, **form.cleaned_data)


class CancelInvoiceView(ObjectActionView):
    form_class = ReasonForm
    action_label = _("Cancel the invoice")
    success_message = _("Invoice %(object)s cancelled.")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["reason"].help_text = _("The member sees the reason with the invoice.")
        return form

    def perform(self, form):
        services.cancel_invoice(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class IssueInvoiceForm(forms.Form):
    membership_number = forms.CharField(label=_("Membership number"), max_length=30)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def clean_membership_number(self):
        number = self.cleaned_data["membership_number"].strip().upper()
        membership = Membership.objects.filter(number=number).first()
        if membership is None:
            raise forms.ValidationError(_("No membership has this number."))
        self.membership = membership
        return number


def issue_invoice_view(request):
    """Issue a renewal invoice by hand (e.g. after a lapse, or for a missed year)."""
    if not ModelPermissionPolicy(Invoice).user_has_permission(request.user, "add"):
        raise PermissionDenied
    form = IssueInvoiceForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        try:
            invoice = services.issue_invoice(
                form.membership,
                kind=Invoice.Kind.RENEWAL,
                period=(datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
                user=request.user,
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
            return redirect("invoices:inspect", invoice.pk)
    return render(
        request,
        "members/admin/action.html",
        {
            "form": form,
            "action_url": request.path,
            "submit_button_label": _("Issue invoice"),
            "submit_button_active_label": _("Issue invoice"),
            "page_title": _("Issue invoice"),
            "header_title": _("Issue invoice"),
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": _("Home")},
                {"url": reverse("invoices:index"), "label": _("Invoices")},
                {"url": "", "label": _("Issue invoice")},
            ],
            "intro": _(
                "Issue a dues invoice for a membership and a calendar year at the rate of "
                "that year's fee schedule. The scheduled sweep issues renewal invoices by itself."
            ),
        },
    )


def invoice_pdf_view(request, pk):
    if not ModelPermissionPolicy(Invoice).user_has_any_permission(request.user, ["view", "change"]):
        raise PermissionDenied
    invoice = get_object_or_404(Invoice, pk=pk)
    return pdf_response(pdf.invoice_pdf(invoice), f"{invoice.number}.pdf")


class InvoiceViewSet(ViewsetKwargsMixin, ActionViewSetMixin, ModelViewSet):
    model = Invoice
    icon = "doc-full-inverse"
    menu_label = _("Invoices")
    url_prefix = "members/invoices"
    name = "invoices"
    add_to_admin_menu = False
    index_view_class = InvoiceIndexView
    inspect_view_class = InvoiceInspectView
    inspect_view_enabled = True
    filterset_class = InvoiceFilterSet
    search_fields = ["number", "title", "tax_number", "membership__number"]
    ordering = ["-issued_on", "-pk"]
    list_per_page = 50
    form_fields = ["title", "tax_number", "due_on", "note"]
    actions = {"pay": RecordPaymentView, "cancel": CancelInvoiceView}
    list_export = [
        "number",
        "membership",
        "kind",
        "period_start",
        "period_end",
        "amount",
        "issued_on",
        "due_on",
        "title",
        "tax_number",
        "status",
        "paid_on",
    ]
    export_headings = {"membership": _("Member")}
    export_filename = "invoices"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("number", label=_("Number"), url_name=self.get_url_name("inspect")),
            Column("membership", label=_("Member")),
            Column("amount", label=_("Amount")),
            # Dates as dates (2026年12月3日): Wagtail's DateColumn reads "2 小时，13 分钟 之前".
            Column("due_on", label=_("Due on")),
            Column("status", label=_("Status"), accessor="get_status_display"),
        ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("issue/", issue_invoice_view, name="issue"),
            path("pdf/<int:pk>/", invoice_pdf_view, name="pdf"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        # "Add" leads to the issue form, which picks the membership and the year.
        return super().get_common_view_kwargs(
            **{"add_url_name": self.get_url_name("issue"), **kwargs}
        )


# Proofs of payment ---------------------------------------------------------------------------


class ProofFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PaymentProof.Status.choices)

    class Meta:
        model = PaymentProof
        fields = ["status"]


def proof_actions(proof: PaymentProof) -> list[tuple[str, str]]:
    if proof.status == PaymentProof.Status.PENDING:
        return [("confirm", _("Confirm the payment")), ("reject", _("Reject"))]
    return []


class ProofIndexView(ActionIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("invoice__membership__organization", "invoice__membership__person")
        )

    def action_names(self, instance):
        return proof_actions(instance)


class ProofInspectView(ActionInspectView):
    template_name = "members/admin/proof_inspect.html"
    fields = [
        "invoice",
        "amount",
        "paid_on",
        "reference",
        "note",
        "status",
        "uploaded_by",
        "uploaded_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]

    def action_names(self, instance):
        return proof_actions(instance)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["file_url"] = reverse("member_portal:proof_file", args=[self.object.pk])
        context["invoice_url"] = reverse("invoices:inspect", args=[self.object.invoice_id])
        return context


class ConfirmProofView(ObjectActionView):
    form_class = ConfirmProofForm
    action_label = _("Confirm the payment")
    intro = _("Check that the money has arrived on the association's account before confirming.")
    success_message = _("Payment confirmed: %(object)s.")

    def get_initial(self):
        return {"amount": self.object.amount}

    def perform(self, form):
        services.confirm_payment_proof(
            self.object, user=self.request.user, amount=form.cleaned_data["amount"]
        )


class RejectProofView(ObjectActionView):
    form_class = ReasonForm
    action_label = _("Reject the proof of payment")
    success_message = _("Proof of payment rejected: %(object)s.")

    def perform(self, form):
        services.reject_payment_proof(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class PaymentProofViewSet(ViewsetKwargsMixin, ActionViewSetMixin, ModelViewSet):
    model = PaymentProof
    icon = "doc-empty-inverse"
    menu_label = _("Proofs of payment")
    url_prefix = "members/payment-proofs"
    name = "payment_proofs"
    add_to_admin_menu = False
    index_view_class = ProofIndexView
    inspect_view_class = ProofInspectView
    inspect_view_enabled = True
    filterset_class = ProofFilterSet
    search_fields = ["reference", "invoice__number", "invoice__membership__number"]
    ordering = ["-uploaded_at"]
    disabled_views = ("add", "delete", "copy", "edit")
    form_fields = ["note"]
    actions = {"confirm": ConfirmProofView, "reject": RejectProofView}
    list_export = ["invoice", "amount", "paid_on", "reference", "status", "uploaded_at"]
    export_filename = "payment-proofs"

    @cached_property
    def list_display(self):
        return [
            TitleColumn("invoice", label=_("Invoice"), url_name=self.get_url_name("inspect")),
            Column("amount", label=_("Amount")),
            Column("paid_on", label=_("Paid on")),
            Column("status", label=_("Status"), accessor="get_status_display"),
        ]


# Payments (read-only, for the accounts) ------------------------------------------------------


class PaymentFilterSet(WagtailFilterSet):
    method = django_filters.ChoiceFilter(label=_("Method"), choices=Payment.Method.choices)
    paid_on = django_filters.DateFromToRangeFilter(label=_("Paid on"))

    class Meta:
        model = Payment
        fields = ["method", "paid_on"]


class PaymentIndexView(SafeCSVExportMixin, IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("invoice__membership__organization", "invoice__membership__person")
        )


class PaymentViewSet(ActionViewSetMixin, ModelViewSet):
    model = Payment
    icon = "tick-inverse"
    menu_label = _("Payments")
    url_prefix = "members/payments"
    name = "payments"
    add_to_admin_menu = False
    index_view_class = PaymentIndexView
    filterset_class = PaymentFilterSet
    search_fields = ["reference", "invoice__number", "invoice__membership__number"]
    ordering = ["-paid_on", "-pk"]
    disabled_views = ("add", "delete", "copy", "edit")
    form_fields = ["note"]
    list_display = ["invoice", "amount", "method", "reference", "paid_on", "recorded_by"]
    list_export = list_display
    export_filename = "payments"


# Change requests for key fields --------------------------------------------------------------


class ChangeRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProfileChangeRequest.Status.choices
    )

    class Meta:
        model = ProfileChangeRequest
        fields = ["status"]


def change_actions(request: ProfileChangeRequest) -> list[tuple[str, str]]:
    if request.status == ProfileChangeRequest.Status.PENDING:
        return [("approve", _("Approve")), ("reject", _("Reject"))]
    return []


class ChangeRequestIndexView(ActionIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization")

    def action_names(self, instance):
        return change_actions(instance)


class ChangeRequestInspectView(ActionInspectView):
    template_name = "members/admin/change_request_inspect.html"
    fields = [
        "organization",
        "reason",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "decision_reason",
    ]

    def action_names(self, instance):
        return change_actions(instance)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object.organization
        labels = {
            "name": _("Name"),
            "credit_code": _("Unified social credit code"),
            "legal_representative": _("Legal representative"),
        }
        before = self.object.previous or {
            field: getattr(organization, field) for field in ProfileChangeRequest.KEY_FIELDS
        }
        context["rows"] = [
            (labels[field], before.get(field, ""), value)
            for field, value in self.object.changes().items()
        ]
        if self.object.document:
            context["document_url"] = reverse(
                "member_portal:change_request_document", args=[self.object.pk]
            )
        return context


class ApproveChangeView(ObjectActionView):
    form_class = OptionalReasonForm
    action_label = _("Approve the change")
    intro = _("The organization's registered details change at once; the old values are kept.")
    success_message = _("Change approved: %(object)s.")

    def perform(self, form):
        services.approve_profile_change(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class RejectChangeView(ObjectActionView):
    form_class = ReasonForm
    action_label = _("Reject the change")
    success_message = _("Change rejected: %(object)s.")

    def perform(self, form):
        services.reject_profile_change(
            self.object, user=self.request.user, reason=form.cleaned_data["reason"]
        )


class ChangeRequestViewSet(ViewsetKwargsMixin, ActionViewSetMixin, ModelViewSet):
    model = ProfileChangeRequest
    icon = "edit"
    menu_label = _("Change requests")
    url_prefix = "members/change-requests"
    name = "change_requests"
    add_to_admin_menu = False
    index_view_class = ChangeRequestIndexView
    inspect_view_class = ChangeRequestInspectView
    inspect_view_enabled = True
    filterset_class = ChangeRequestFilterSet
    search_fields = ["organization__name", "name", "credit_code"]
    ordering = ["-requested_at"]
    disabled_views = ("add", "delete", "copy", "edit")
    form_fields = ["decision_reason"]
    actions = {"approve": ApproveChangeView, "reject": RejectChangeView}
    list_export = [
        "organization",
        "name",
        "credit_code",
        "legal_representative",
        "status",
        "requested_at",
    ]
    export_filename = "change-requests"

    @cached_property
    def list_display(self):
        return [
            TitleColumn(
                "organization", label=_("Organization"), url_name=self.get_url_name("inspect")
            ),
            Column("status", label=_("Status"), accessor="get_status_display"),
            Column("requested_at", label=_("Requested at")),
        ]


viewsets = [
    InvoiceViewSet(),
    PaymentProofViewSet(),
    PaymentViewSet(),
    FeeScheduleViewSet(),
    ChangeRequestViewSet(),
]
