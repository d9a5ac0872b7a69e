"""The registrant's side in the member portal: orders, attendees, invoices, proofs, waiting
list, exhibitor applications. Every object is fetched through `visible_to(user)`, so another
organization's order, invoice or upload is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from members.access import member_access
from website.core.files import pdf_response, private_file_response
from website.core.kept_sql import as_user, kept_sql

from .. import services
from ..forms import CancelForm, CatalogueForm, InvoiceForm, PassForm, ProofForm, ReplaceForm
from ..models import (
    Activity,
    Attendee,
    ExhibitorApplication,
    InvoiceRequest,
    Order,
    PaymentProof,
    Place,
    RegistrationError,
    WaitingListEntry,
)


def visible_orders(user):
    return Order.objects.visible_to(user).select_related("event", "organization")


def _order(request: HttpRequest, code: str) -> Order:
    return get_object_or_404(visible_orders(request.user), code=code)


def _attendee(request: HttpRequest, pk: int) -> Attendee:
    return get_object_or_404(
        Attendee.objects.filter(order__in=Order.objects.visible_to(request.user)).select_related(
            "order__event", "ticket_type"
        ),
        pk=pk,
    )


@login_required
@never_cache
def my_events(request: HttpRequest) -> HttpResponse:
    # The user's organizations by id (one index lookup): with a literal list PostgreSQL reads
    # the orders' two indexes instead of filtering every order, newest first, by a subquery.
    organization_ids = member_access(request).organization_ids
    user_id = request.user.pk
    return render(
        request,
        "events/portal/my_events.html",
        {
            "orders": _my_orders(user_id, organization_ids),
            "entries": _my_waiting_list_entries(user_id),
            "applications": _my_exhibitor_applications(user_id, organization_ids),
        },
    )


# The lists of "my events", with SQL kept per process (website.core.kept_sql).
@kept_sql
def _my_orders(user_id: int, organization_ids: list[int]):
    return (
        Order.objects.visible_to(as_user(user_id), organization_ids=organization_ids)
        .select_related("event", "organization")
        .prefetch_related("attendees")
        .order_by("-created_at")[:100]
    )


@kept_sql
def _my_waiting_list_entries(user_id: int):
    return (
        WaitingListEntry.objects.of_user(as_user(user_id))
        .active()
        .select_related("event", "activity")
    )


@kept_sql
def _my_exhibitor_applications(user_id: int, organization_ids: list[int]):
    return ExhibitorApplication.objects.visible_to(
        as_user(user_id), organization_ids=organization_ids
    ).select_related("event")


@login_required
@never_cache
def order_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _order_page(request, _order(request, code))


def _order_page(
    request: HttpRequest, order: Order, proof_form: ProofForm | None = None
) -> HttpResponse:
    event = order.event
    attendees = list(
        order.attendees.select_related("ticket_type")
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.select_related("activity")),
            "ticket_type__activities",
            Prefetch(
                "waiting_list_entries",
                queryset=WaitingListEntry.objects.active().select_related("activity"),
            ),
        )
        .order_by("pk")
    )
    counts = services.availability(event.activities.all())
    for attendee in attendees:
        held = {place.activity_id for place in attendee.places.all()}
        waiting = {entry.activity_id for entry in attendee.waiting_list_entries.all()}
        attendee.full_options = [
            activity
            for activity in attendee.ticket_type.activities.all()
            if activity.is_optional
            and activity.pk not in held
            and activity.pk not in waiting
            and counts[activity.pk].is_full
        ]
    invoice = InvoiceRequest.objects.filter(order=order).first()
    invoice_form = None
    if order.holds_places and (invoice is None or invoice.is_editable):
        invoice_form = (
            InvoiceForm(instance=invoice, prefix="invoice")
            if invoice
            else InvoiceForm(
                prefix="invoice",
                initial={
                    "kind": "normal",
                    "title": order.organization.name if order.organization else "",
                    "tax_number": order.organization.credit_code if order.organization else "",
                    "email": order.contact_email,
                },
            )
        )
    fee = event.cancellation_fee_for(order.total) if order.status == Order.Status.CONFIRMED else 0
    return render(
        request,
        "events/portal/order_detail.html",
        {
            "order": order,
            "event": event,
            "attendees": attendees,
            "payments": list(order.payments.all()),
            "refunds": list(order.refunds.all()),
            "proofs": list(order.proofs.all()),
            "paid": order.paid_amount(),
            "due": order.amount_due(),
            "invoice": invoice,
            "invoice_form": invoice_form,
            "proof_form": proof_form or ProofForm(),
            "cancel_form": CancelForm(),
            "cancel_fee": fee,
            "can_cancel": _can_cancel(order),
            "can_replace": order.holds_places and event.replacement_open(),
            "history": list(order.status_history()[:20]),
        },
    )


def _can_cancel(order: Order) -> bool:
    if order.is_open:
        return True
    return (
        order.status == Order.Status.CONFIRMED
        and order.event.cancellation_open()
        and not order.cancellation_requested_at
    )


@login_required
@require_POST
def order_cancel(request: HttpRequest, code: str) -> HttpResponse:
    order = _order(request, code)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        order = services.cancel_order(order, user=request.user, reason=reason)
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        if order.is_cancelled:
            messages.success(request, _("The order has been cancelled."))
        else:
            messages.info(request, _("Your cancellation request has been sent to the secretariat."))
    return redirect("events:order", order.code)


@login_required
@require_POST
def order_invoice(request: HttpRequest, code: str) -> HttpResponse:
    order = _order(request, code)
    invoice = InvoiceRequest.objects.filter(order=order).first()
    form = InvoiceForm(request.POST, instance=invoice, prefix="invoice")
    if form.is_valid():
        try:
            services.save_invoice_request(order, user=request.user, data=form.invoice())
        except RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The invoice details have been saved."))
            return redirect("events:order", order.code)
    else:
        messages.error(request, _("Please correct the invoice details."))
    return render(
        request,
        "events/portal/invoice_form.html",
        {"order": order, "event": order.event, "form": form},
        status=200,
    )


@login_required
@require_POST
def order_proof(request: HttpRequest, code: str) -> HttpResponse:
    order = _order(request, code)
    form = ProofForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_proof(
                order,
                user=request.user,
                file=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Thank you. The secretariat will confirm once the transfer arrives.")
            )
    else:
        # The order's page again, with the form's errors and the note as typed.
        return _order_page(request, order, proof_form=form)
    return redirect("events:order", order.code)


@login_required
@never_cache
def proof_download(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A private upload, to the order's registrants and to events staff only."""
    if request.user.has_perm("events.view_paymentproof"):
        proof = get_object_or_404(PaymentProof, pk=pk, order__code=code)
    else:
        proof = get_object_or_404(PaymentProof, pk=pk, order=_order(request, code))
    return private_file_response(
        proof.file, filename=proof.original_name, content_type=proof.content_type
    )


