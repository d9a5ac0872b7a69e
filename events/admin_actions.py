"""State actions of the back office: each is a small form whose valid data go to one service
function. The list of actions per model is what the inspect views show as buttons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .admin_forms import (
    AllocateForm,
    BoothPaymentForm,
    IssueInvoiceForm,
    PaymentForm,
    ReasonForm,
    RefundForm,
    StaffCancelForm,
)
from .models import (
    Booth,
    ExhibitorApplication,
    InvoiceRequest,
    Order,
    RegistrationError,
    WaitingListEntry,
)


@dataclass
class Action:
    name: str
    label: str
    form_class: type[forms.Form]
    perform: Callable  # (obj, user, cleaned_data) -> success message
    available: Callable[[object], bool]
    initial: Callable[[object], dict] = field(default=lambda obj: {})
    form_kwargs: Callable[[object], dict] = field(default=lambda obj: {})
    danger: bool = False


def _order_payment(order, user, data):
    services.record_payment(order, user=user, **data)
    order.refresh_from_db()
    if order.status == Order.Status.EXPIRED:
        return _(
            "Payment recorded, but the expired order could not come back: its places are "
            "taken. Refund the payment."
        )
    return _("Payment recorded. Order status: %(status)s.") % {"status": order.get_status_display()}


ORDER_ACTIONS = [
    Action(
        "approve",
        pgettext_lazy("events", "Approve"),
        ReasonForm,
        lambda o, u, d: services.approve_order(o, user=u, reason=d["reason"]) and _("Approved."),
        lambda o: o.status == Order.Status.APPROVAL_PENDING,
    ),
    Action(
        "payment",
        pgettext_lazy("events", "Record payment"),
        PaymentForm,
        _order_payment,
        lambda o: (
            o.status in (Order.Status.PENDING_PAYMENT, Order.Status.EXPIRED, Order.Status.CONFIRMED)
        ),
        initial=lambda o: {"amount": o.amount_due() or None, "payer": o.registrant_label()},
    ),
    Action(
        "refund",
        gettext_lazy("Record refund"),
        RefundForm,
        lambda o, u, d: services.record_refund(o, user=u, **d) and _("Refund recorded."),
        lambda o: o.paid_amount() > o.refunded_amount(),
        initial=lambda o: {"amount": o.refund_due() or None},
    ),
    Action(
        "cancel",
        gettext_lazy("Cancel order"),
        StaffCancelForm,
        lambda o, u, d: (
            services.cancel_order(o, user=u, reason=d["reason"], by_staff=True, fee=d.get("fee"))
            and _("Order cancelled.")
        ),
        lambda o: o.status in Order.HOLDS_PLACES,
        initial=lambda o: {
            "fee": o.event.cancellation_fee_for(o.total)
            if o.status == Order.Status.CONFIRMED
            else None
        },
        danger=True,
    ),
    Action(
        "reject_cancellation",
        gettext_lazy("Refuse cancellation request"),
        ReasonForm,
        lambda o, u, d: (
            services.reject_cancellation(o, user=u, reason=d["reason"])
            and _("The cancellation request was refused.")
        ),
        lambda o: o.status == Order.Status.CONFIRMED and bool(o.cancellation_requested_at),
    ),
]

INVOICE_ACTIONS = [
    Action(
        "issue",
        gettext_lazy("Mark issued"),
        IssueInvoiceForm,
        lambda i, u, d: (
            services.issue_invoice(i, user=u, number=d["number"], amount=d.get("amount"))
            and _("Invoice marked as issued.")
        ),
        lambda i: i.status == InvoiceRequest.Status.REQUESTED,
    ),
    Action(
        "reverse",
        gettext_lazy("Mark reversed"),
        ReasonForm,
        lambda i, u, d: (
            services.complete_reversal(i, user=u, reason=d["reason"]) and _("Reversal recorded.")
        ),
        lambda i: i.status == InvoiceRequest.Status.REVERSAL_REQUESTED,
    ),
]

WAITING_ACTIONS = [
    Action(
        "withdraw",
        gettext_lazy("Remove from the waiting list"),
        ReasonForm,
        lambda e, u, d: services.withdraw_entry(e, user=u, reason=d["reason"]) and _("Removed."),
        lambda e: e.status in (WaitingListEntry.Status.WAITING, WaitingListEntry.Status.OFFERED),
        danger=True,
    ),
]

EXHIBITOR_ACTIONS = [
    Action(
        "approve",
        pgettext_lazy("events", "Approve"),
        ReasonForm,
        lambda a, u, d: (
            services.approve_application(a, user=u, reason=d["reason"]) and _("Approved.")
        ),
        lambda a: a.status == ExhibitorApplication.Status.SUBMITTED,
    ),
    Action(
        "allocate",
        gettext_lazy("Allocate a booth"),
        AllocateForm,
        lambda a, u, d: (
            services.allocate_booth(a, d["booth"], user=u)
            and _("Booth %(booth)s allocated.") % {"booth": d["booth"].number}
        ),
        lambda a: (
            a.status
            in (
                ExhibitorApplication.Status.SUBMITTED,
                ExhibitorApplication.Status.APPROVED,
                ExhibitorApplication.Status.ALLOCATED,
                ExhibitorApplication.Status.RELEASED,
            )
        ),
        initial=lambda a: {"booth": a.wanted_booth_id},
        form_kwargs=lambda a: {"event": a.event},
    ),
    Action(
        "payment",
        pgettext_lazy("events", "Record payment"),
        BoothPaymentForm,
        lambda a, u, d: services.record_booth_payment(a, user=u, **d) and _("Payment recorded."),
        lambda a: a.status == ExhibitorApplication.Status.ALLOCATED,
        initial=lambda a: {"amount": (a.amount - a.paid_amount()) or None, "payer": a.company_name},
    ),
    Action(
        "release",
        gettext_lazy("Release booths"),
        ReasonForm,
        lambda a, u, d: (
            services.release_application(a, user=u, reason=d["reason"]) and _("Booths released.")
        ),
        lambda a: a.status == ExhibitorApplication.Status.ALLOCATED,
        danger=True,
    ),
    Action(
        "reject",
        gettext_lazy("Reject"),
        ReasonForm,
        lambda a, u, d: (
            services.reject_application(a, user=u, reason=d["reason"]) and _("Rejected.")
        ),
        lambda a: (
            a.status
            in (ExhibitorApplication.Status.SUBMITTED, ExhibitorApplication.Status.APPROVED)
        ),
        danger=True,
    ),
]


BOOTH_ACTIONS = [
    Action(
        "block",
        gettext_lazy("Hold back"),
        ReasonForm,
        lambda b, u, d: (
            services.set_booth_blocked(b, user=u, blocked=True, reason=d["reason"])
            and _("The booth is held back.")
        ),
        lambda b: b.status == Booth.Status.AVAILABLE,
    ),
    Action(
        "unblock",
        gettext_lazy("Make available"),
        ReasonForm,
        lambda b, u, d: (
            services.set_booth_blocked(b, user=u, blocked=False, reason=d["reason"])
            and _("The booth is available again.")
        ),
        lambda b: b.status == Booth.Status.BLOCKED,
    ),
]


class ActionView(WagtailAdminTemplateMixin, FormView):
    """One state action on one object; the viewset passes model, actions and URL names."""

    template_name = "events/admin/action_form.html"
    model = None
    actions: list[Action] = []
    permission = ""
    inspect_url_name = ""
    index_url_name = ""
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = get_object_or_404(self.model, pk=kwargs["pk"])
        self.action = next((a for a in self.actions if a.name == kwargs["action"]), None)
        if self.action is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return str(self.action.label)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": self.model._meta.verbose_name_plural},
            {"url": self.get_success_url(), "label": str(self.object)},
            {"url": "", "label": str(self.action.label)},
        ]

    def get_form_class(self):
        return self.action.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(self.action.form_kwargs(self.object))
        return kwargs

    def get_initial(self):
        return self.action.initial(self.object)

    def get_success_url(self):
        return reverse(self.inspect_url_name, args=[self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "object": self.object,
                "action": self.action,
                "available": self.action.available(self.object),
                "cancel_url": self.get_success_url(),
            }
        )
        return context

    def form_valid(self, form):
        if not self.action.available(self.object):
            form.add_error(None, _("This action is not available in the current state."))
            return self.form_invalid(form)
        try:
            message = self.action.perform(self.object, self.request.user, form.cleaned_data)
        except RegistrationError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(self.get_success_url())


def available_actions(actions: list[Action], obj, url_name: str) -> list[dict]:
    return [
        {
            "label": action.label,
            "url": reverse(url_name, args=[obj.pk, action.name]),
            "danger": action.danger,
        }
        for action in actions
        if action.available(obj)
    ]
