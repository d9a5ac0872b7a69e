"""Membership reports in the admin's Reports menu, each with spreadsheet export:
joins, renewals, lapses and arrears. Each runs in a fixed number of queries (annotations,
no per-row lookups)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from website.core.states import StatusChange

from ..models import Invoice, Membership, Payment
from .columns import DateValueColumn

MONEY = DecimalField(max_digits=12, decimal_places=2)


def start_of_year(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return today.replace(month=1, day=1)


class MembershipReportView(ReportView):
    """Shared setup: membership staff (members.view_membership) only."""

    permission_policy = ModelPermissionPolicy(Membership)
    permission_required = "view"
    header_icon = "table"
    paginate_by = 50
    name = ""

    @property
    def index_url_name(self):
        return f"members_reports:{self.name}"

    @property
    def index_results_url_name(self):
        return f"members_reports:{self.name}_results"

    def get_filename(self):
        return f"{self.name}-{timezone.localdate():%Y-%m-%d}"


# Joins ------------------------------------------------------------------------------------


class JoinsFilterSet(WagtailFilterSet):
    joined_on = django_filters.DateFromToRangeFilter(
        label=_("Joined on"), widget=DateRangePickerWidget
    )
    tier = django_filters.ChoiceFilter(choices=Membership.Tier.choices, label=_("Tier"))
    status = django_filters.ChoiceFilter(choices=Membership.Status.choices, label=_("Status"))

    class Meta:
        model = Membership
        fields: list[str] = []


class JoinsReportView(MembershipReportView):
    name = "joins"
    page_title = _("Joins")
    filterset_class = JoinsFilterSet
    columns = [
        Column("number", label=_("Membership number")),
        Column("subject", label=_("Member")),
        Column("tier", label=_("Tier"), accessor="get_tier_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateValueColumn("joined_on", label=_("Joined on")),
        DateValueColumn("paid_through", label=_("Paid through")),
    ]
    list_export = [
        "number",
        "subject",
        "get_tier_display",
        "get_status_display",
        "joined_on",
        "paid_through",
    ]
    export_headings = {
        "number": _("Membership number"),
        "subject": _("Member"),
        "get_tier_display": _("Tier"),
        "get_status_display": _("Status"),
        "joined_on": _("Joined on"),
        "paid_through": _("Paid through"),
    }

    def get_queryset(self):
        return (
            Membership.objects.exclude(joined_on=None)
            .select_related("organization", "person", "person__organization")
            .order_by("-joined_on", "number")
        )


# Renewals ----------------------------------------------------------------------------------


class RenewalsFilterSet(WagtailFilterSet):
    period_start = django_filters.DateFromToRangeFilter(
        label=_("Period from"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(choices=Invoice.Status.choices, label=_("Status"))
    tier = django_filters.ChoiceFilter(
        field_name="membership__tier", choices=Membership.Tier.choices, label=_("Tier")
    )

    class Meta:
        model = Invoice
        fields: list[str] = []


class RenewalsReportView(MembershipReportView):
    """Renewal invoices: who renewed (paid), who has not yet (open, overdue)."""

    name = "renewals"
    page_title = _("Renewals")
    filterset_class = RenewalsFilterSet
    columns = [
        Column("number", label=_("Invoice number")),
        Column("membership", label=_("Membership number"), accessor="membership.number"),
        Column("member", label=_("Member"), accessor="membership.subject"),
        Column("tier", label=_("Tier"), accessor="membership.get_tier_display"),
        DateValueColumn("period_start", label=_("Period from")),
        DateValueColumn("period_end", label=_("Period until")),
        Column("amount", label=_("Amount (yuan)")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateValueColumn("paid_on", label=_("Paid on")),
    ]
    list_export = [
        "number",
        "membership.number",
        "membership.subject",
        "membership.get_tier_display",
        "period_start",
        "period_end",
        "amount",
        "get_status_display",
        "due_on",
        "paid_on",
    ]
    export_headings = {
        "number": _("Invoice number"),
        "membership.number": _("Membership number"),
        "membership.subject": _("Member"),
        "membership.get_tier_display": _("Tier"),
        "period_start": _("Period from"),
        "period_end": _("Period until"),
        "amount": _("Amount (yuan)"),
        "get_status_display": _("Status"),
        "due_on": _("Due on"),
        "paid_on": _("Paid on"),
    }

    def get_queryset(self):
        return (
            Invoice.objects.filter(kind=Invoice.Kind.RENEWAL)
            .select_related(
                "membership",
                "membership__organization",
                "membership__person",
                "membership__person__organization",
            )
            .order_by("-period_start", "number")
        )


# Lapses ------------------------------------------------------------------------------------


class LapsedFilterSet(WagtailFilterSet):
    changed_at = django_filters.DateFromToRangeFilter(
        label=_("Lapsed on"), widget=DateRangePickerWidget
    )
    tier = django_filters.ChoiceFilter(
        choices=Membership.Tier.choices, label=_("Tier"), method="filter_tier"
    )

    class Meta:
        model = StatusChange
        fields: list[str] = []

    def filter_tier(self, queryset, name, value):
        return queryset.filter(object_id__in=Membership.objects.filter(tier=value).values("pk"))


class LapsedReportView(MembershipReportView):
    name = "lapsed"
    page_title = _("Lapsed memberships")
    filterset_class = LapsedFilterSet
    columns = [
        DateValueColumn("changed_at", label=_("Lapsed on")),
        Column("number", label=_("Membership number"), accessor="subject.number"),
        Column("member", label=_("Member"), accessor="subject.subject"),
        Column("tier", label=_("Tier"), accessor="subject.get_tier_display"),
        DateValueColumn("paid_through", label=_("Paid through"), accessor="subject.paid_through"),
        Column("current", label=_("Status now"), accessor="subject.get_status_display"),
        Column("reason", label=_("Reason")),
    ]
    list_export = [
        "changed_at",
        "subject.number",
        "subject.subject",
        "subject.get_tier_display",
        "subject.paid_through",
        "subject.get_status_display",
        "reason",
    ]
    export_headings = {
        "changed_at": _("Lapsed on"),
        "subject.number": _("Membership number"),
        "subject.subject": _("Member"),
        "subject.get_tier_display": _("Tier"),
        "subject.paid_through": _("Paid through"),
        "subject.get_status_display": _("Status now"),
        "reason": _("Reason"),
    }

    def get_queryset(self):
        return (
            StatusChange.objects.for_model(Membership)
            .filter(to_status=Membership.Status.LAPSED)
            .prefetch_related(
                GenericPrefetch(
                    "subject",
                    [
                        Membership.objects.select_related(
                            "organization", "person", "person__organization"
                        )
                    ],
                )
            )
            .order_by("-changed_at", "-pk")
        )


# Arrears -----------------------------------------------------------------------------------


def with_arrears(queryset):
    """Annotate memberships with what they owe on open and overdue invoices."""
    outstanding = Invoice.objects.outstanding().filter(membership=OuterRef("pk")).order_by()
    due = outstanding.values("membership").annotate(total=Sum("amount")).values("total")
    oldest = outstanding.order_by("due_on").values("due_on")[:1]
    paid = (
        Payment.objects.filter(
            invoice__membership=OuterRef("pk"),
            invoice__status__in=[Invoice.Status.OPEN, Invoice.Status.OVERDUE],
        )
        .order_by()
        .values("invoice__membership")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    zero = Value(Decimal("0"), output_field=MONEY)
    return queryset.annotate(
        amount_due=Coalesce(Subquery(due, output_field=MONEY), zero),
        amount_paid=Coalesce(Subquery(paid, output_field=MONEY), zero),
        oldest_due_on=Subquery(oldest),
    ).annotate(arrears=F("amount_due") - F("amount_paid"))


class ArrearsFilterSet(WagtailFilterSet):
    tier = django_filters.ChoiceFilter(choices=Membership.Tier.choices, label=_("Tier"))
    status = django_filters.ChoiceFilter(choices=Membership.Status.choices, label=_("Status"))

    class Meta:
        model = Membership
        fields: list[str] = []


class ArrearsReportView(MembershipReportView):
    name = "arrears"
    page_title = _("Arrears")
    filterset_class = ArrearsFilterSet
    columns = [
        Column("number", label=_("Membership number")),
        Column("subject", label=_("Member")),
        Column("tier", label=_("Tier"), accessor="get_tier_display"),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateValueColumn("paid_through", label=_("Paid through")),
        DateValueColumn("oldest_due_on", label=_("Due since")),
        Column("arrears", label=_("Outstanding (yuan)")),
    ]
    list_export = [
        "number",
        "subject",
        "get_tier_display",
        "get_status_display",
        "paid_through",
        "oldest_due_on",
        "arrears",
    ]
    export_headings = {
        "number": _("Membership number"),
        "subject": _("Member"),
        "get_tier_display": _("Tier"),
        "get_status_display": _("Status"),
        "paid_through": _("Paid through"),
        "oldest_due_on": _("Due since"),
        "arrears": _("Outstanding (yuan)"),
    }

    def get_queryset(self):
        return (
            with_arrears(
                Membership.objects.select_related("organization", "person", "person__organization")
            )
            .filter(arrears__gt=0)
            .order_by("oldest_due_on", "number")
        )


REPORTS = [JoinsReportView, RenewalsReportView, LapsedReportView, ArrearsReportView]


def report_urls():
    urls = []
    for view in REPORTS:
        urls += [
            path(f"{view.name}/", view.as_view(), name=view.name),
            path(
                f"{view.name}/results/",
                view.as_view(results_only=True),
                name=f"{view.name}_results",
            ),
        ]
    return urls


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("members.view_membership")


def report_menu_items() -> list[MenuItem]:
    return [
        ReportMenuItem(
            view.page_title,
            reverse(f"members_reports:{view.name}"),
            name=f"members-{view.name}",
            icon_name="table",
            order=1100 + index,
        )
        for index, view in enumerate(REPORTS)
    ]
