"""The membership panel on the Wagtail admin home: members by tier and status, joins and
lapses this year, and figures other parts register (dues outstanding).

Extension point: `register_figure(key, fn)` where fn(request) returns
{"label": ..., "value": ..., "url": ...} or None; figures are shown in registration order.

The numbers are aggregates over every membership and open invoice (a scan of 100,000 rows took
30-45 ms of the database on each view of the admin home), so they are kept per cache area
(website.core.cache): "directory" for memberships and their status changes, "dues" for invoices
and payments, and until the year turns for "this year". The labels are made at each view, in
the viewer's language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from website.core.cache import cached_fragment, fragment_seconds, valid_until
from website.core.states import StatusChange

from .models import Invoice, Membership, Payment

Figure = Callable[..., dict | None]
_figures: dict[str, Figure] = {}


def register_figure(key: str, figure: Figure) -> None:
    _figures[key] = figure


def _year_start() -> datetime.datetime:
    today = timezone.localdate()
    return timezone.make_aware(datetime.datetime(today.year, 1, 1))


def _dues_totals() -> tuple[Decimal, int, int]:
    """What members owe on open and overdue invoices, in two grouped queries over those
    invoices only (the status index): annotating every membership with its arrears, as the
    arrears report does for one page, took 0.6-0.8 s at 100,000 memberships. Returns the sum
    owed, the members who owe it and the open invoices."""
    outstanding = Invoice.objects.outstanding().order_by()
    due: dict[int, Decimal] = {}
    open_invoices = 0
    for row in outstanding.values("membership_id").annotate(total=Sum("amount"), n=Count("pk")):
        due[row["membership_id"]] = row["total"] or Decimal("0")
        open_invoices += row["n"]
    paid = (
        Payment.objects.filter(invoice__in=outstanding)
        .order_by()
        .values_list("invoice__membership_id")
        .annotate(total=Sum("amount"))
    )
    for membership_id, total in paid:
        due[membership_id] = due.get(membership_id, Decimal("0")) - (total or Decimal("0"))
    arrears = [amount for amount in due.values() if amount > 0]
    return sum(arrears, Decimal("0")), len(arrears), open_invoices


def dues_outstanding(request) -> dict | None:
    owed, members, open_invoices = cached_fragment(
        "admin:dues-outstanding", _dues_totals, fragment_seconds(), areas=["dues"], declare=False
    )
    return {
        "label": _("Dues outstanding"),
        "value": f"¥{owed:,.2f}",
        "detail": _("%(members)d members, %(invoices)d open invoices")
        % {"members": members, "invoices": open_invoices},
        "url": reverse("members_reports:arrears"),
    }


register_figure("dues_outstanding", dues_outstanding)


def _membership_counts() -> dict:
    """Memberships by tier and status (one query), joined and lapsed this year."""
    year_start = _year_start()
    valid_until(year_start.replace(year=year_start.year + 1))
    by_cell = {
        (row["tier"], row["status"]): row["n"]
        for row in Membership.objects.order_by().values("tier", "status").annotate(n=Count("pk"))
    }
    return {
        "cells": by_cell,
        "joined": Membership.objects.filter(joined_on__gte=year_start.date()).count(),
        "lapsed": StatusChange.objects.for_model(Membership)
        .filter(to_status=Membership.Status.LAPSED, changed_at__gte=year_start)
        .count(),
    }


def membership_counts() -> dict:
    """`_membership_counts()`, kept until a membership changes or the year turns."""
    return cached_fragment(
        f"admin:membership-counts:{_year_start().year}",
        _membership_counts,
        fragment_seconds(),
        areas=["directory"],
        declare=False,
    )


def membership_summary(counts: dict) -> dict:
    """The counts by tier and status (`membership_counts()`), arranged as table rows."""
    cells_by_key = counts["cells"]
    statuses = list(Membership.Status)
    rows = []
    for tier in Membership.Tier:
        cells = [cells_by_key.get((tier.value, status.value), 0) for status in statuses]
        rows.append({"tier": tier.label, "value": tier.value, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(statuses))]
    return {"statuses": statuses, "rows": rows, "totals": totals, "total": sum(totals)}


class MembershipPanel(Component):
    name = "membership_dashboard"
    template_name = "members/admin/dashboard_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        year_start = _year_start()
        counts = membership_counts()
        summary = membership_summary(counts)
        figures = [
            {
                "label": _("Joined this year"),
                "value": counts["joined"],
                "url": reverse("members_reports:joins")
                + f"?joined_on_after={year_start.date():%Y-%m-%d}",
            },
            {
                "label": _("Lapsed this year"),
                "value": counts["lapsed"],
                "url": reverse("members_reports:lapsed")
                + f"?changed_at_after={year_start.date():%Y-%m-%d}",
            },
            {
                "label": _("In good standing"),
                "value": sum(
                    summary["totals"][i]
                    for i, status in enumerate(summary["statuses"])
                    if status in Membership.Status.good_standing()
                ),
                "url": reverse("member_membership:index") + "?status=active",
            },
        ]
        for figure in _figures.values():
            value = figure(self.request)
            if value is not None:
                figures.append(value)
        return {**summary, "figures": figures, "request": self.request}
