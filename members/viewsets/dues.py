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
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from members import services
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
from website.core import payments
from website.core.backoffice import (
    Action,
    ActionsMixin,
    RecordInspectView,
    SafeExportIndexView,
    ServiceManagedMixin,
)
from website.core.files import pdf_response


class DuesViewSet(ServiceManagedMixin, ActionsMixin, ModelViewSet):
    """Dues records are written by members.services; staff act on them through actions."""

    action_error = MembershipError
    actions_in_listing = True
    index_view_class = SafeExportIndexView
    inspect_view_class = RecordInspectView
    inspect_view_enabled = True
    add_to_admin_menu = False


# Fee schedules ------------------------------------------------------------------------------


class FeeScheduleViewSet(ModelViewSet):
    model = FeeSchedule
    index_view_class = SafeExportIndexView
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


def _record_payment(invoice, user, data):
    services.record_payment(invoice, user=user, **data)
    return _("Payment recorded for %(object)s.") % {"object": invoice}


def _cancel_invoice(invoice, user, data):
    services.cancel_invoice(invoice, user=user, reason=data["reason"])
    return _("Invoice %(object)s cancelled.") % {"object": invoice}


class CancelInvoiceForm(ReasonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _("The member sees the reason with the invoice.")


INVOICE_ACTIONS = (
    Action(
        "pay",
        _("Record a payment"),
        PaymentForm,
        _record_payment,
        transition=Invoice.Status.PAID,
        initial=lambda invoice: {"amount": invoice.balance},
        intro=_(
            "When the invoice is paid in full, the membership's paid-through date moves to the "
            "end of the invoiced period and a membership in grace or lapsed becomes active again."
        ),
    ),
    Action(
        "cancel",
        _("Cancel the invoice"),
        CancelInvoiceForm,
        _cancel_invoice,
        transition=Invoice.Status.CANCELLED,
        danger=True,
    ),
)


class InvoiceIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("membership__organization", "membership__person")
        )


class InvoiceInspectView(RecordInspectView):
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
    from members import pdf

    if not ModelPermissionPolicy(Invoice).user_has_any_permission(request.user, ["view", "change"]):
        raise PermissionDenied
    invoice = get_object_or_404(Invoice, pk=pk)
    try:
        content = pdf.invoice_pdf(invoice)
    except payments.PaymentDetailsMissing:
        messages.warning(
            request,
            _("The dues notice cannot be printed: no bank account is set."),
            buttons=[messages.button(payments.settings_url(), _("Enter the payment details"))]
            if payments.can_edit_settings(request.user)
            else None,
        )
        return redirect("invoices:inspect", invoice.pk)
    return pdf_response(content, f"{invoice.number}.pdf")


class InvoiceViewSet(DuesViewSet):
    model = Invoice
    icon = "doc-full-inverse"
    menu_label = _("Invoices")
    url_prefix = "members/invoices"
    name = "invoices"
    index_view_class = InvoiceIndexView
    inspect_view_class = InvoiceInspectView
    # "Add" leads to the issue form, which picks the membership and the year.
    editable = ("edit",)
    own_views = {"add": "issue"}
    filterset_class = InvoiceFilterSet
    search_fields = ["number", "title", "tax_number", "membership__number"]
    ordering = ["-issued_on", "-pk"]
    list_per_page = 50
    form_fields = ["title", "tax_number", "due_on", "note"]
    actions = INVOICE_ACTIONS
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


# Proofs of payment ---------------------------------------------------------------------------


class ProofFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PaymentProof.Status.choices)

    class Meta:
        model = PaymentProof
        fields = ["status"]


def _confirm_proof(proof, user, data):
    services.confirm_payment_proof(proof, user=user, amount=data["amount"])
    return _("Payment confirmed: %(object)s.") % {"object": proof}


def _reject_proof(proof, user, data):
    services.reject_payment_proof(proof, user=user, reason=data["reason"])
    return _("Proof of payment rejected: %(object)s.") % {"object": proof}


PROOF_ACTIONS = (
    Action(
        "confirm",
        _("Confirm the payment"),
        ConfirmProofForm,
        _confirm_proof,
        transition=PaymentProof.Status.CONFIRMED,
        initial=lambda proof: {"amount": proof.amount},
        intro=_("Check that the money has arrived on the association's account before confirming."),
    ),
    Action(
        "reject",
        _("Reject the proof of payment"),
        ReasonForm,
        _reject_proof,
        transition=PaymentProof.Status.REJECTED,
        danger=True,
    ),
)


class ProofIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("invoice__membership__organization", "invoice__membership__person")
        )


class ProofInspectView(RecordInspectView):
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["file_url"] = reverse("member_portal:proof_file", args=[self.object.pk])
        context["invoice_url"] = reverse("invoices:inspect", args=[self.object.invoice_id])
        return context


class PaymentProofViewSet(DuesViewSet):
    model = PaymentProof
    icon = "doc-empty-inverse"
    menu_label = _("Proofs of payment")
    url_prefix = "members/payment-proofs"
    name = "payment_proofs"
    index_view_class = ProofIndexView
    inspect_view_class = ProofInspectView
    filterset_class = ProofFilterSet
    search_fields = ["reference", "invoice__number", "invoice__membership__number"]
    ordering = ["-uploaded_at"]
    actions = PROOF_ACTIONS
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


class PaymentIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related(
                "invoice__membership__organization", "invoice__membership__person", "recorded_by"
            )
        )


class PaymentViewSet(ServiceManagedMixin, ModelViewSet):
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


def _approve_change(change, user, data):
    services.approve_profile_change(change, user=user, reason=data["reason"])
    return _("Change approved: %(object)s.") % {"object": change}


def _reject_change(change, user, data):
    services.reject_profile_change(change, user=user, reason=data["reason"])
    return _("Change rejected: %(object)s.") % {"object": change}


CHANGE_ACTIONS = (
    Action(
        "approve",
        _("Approve the change"),
        OptionalReasonForm,
        _approve_change,
        transition=ProfileChangeRequest.Status.APPROVED,
        intro=_("The organization's registered details change at once; the old values are kept."),
    ),
    Action(
        "reject",
        _("Reject the change"),
        ReasonForm,
        _reject_change,
        transition=ProfileChangeRequest.Status.REJECTED,
        danger=True,
    ),
)


class ChangeRequestIndexView(SafeExportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organization")


class ChangeRequestInspectView(RecordInspectView):
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


class ChangeRequestViewSet(DuesViewSet):
    model = ProfileChangeRequest
    icon = "edit"
    menu_label = _("Change requests")
    url_prefix = "members/change-requests"
    name = "change_requests"
    index_view_class = ChangeRequestIndexView
    inspect_view_class = ChangeRequestInspectView
    filterset_class = ChangeRequestFilterSet
    search_fields = ["organization__name", "name", "credit_code"]
    ordering = ["-requested_at"]
    actions = CHANGE_ACTIONS
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
