"""On-site pages of the back office: check-in desk, per-activity lists, badges, training
certificates and spreadsheets. Wagtail wraps them in its admin access check; each view also
checks the permission it needs."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from website.core.files import pdf_response

from . import exports, services
from .forms import CheckInForm, ReleaseHoldForm
from .models import (
    Activity,
    Attendee,
    CheckIn,
    Event,
    ExhibitorPass,
    Order,
    Place,
    RegistrationError,
    TrainingCertificate,
)
from .services.holds import SORTS


def require(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _render(request, template: str, context: dict, title: str) -> HttpResponse:
    context.setdefault("page_title", title)
    context.setdefault("header_title", title)
    return TemplateResponse(request, template, context)


@require("events.view_order")
def onsite_index(request: HttpRequest) -> HttpResponse:
    events = list(Event.objects.upcoming()) + list(Event.objects.past()[:10])
    return _render(
        request, "events/admin/onsite_index.html", {"events": events}, _("On site and reports")
    )


@require("events.check_in")
@never_cache
def checkin(request: HttpRequest, event_id: int) -> HttpResponse:
    """The check-in desk: a scanner types the code and Enter; so can a person."""
    event = get_object_or_404(Event, pk=event_id)
    result = None
    activity_id = request.POST.get("activity") or request.GET.get("activity")
    form = CheckInForm(
        request.POST or None,
        event=event,
        initial={"activity": activity_id or event.activities.values_list("pk", flat=True).first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.check_in(
                event,
                form.cleaned_data["code"],
                activity=form.cleaned_data["activity"],
                user=request.user,
                method=form.cleaned_data.get("method") or CheckIn.Method.SCAN,
            )
        except RegistrationError as error:
            # The code stays in the field, so a typing slip can be corrected.
            messages.error(request, str(error))
        else:
            at = date_format(timezone.localtime(result.at), "DATETIME_FORMAT")
            who = result.attendee.name if result.attendee else result.exhibitor_pass.name
            if result.already:
                messages.warning(
                    request,
                    _("%(name)s was already checked in at %(at)s.") % {"name": who, "at": at},
                )
            else:
                messages.success(request, _("%(name)s checked in.") % {"name": who})
            # A fresh, empty code field for the next scan; the activity stays chosen.
            form = CheckInForm(event=event, initial={"activity": form.cleaned_data["activity"].pk})
    return _render(
        request,
        "events/admin/checkin.html",
        {"event": event, "form": form, "result": result, "counts": services.activity_counts(event)},
        _("Check-in: %(event)s") % {"event": event.title},
    )


@require("events.check_in")
@never_cache
def counts(request: HttpRequest, event_id: int) -> JsonResponse:
    event = get_object_or_404(Event, pk=event_id)
    return JsonResponse(
        {
            "activities": [
                {
                    "id": row["activity"].pk,
                    "name": row["activity"].name,
                    "capacity": row["capacity"],
                    "confirmed": row["confirmed"],
                    "pending": row["pending"],
                    "offered": row["offered"],
                    "free": row["free"],
                    "checked_in": row["checked_in"],
                }
                for row in services.activity_counts(event)
            ],
            "exhibitors_in": ExhibitorPass.objects.filter(
                application__event=event, checked_in_at__isnull=False
            ).count(),
        }
    )


@require("events.view_order")
def activity_list(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = get_object_or_404(Activity.objects.select_related("event"), pk=activity_id)
    places = (
        Place.objects.filter(activity=activity, attendee__order__status=Order.Status.CONFIRMED)
        .select_related("attendee__order", "attendee__ticket_type")
        .order_by("attendee__organization_name", "attendee__name")
    )
    checked = dict(
        CheckIn.objects.filter(activity=activity).values_list("attendee_id", "checked_in_at")
    )
    rows = [(place.attendee, checked.get(place.attendee_id)) for place in places]
    return _render(
        request,
        "events/admin/activity_list.html",
        {
            "activity": activity,
            "event": activity.event,
            "rows": rows,
            "checked_count": sum(1 for _row, at in rows if at),
        },
        _("Check-in list: %(activity)s") % {"activity": activity.name},
    )


def _confirmed_attendees():
    return Attendee.objects.filter(order__status=Order.Status.CONFIRMED).select_related(
        "order__event", "ticket_type"
    )


@require("events.print_badges")
def activity_badges(request: HttpRequest, activity_id: int) -> HttpResponse:
    from .pdf import badges_pdf

    activity = get_object_or_404(Activity, pk=activity_id)
    attendees = (
        _confirmed_attendees()
        .filter(places__activity=activity)
        .order_by("organization_name", "name")
    )
    return pdf_response(badges_pdf(attendees, title=activity.name), f"badges-{activity.pk}.pdf")


@require("events.print_badges")
def order_badges(request: HttpRequest, order_id: int) -> HttpResponse:
    from .pdf import badges_pdf

    order = get_object_or_404(Order, pk=order_id, status=Order.Status.CONFIRMED)
    attendees = _confirmed_attendees().filter(order=order).order_by("pk")
    return pdf_response(badges_pdf(attendees, title=order.code), f"badges-{order.code}.pdf")


@require("events.print_badges")
def exhibitor_passes(request: HttpRequest, event_id: int) -> HttpResponse:
    from .pdf import exhibitor_passes_pdf

    event = get_object_or_404(Event, pk=event_id)
    passes = (
        ExhibitorPass.objects.filter(application__event=event, application__status="confirmed")
        .select_related("application__event")
        .prefetch_related("application__booths__hall")
        .order_by("application__company_name", "pk")
    )
    return pdf_response(exhibitor_passes_pdf(passes), f"exhibitor-passes-{event.code}.pdf")


@require("events.print_badges")
def certificates(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    if not event.gives_training_certificates:
        raise Http404("Only a training gives completion certificates.")
    if request.method == "POST":
        issued = services.issue_training_certificates(event, user=request.user)
        messages.success(request, _("%(count)d certificates issued.") % {"count": len(issued)})
        return redirect("events_onsite:certificates", event.pk)
    issued = TrainingCertificate.objects.filter(attendee__order__event=event).select_related(
        "attendee"
    )
    return _render(
        request,
        "events/admin/certificates.html",
        {"event": event, "certificates": issued},
        _("Training certificates: %(event)s") % {"event": event.title},
    )


@require("events.print_badges")
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    from .pdf import certificate_pdf

    item = get_object_or_404(
        TrainingCertificate.objects.select_related("attendee__order__event"), pk=pk
    )
    return pdf_response(certificate_pdf(item), f"certificate-{item.number}.pdf")


@require("events.view_order")
@never_cache
def holds(request: HttpRequest, event_id: int) -> HttpResponse:
    """Who holds the event's places without having paid or been approved, largest first;
    staff with the right to change orders can release a hold with a reason."""
    event = get_object_or_404(Event, pk=event_id)
    sort = request.GET.get("sort", "places")
    if sort not in SORTS:
        sort = "places"
    form = None
    if request.method == "POST":
        if not request.user.has_perm("events.change_order"):
            raise PermissionDenied
        form = ReleaseHoldForm(request.POST, event=event)
        if form.is_valid():
            order = form.cleaned_data["order"]
            try:
                services.release_hold(order, user=request.user, reason=form.cleaned_data["reason"])
            except RegistrationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("The places of order %(code)s were released.") % {"code": order.code}
                )
                return redirect(f"{request.path}?sort={sort}")
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
    return _render(
        request,
        "events/admin/holds.html",
        {
            "event": event,
            "sort": sort,
            "groups": services.holders(event, sort=sort),
            "release_form": form,
            "can_release": request.user.has_perm("events.change_order"),
            "sorts": [
                ("places", _("Places held")),
                ("orders", _("Open orders")),
                ("expiry", _("Earliest expiry")),
                ("name", _("Name")),
            ],
        },
        _("Held places: %(event)s") % {"event": event.title},
    )


EXPORTS = {
    "attendees-by-activity": exports.attendees_by_activity,
    "attendees-by-organization": exports.attendees_by_organization,
    "exhibitors": exports.exhibitors,
    "invoice-requests": lambda event: exports.invoice_requests(exports.invoice_queryset_for(event)),
}


@require("events.view_order")
def export(request: HttpRequest, event_id: int, kind: str) -> HttpResponse:
    event = get_object_or_404(Event, pk=event_id)
    build = EXPORTS.get(kind)
    if build is None:
        return HttpResponse(status=404)
    response = HttpResponse(build(event), content_type=exports.XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{event.code}-{kind}-{stamp}.xlsx"'
    return response


def dashboard_rows(limit: int = 5) -> list[dict]:
    """Registrations against capacity for the coming events, for the admin home panel."""
    events = list(
        Event.objects.upcoming().prefetch_related(
            Prefetch("activities", queryset=Activity.objects.order_by("sort_order", "pk"))
        )[:limit]
    )
    counts = services.activity_counts_of(events)
    return [{"event": event, "counts": counts[event.pk]} for event in events]


urlpatterns = [
    path("", onsite_index, name="index"),
    path("<int:event_id>/checkin/", checkin, name="checkin"),
    path("<int:event_id>/counts.json", counts, name="counts"),
    path("<int:event_id>/certificates/", certificates, name="certificates"),
    path("<int:event_id>/holds/", holds, name="holds"),
    path("<int:event_id>/exhibitor-passes.pdf", exhibitor_passes, name="exhibitor_passes"),
    path("<int:event_id>/export/<slug:kind>.xlsx", export, name="export"),
    path("activity/<int:activity_id>/", activity_list, name="activity"),
    path("activity/<int:activity_id>/badges.pdf", activity_badges, name="activity_badges"),
    path("order/<int:order_id>/badges.pdf", order_badges, name="order_badges"),
    path("certificate/<int:pk>.pdf", certificate, name="certificate"),
]
