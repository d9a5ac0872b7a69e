"""Forms of the secretariat's back office."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Activity, Booth, Payment


class TicketTypeAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "activities" in self.fields:
            self.fields["activities"].queryset = Activity.objects.select_related("event").order_by(
                "event", "sort_order", "pk"
            )
            self.fields["activities"].label_from_instance = lambda a: f"{a.event.code} · {a.name}"

    def clean(self):
        data = super().clean()
        event = data.get("event")
        activities = data.get("activities") or []
        if event and any(activity.event_id != event.pk for activity in activities):
            self.add_error("activities", _("Choose activities of the ticket's own event."))
        return data


class BoothAdminForm(WagtailAdminModelForm):
    def clean(self):
        data = super().clean()
        for name in ("kind", "width", "depth"):
            setattr(self.instance, name, data.get(name))
        try:
            self.instance.clean()
        except forms.ValidationError as error:
            self.add_error(None, error)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (¥)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    method = forms.ChoiceField(
        label=pgettext_lazy("events", "Method"), choices=Payment.Method.choices
    )
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)
    payer = forms.CharField(label=_("Payer"), max_length=200, required=False)
    received_on = forms.DateField(label=_("Received on"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (¥)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)
    refunded_on = forms.DateField(label=_("Refunded on"), initial=timezone.localdate)
    reason = forms.CharField(
        label=pgettext_lazy("events", "Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StaffCancelForm(ReasonForm):
    fee = forms.DecimalField(
        label=_("Cancellation fee (¥)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Empty: the event's policy. Applies to confirmed orders only."),
    )


class IssueInvoiceForm(forms.Form):
    number = forms.CharField(label=pgettext_lazy("events", "Invoice number"), max_length=40)
    amount = forms.DecimalField(
        label=_("Invoiced amount (¥)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Empty: the amount paid."),
    )


class AllocateForm(forms.Form):
    booth = forms.ModelChoiceField(label=_("Booth"), queryset=Booth.objects.none())

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booth"].queryset = Booth.objects.filter(
            hall__event=event, status=Booth.Status.AVAILABLE
        ).select_related("hall")
        self.fields["booth"].label_from_instance = lambda b: (
            f"{b.hall.name} {b.number} · {b.get_kind_display()} {b.area} m²"
            f"{' · 角' if b.is_corner else ''} · ¥{b.price}"
        )


class BoothPaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount (¥)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    reference = forms.CharField(label=_("Bank reference"), max_length=100, required=False)
    payer = forms.CharField(label=_("Payer"), max_length=200, required=False)
    received_on = forms.DateField(label=_("Received on"), initial=timezone.localdate)
