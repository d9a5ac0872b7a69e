"""Excel workbooks for the secretariat: attendees by activity and by organization, invoice
requests, exhibitors. Built with openpyxl; each sheet is one list with a bold header row."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from website.core.exports import XLSX_TYPE, Sheet, xlsx_bytes

from .models import (
    Attendee,
    CheckIn,
    Event,
    ExhibitorApplication,
    InvoiceRequest,
    Order,
    Place,
)

XLSX = XLSX_TYPE


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _attendees(event: Event, statuses=Order.HOLDS_PLACES):
    return (
        Attendee.objects.filter(order__event=event, order__status__in=statuses)
        .select_related("order", "ticket_type")
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.select_related("activity")),
            Prefetch("checkins", queryset=CheckIn.objects.select_related("activity")),
        )
        .order_by("organization_name", "name", "pk")
    )


ATTENDEE_HEADER = (
    pgettext_lazy("events", "Name"),
    gettext_lazy("Organization"),
    gettext_lazy("Job title"),
    gettext_lazy("Mobile"),
    gettext_lazy("Email"),
    gettext_lazy("Ticket"),
    gettext_lazy("Price"),
    gettext_lazy("Member price"),
    gettext_lazy("Dietary needs"),
    gettext_lazy("Order"),
    gettext_lazy("Order status"),
    gettext_lazy("Code"),
)


def _attendee_row(attendee: Attendee) -> list:
    return [
        attendee.name,
        attendee.organization_name,
        attendee.job_title,
        attendee.mobile,
        attendee.email,
        attendee.ticket_type.name,
        float(attendee.price),
        _("Yes") if attendee.member_price else _("No"),
        " ".join(
            filter(
                None,
                [
                    attendee.get_dietary_display() if attendee.dietary else "",
                    attendee.dietary_note,
                ],
            )
        ),
        attendee.order.code,
        attendee.order.get_status_display(),
        attendee.code,
    ]


def attendees_by_activity(event: Event) -> bytes:
    """One sheet per activity with its attendees and their check-in time."""
    attendees = list(_attendees(event))
    by_activity: dict[int, list[tuple[Attendee, object]]] = defaultdict(list)
    for attendee in attendees:
        checked = {
            checkin.activity_id: checkin.checked_in_at for checkin in attendee.checkins.all()
        }
        for place in attendee.places.all():
            by_activity[place.activity_id].append((attendee, checked.get(place.activity_id)))
    return xlsx_bytes(
        Sheet(
            activity.name,
            (*ATTENDEE_HEADER, _("Checked in at")),
            [[*_attendee_row(a), _local(at)] for a, at in by_activity.get(activity.pk, [])],
        )
        for activity in event.activities.all()
    )


def attendees_by_organization(event: Event) -> bytes:
    """All attendees sorted by organization, with a summary sheet of counts per organization."""
    attendees = list(_attendees(event))
    counts: dict[str, list] = defaultdict(lambda: [0, 0])
    for attendee in attendees:
        counts[attendee.organization_name][0] += 1
        counts[attendee.organization_name][1] += float(attendee.price)
    return xlsx_bytes(
        [
            Sheet(
                _("Organizations"),
                (_("Organization"), _("Attendees"), _("Amount")),
                [[name, n, amount] for name, (n, amount) in sorted(counts.items())],
            ),
            Sheet(
                _("Attendees"),
                (*ATTENDEE_HEADER, _("Activities")),
                [
                    [*_attendee_row(a), "、".join(p.activity.name for p in a.places.all())]
                    for a in attendees
                ],
            ),
        ]
    )


def invoice_requests(queryset) -> bytes:
    rows = (
        [
            invoice.order.code,
            invoice.order.event.title,
            invoice.get_status_display(),
            invoice.get_kind_display(),
            invoice.title,
            invoice.tax_number,
            invoice.address,
            invoice.phone,
            invoice.bank_name,
            invoice.bank_account,
            invoice.email,
            float(invoice.order.total),
            float(invoice.amount) if invoice.amount is not None else None,
            invoice.invoice_number,
            _local(invoice.issued_at),
            invoice.reversal_reason,
            invoice.remarks,
        ]
        for invoice in queryset.select_related("order__event")
    )
    header = (
        _("Order"),
        _("Event"),
        _("Status"),
        _("Invoice type"),
        _("Invoice title"),
        _("Taxpayer number"),
        _("Registered address"),
        _("Registered phone"),
        _("Bank"),
        _("Bank account"),
        _("Email"),
        _("Order total"),
        _("Invoiced amount"),
        pgettext_lazy("events", "Invoice number"),
        _("Issued at"),
        _("Reason for reversal"),
        _("Remarks"),
    )
    return xlsx_bytes([Sheet(_("Invoice requests"), header, rows)])


def exhibitors(event: Event) -> bytes:
    applications = (
        ExhibitorApplication.objects.filter(event=event)
        .prefetch_related("booths__hall", "passes")
        .order_by("company_name")
    )
    sheet = Sheet(
        _("Exhibitors"),
        (
            _("Company"),
            _("Unified social credit code"),
            _("Status"),
            _("Booths"),
            _("Area (m²)"),
            _("Amount due"),
            _("Pay by"),
            _("Contact person"),
            _("Contact mobile"),
            _("Contact email"),
            _("Exhibitor passes"),
            _("Catalogue entry"),
            pgettext_lazy("events", "Website"),
        ),
        (
            [
                app.company_name,
                app.credit_code,
                app.get_status_display(),
                "、".join(f"{b.hall.name} {b.number}" for b in app.booths.all()),
                float(sum((b.area for b in app.booths.all()), 0)),
                float(app.amount),
                _local(app.payment_deadline),
                app.contact_name,
                app.contact_phone,
                app.contact_email,
                "、".join(p.name for p in app.passes.all()),
                app.catalogue_text,
                app.website,
            ]
            for app in applications
        ),
    )
    return xlsx_bytes([sheet])


def invoice_queryset_for(event: Event | None = None):
    queryset = InvoiceRequest.objects.all()
    if event is not None:
        queryset = queryset.filter(order__event=event)
    return queryset.order_by("order__event", "created_at")
