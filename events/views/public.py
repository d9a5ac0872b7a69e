"""Registering, the waiting list, offers, tickets and exhibitor applications. Thin: forms
check input, services check rules, a RegistrationError becomes a message."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from members.access import member_access, organizations_of, person_of
from website.core.cache import cached_fragment, fragment_seconds
from website.core.files import pdf_response
from website.core.kept_sql import kept_sql, set_prefetched

from .. import services
from ..forms import (
    AttendeeCountForm,
    AttendeeForm,
    ContactForm,
    ExhibitorApplicationForm,
    InvoiceForm,
    WaitingListForm,
    attendee_formset,
)
from ..models import (
    Activity,
    AlreadyPlaced,
    Attendee,
    Event,
    RegistrationError,
    TicketType,
    TrainingCertificate,
    WaitingListEntry,
)
from ..models.base import random_secret

OFFER_TOKEN = re.compile(r"[A-Za-z0-9_\-]{1,64}")
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_\-]{16,64}")


def _sent_submission_key(request: HttpRequest) -> str:
    """The registration form's one-time token as sent back, or "" when none was, or one
    tampered into something else (the form then gets a new one: never an error)."""
    sent = request.POST.get("submission", "")
    return sent if SUBMISSION_KEY.fullmatch(sent) else ""


def _attendee_count(request: HttpRequest, event: Event) -> int:
    raw = request.POST.get("n") or request.GET.get("n") or "1"
    try:
        count = int(raw)
    except (TypeError, ValueError):
        count = 1
    return max(1, min(count, event.max_attendees_per_order))


def _live_offer(request: HttpRequest, event: Event) -> WaitingListEntry | None:
    token = request.POST.get("offer") or request.GET.get("offer")
    if not token:
        return None
    if not OFFER_TOKEN.fullmatch(token):
        raise Http404
    entry = WaitingListEntry.objects.filter(
        offer_token=token, event=event, user=request.user, attendee__isnull=True
    ).first()
    if entry is None or not entry.offer_is_live():
        raise Http404
    return entry


@kept_sql
def _event_by_code(code: str):
    # With its page (the form's title and description for sharing), in the same query.
    return Event.objects.filter(code=code).select_related("page")


@kept_sql
def _active_tickets(event_id: int):
    return TicketType.objects.filter(event_id=event_id, is_active=True)


@kept_sql
def _ticket_activity_ids(event_id: int):
    return TicketType.activities.through.objects.filter(tickettype__event_id=event_id).values_list(
        "tickettype_id", "activity_id"
    )


@kept_sql
def _activities_of(event_id: int):
    return Activity.objects.filter(event_id=event_id)


@login_required
@never_cache
def register(request: HttpRequest, code: str) -> HttpResponse:
    event = next(iter(_event_by_code(code)), None)
    if event is None:
        raise Http404
    offer = _live_offer(request, event)
    state = event.registration_state()
    if state != "open" and offer is None:
        return render(request, "events/register_closed.html", {"event": event, "state": state})

    # The tickets (with the activities they admit to) and the activities are read once here
    # for every attendee's form and the service, with SQL kept per process: a registration
    # rush is this view, fifty or five hundred times at once.
    activities = _activities_of(event.pk)
    for activity in activities:
        activity.event = event  # as event.activities.all() sets it
    tickets = _active_tickets(event.pk)
    # Each ticket's activities are the event's, read above: attached as prefetch_related()
    # would attach them, from one kept query of the pairs (prefetching compiled its query and
    # built a manager's queryset per ticket on every request: a tenth of a refusal's CPU).
    admits = defaultdict(set)
    for ticket_id, activity_id in _ticket_activity_ids(event.pk):
        admits[ticket_id].add(activity_id)
    for ticket in tickets:
        set_prefetched(ticket, "activities", [a for a in activities if a.pk in admits[ticket.pk]])
    if offer is None:
        tickets = [ticket for ticket in tickets if ticket.sale_state() == "open"]
    else:
        tickets = [
            ticket
            for ticket in tickets
            if any(activity.pk == offer.activity_id for activity in ticket.activities.all())
        ]
    organizations = member_access(request).organizations
    count = 1 if offer else _attendee_count(request, event)
    FormSet = attendee_formset(count, event.max_attendees_per_order)
    # Places left are shown, not checked, here (the service checks under the lock), so they
    # are counted only when the form is rendered, not for a successful submission.
    form_kwargs = {"event": event, "tickets": tickets, "activities": activities}
    default_org = organizations[0] if len(organizations) == 1 else None
    # The invoice fields come suggested from the organization; what is typed beyond that counts.
    invoice_initial = {
        "kind": "normal",
        "title": default_org.name if default_org else "",
        "tax_number": default_org.credit_code if default_org else "",
        "address": default_org.address if default_org else "",
        "email": request.user.email,
    }

    counts = {}  # places left per activity, shown with the form
    sent_key = _sent_submission_key(request)
    if request.method == "POST":
        contact_form = ContactForm(request.POST, organizations=organizations)
        formset = FormSet(request.POST, prefix="attendee", form_kwargs=form_kwargs)
        invoice_form = InvoiceForm(request.POST, prefix="invoice", initial=invoice_initial)
        need_invoice = request.POST.get("need_invoice") == "on"
        valid = contact_form.is_valid() & formset.is_valid()
        if need_invoice:
            valid &= invoice_form.is_valid()
        elif typed := invoice_form.typed_details():
            # Never drop invoice details silently: ask to tick the box or clear them.
            contact_form.add_error(
                "need_invoice",
                _(
                    "You filled in invoice details (%(fields)s) but did not tick “We need an "
                    "invoice”. Tick it to request the invoice, or clear those fields."
                )
                % {"fields": "、".join(typed)},
            )
            valid = False
        if valid:
            try:
                order = services.place_order(
                    event,
                    user=request.user,
                    contact=contact_form.contact(),
                    attendees=[form.attendee() for form in formset.forms],
                    organization=contact_form.organization(),
                    invoice=invoice_form.invoice() if need_invoice else None,
                    notes=contact_form.cleaned_data.get("notes", ""),
                    offer=offer,
                    count_also=activities,
                    # A form without a token (or a tampered one) is placed, just not deduplicated.
                    submission_key=sent_key,
                )
            except AlreadyPlaced as error:
                messages.info(request, str(error))
                return redirect("events:order", error.order.code)
            except services.CapacityError as error:
                counts = error.counts  # the places the refusal was decided on, shown below
                messages.error(request, str(error))
                for activity in error.activities:
                    messages.info(
                        request,
                        _("“%(name)s” is full: you can join its waiting list.")
                        % {"name": activity.name},
                    )
            except RegistrationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Registration received: order %(code)s.") % {"code": order.code}
                )
                _report_waiting_list(request, formset, order)
                return redirect("events:order", order.code)
        else:
            messages.error(request, _("Please correct the errors below."))
    else:
        person = person_of(request.user)
        contact_form = ContactForm(
            organizations=organizations,
            initial={
                "on_behalf": str(default_org.pk) if default_org else "",
                "contact_name": request.user.get_full_name() or (person.name if person else ""),
                "contact_phone": getattr(request.user, "phone", "")
                or (person.phone if person else ""),
                "contact_email": request.user.email,
            },
        )
        org_name = (
            default_org.name
            if default_org
            else (person.organization.name if person and person.organization else "")
        )
        first = {
            "name": request.user.get_full_name() or (person.name if person else ""),
            "email": request.user.email,
            "mobile": getattr(request.user, "phone", "") or (person.phone if person else ""),
            "organization_name": org_name,
            "job_title": person.job_title if person else "",
        }
        initial = [first] + [{"organization_name": org_name} for _ in range(count - 1)]
        if default_org:
            initial[0] = {"organization_name": org_name}
        if offer is not None:
            initial[0].update({"name": offer.name, "email": offer.email, "mobile": offer.phone})
            initial[0]["activities"] = [offer.activity_id]
        formset = FormSet(prefix="attendee", form_kwargs=form_kwargs, initial=initial)
        invoice_form = InvoiceForm(prefix="invoice", initial=invoice_initial)
        need_invoice = False
    if not all(activity.pk in counts for activity in activities):
        counts = services.availability(activities)
    for form in formset.forms:
        form.show_availability(counts)
    # The browser adds attendees from this blank form, so changing their number keeps what
    # was typed (without JavaScript the count form reloads the page instead).
    blank_attendee = ""
    if offer is None:
        blank_attendee = _blank_attendee(
            event,
            lambda: formset.empty_form,
            tickets=tickets,
            activities=activities,
            counts=counts,
            organization_name=org_name if request.method != "POST" else "",
        )
    return render(
        request,
        "events/register.html",
        {
            "event": event,
            "page": getattr(event, "page", None),
            "offer": offer,
            "count": count,
            "counts": [(activity, counts[activity.pk]) for activity in activities],
            "contact_form": contact_form,
            "formset": formset,
            "invoice_form": invoice_form,
            "blank_attendee": blank_attendee,
            "need_invoice": need_invoice,
            "tickets": tickets,
            "count_form": AttendeeCountForm(
                initial={"n": count}, maximum=event.max_attendees_per_order
            ),
            # Kept when the form is shown again, so sending it after an error still counts once.
            "submission": sent_key or random_secret(),
        },
    )


def _blank_attendee(
    event: Event,
    blank_form: Callable[[], AttendeeForm],
    *,
    tickets,
    activities,
    counts,
    organization_name: str,
) -> str:
    """The blank attendee the browser copies to add one. The same for every registrant given
    the tickets on sale, the optional activities' places left and the organization suggested,
    so it is rendered once for them (a third of the form's fields) and kept until the event,
    its activities or tickets change, or an early-bird price ends."""
    signature = repr(
        (
            get_language(),
            [ticket.pk for ticket in tickets],
            [
                (activity.pk, counts[activity.pk].free)
                for activity in activities
                if activity.is_optional
            ],
            organization_name,
        )
    )
    key = f"events:blank-attendee:{event.pk}:{hashlib.sha256(signature.encode()).hexdigest()}"

    def render_blank() -> str:
        form = blank_form()  # built only when the kept one has gone (a form costs its fields)
        form.show_availability(counts)
        form.initial = {"organization_name": organization_name} if organization_name else {}
        return render_to_string("events/includes/blank_attendee.html", {"form": form})

    return cached_fragment(key, render_blank, fragment_seconds(), areas=["events"])


def _report_waiting_list(request: HttpRequest, formset, order) -> None:
    """Tell the registrant which waiting lists their attendees joined, and which not."""
    if not any(form.cleaned_data.get("waiting_list") for form in formset.forms):
        return
    queued = {(entry.attendee_id, entry.activity_id) for entry in order.waiting_entries}
    attendees = {attendee.email.lower(): attendee for attendee in order.attendees.all()}
    for form in formset.forms:
        attendee = attendees.get(form.cleaned_data["email"].strip().lower())
        for activity in form.cleaned_data.get("waiting_list") or []:
            values = {"name": form.cleaned_data["name"], "activity": activity.name}
            if attendee is not None and (attendee.pk, activity.pk) in queued:
                messages.info(
                    request,
                    _(
                        "%(name)s is on the waiting list for “%(activity)s”; we will email "
                        "you when a place frees up."
                    )
                    % values,
                )
            else:
                messages.warning(
                    request,
                    _(
                        "%(name)s could not join the waiting list for “%(activity)s” (a place "
                        "may have freed up): book it or queue for it from the order page."
                    )
                    % values,
                )


@login_required
@never_cache
def join_waiting_list(request: HttpRequest, code: str, activity_id: int) -> HttpResponse:
    event = get_object_or_404(Event, code=code)
    activity = get_object_or_404(event.activities, pk=activity_id)
    person = person_of(request.user)
    form = WaitingListForm(
        request.POST or None,
        initial={
            "name": request.user.get_full_name(),
            "email": request.user.email,
            "phone": getattr(request.user, "phone", ""),
            "organization_name": person.organization.name if person and person.organization else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.join_waiting_list(activity, user=request.user, **form.cleaned_data)
        except RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "You are on the waiting list for “%(name)s”. We will email you when a place frees up."
                )
                % {"name": activity.name},
            )
            return redirect("events:my")
    return render(
        request,
        "events/waiting_list_form.html",
        {"event": event, "activity": activity, "form": form},
    )


@login_required
@never_cache
def offer(request: HttpRequest, token: str) -> HttpResponse:
    entry = get_object_or_404(
        WaitingListEntry.objects.of_user(request.user).select_related(
            "event", "activity", "attendee"
        ),
        offer_token=token,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "decline":
                services.withdraw_entry(entry, user=request.user, reason=_("Offer declined"))
                messages.info(
                    request, _("You declined the offer; the place goes to the next person.")
                )
                return redirect("events:my")
            if action == "accept":
                if entry.attendee_id is None:
                    return redirect(
                        reverse("events:register", args=[entry.event.code])
                        + f"?offer={entry.offer_token}"
                    )
                services.accept_offer(entry, user=request.user)
                messages.success(
                    request,
                    _("%(name)s now has a place in “%(activity)s”.")
                    % {"name": entry.attendee.name, "activity": entry.activity.name},
                )
                return redirect("events:order", entry.attendee.order.code)
        except RegistrationError as error:
            messages.error(request, str(error))
    return render(request, "events/offer.html", {"entry": entry, "live": entry.offer_is_live()})


def _ticket_attendee(code: str, secret: str) -> Attendee:
    attendee = (
        Attendee.objects.select_related("order__event", "ticket_type")
        .filter(code=code.upper())
        .first()
    )
    if attendee is None or not secrets_equal(attendee.secret, secret):
        raise Http404
    return attendee


def secrets_equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


@never_cache
def ticket(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    """An attendee's own page: confirmation, QR code, badge and certificate. The link in the
    confirmation email is the key; there is no login for attendees."""
    from website.core.qr import qr_svg

    attendee = _ticket_attendee(code, secret)
    order = attendee.order
    return render(
        request,
        "events/ticket.html",
        {
            "attendee": attendee,
            "order": order,
            "event": order.event,
            "activities": list(attendee.activities.all()),
            "confirmed": order.status == order.Status.CONFIRMED,
            "qr": qr_svg(attendee.code) if order.status == order.Status.CONFIRMED else "",
            "certificate": TrainingCertificate.objects.filter(attendee=attendee).first(),
        },
    )


@never_cache
def ticket_badge(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    from ..pdf import badges_pdf

    attendee = _ticket_attendee(code, secret)
    if attendee.order.status != attendee.order.Status.CONFIRMED:
        raise Http404
    return pdf_response(badges_pdf([attendee], title=attendee.name), f"badge-{attendee.code}.pdf")


@never_cache
def ticket_certificate(request: HttpRequest, code: str, secret: str) -> HttpResponse:
    from ..pdf import certificate_pdf

    attendee = _ticket_attendee(code, secret)
    certificate = get_object_or_404(TrainingCertificate, attendee=attendee)
    return pdf_response(certificate_pdf(certificate), f"certificate-{certificate.number}.pdf")


@login_required
@never_cache
def exhibit(request: HttpRequest, code: str) -> HttpResponse:
    event = get_object_or_404(Event, code=code, has_expo=True)
    organizations = list(organizations_of(request.user))
    org = organizations[0] if organizations else None
    form = ExhibitorApplicationForm(
        request.POST or None,
        event=event,
        initial={
            "company_name": org.name if org else "",
            "credit_code": org.credit_code if org else "",
            "contact_name": request.user.get_full_name(),
            "contact_phone": getattr(request.user, "phone", ""),
            "contact_email": request.user.email,
            "website": org.website if org else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply_for_booth(
                event, user=request.user, data=services.ApplicationData(**form.cleaned_data)
            )
        except RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your application to exhibit has been received."))
            return redirect("events:exhibitor", application.pk)
    return render(request, "events/exhibit.html", {"event": event, "form": form})