@login_required
@never_cache
def attendee_replace(request: HttpRequest, pk: int) -> HttpResponse:
    attendee = _attendee(request, pk)
    form = ReplaceForm(
        request.POST or None, initial={"organization_name": attendee.organization_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_attendee(attendee, user=request.user, **form.cleaned_data)
        except RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s replaces %(old)s; a new confirmation has been sent.")
                % {"name": form.cleaned_data["name"], "old": attendee.name},
            )
            return redirect("events:order", attendee.order.code)
    return render(
        request,
        "events/portal/replace.html",
        {
            "attendee": attendee,
            "order": attendee.order,
            "event": attendee.order.event,
            "form": form,
        },
    )


@login_required
@require_POST
def attendee_wait(request: HttpRequest, pk: int, activity_id: int) -> HttpResponse:
    attendee = _attendee(request, pk)
    activity = get_object_or_404(Activity, pk=activity_id, event=attendee.order.event)
    try:
        services.join_waiting_list(activity, user=request.user, attendee=attendee)
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is on the waiting list for “%(activity)s”.")
            % {"name": attendee.name, "activity": activity.name},
        )
    return redirect("events:order", attendee.order.code)


@login_required
@require_POST
def waiting_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(WaitingListEntry.objects.of_user(request.user), pk=pk)
    try:
        services.withdraw_entry(entry, user=request.user, reason=_("Withdrawn by the registrant"))
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You have left the waiting list."))
    return redirect("events:my")


def _application(request: HttpRequest, pk: int) -> ExhibitorApplication:
    return get_object_or_404(
        ExhibitorApplication.objects.visible_to(request.user).select_related("event"), pk=pk
    )


@login_required
@never_cache
def exhibitor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    allowance = application.pass_allowance()
    passes = list(application.passes.all())
    PassFormSet = _pass_formset(allowance)
    if request.method == "POST" and request.POST.get("form") == "catalogue":
        catalogue_form = CatalogueForm(request.POST, request.FILES)
        if catalogue_form.is_valid():
            data = catalogue_form.cleaned_data
            try:
                services.save_catalogue_entry(
                    application,
                    user=request.user,
                    text=data["catalogue_text"],
                    logo=data.get("logo") or None,
                    website=data.get("website", ""),
                )
            except RegistrationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The catalogue entry has been saved."))
                return redirect("events:exhibitor", application.pk)
    else:
        catalogue_form = CatalogueForm(
            initial={"catalogue_text": application.catalogue_text, "website": application.website}
        )
    if request.method == "POST" and request.POST.get("form") == "passes":
        pass_formset = PassFormSet(request.POST, prefix="pass")
        if pass_formset.is_valid():
            people = [
                services.PassData(**form.cleaned_data)
                for form in pass_formset.forms
                if form.cleaned_data.get("name")
            ]
            try:
                services.set_exhibitor_passes(application, user=request.user, people=people)
            except RegistrationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The exhibitor passes have been saved."))
                return redirect("events:exhibitor", application.pk)
    else:
        pass_formset = PassFormSet(
            prefix="pass",
            initial=[
                {"name": p.name, "mobile": p.mobile, "job_title": p.job_title} for p in passes
            ],
        )
    return render(
        request,
        "events/portal/exhibitor_detail.html",
        {
            "application": application,
            "event": application.event,
            "booths": list(application.booths.select_related("hall")),
            "passes": passes,
            "allowance": allowance,
            "paid": application.paid_amount(),
            "catalogue_form": catalogue_form,
            "pass_formset": pass_formset,
            "can_edit_passes": application.status
            in (ExhibitorApplication.Status.ALLOCATED, ExhibitorApplication.Status.CONFIRMED),
        },
    )


def _pass_formset(allowance: int):
    from django import forms

    return forms.formset_factory(
        PassForm,
        extra=max(allowance, 0),
        max_num=max(allowance, 0),
        validate_max=True,
        absolute_max=max(allowance, 1),
    )


@login_required
@never_cache
def exhibitor_passes_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    from ..pdf import exhibitor_passes_pdf

    application = _application(request, pk)
    if application.status != ExhibitorApplication.Status.CONFIRMED:
        raise Http404
    passes = application.passes.select_related("application__event")
    return pdf_response(exhibitor_passes_pdf(passes), f"exhibitor-passes-{application.pk}.pdf")


@login_required
@require_POST
def exhibitor_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    try:
        services.withdraw_application(
            application, user=request.user, reason=_("Withdrawn by the applicant")
        )
    except RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The application has been withdrawn."))
    return redirect("events:exhibitor", application.pk)
