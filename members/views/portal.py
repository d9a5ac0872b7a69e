"""The member portal under /account/ (namespace "member_portal"): the organization's profile
and contacts, memberships, invoices and proofs of payment, the membership certificate.

Every view finds its object through a queryset limited to what the user may see, so a
guessed id of another organization's object is a 404; an action the user's role does not
allow is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members import services, verification
from members.access import (
    individual_membership_of,
    is_membership_staff,
    is_organization_admin,
    member_access,
    organizations_of,
)
from members.forms import (
    ChangeRequestForm,
    InviteForm,
    OrganizationProfileForm,
    PaymentProofForm,
    PersonProfileForm,
)
from members.models import (
    ContactInvitation,
    Invoice,
    Membership,
    MembershipApplication,
    MembershipError,
    OrganizationContact,
    PaymentProof,
    Person,
    ProfileChangeRequest,
)
from website.core import payments
from website.core.files import pdf_response, private_file_response
from website.core.kept_sql import as_user, kept_sql
from website.core.states import StatusChange


def member_context(request: HttpRequest) -> dict:
    """The user's contact roles and own membership, computed once per request."""
    access = member_access(request)
    return {"contacts": access.contacts, "individual": access.individual}


def visible_memberships(request: HttpRequest):
    """The memberships the user may see, by the ids the request already read."""
    return Membership.objects.filter(pk__in=member_access(request).membership_ids)


def _invoices_of(request: HttpRequest):
    return _invoices_of_memberships(member_access(request).membership_ids)


def _invoices_of_memberships(membership_ids: list[int]):
    """The invoices of the memberships the user may see (by their ids), with their holders."""
    return Invoice.objects.filter(membership_id__in=membership_ids).select_related(
        "membership__organization", "membership__person"
    )


def _admin_or_403(request: HttpRequest, organization) -> None:
    if not is_organization_admin(request.user, organization):
        raise PermissionDenied(_("Only the organization's administrator may do this."))


# Navigation and the dashboard section ---------------------------------------------------------


def nav_links(request: HttpRequest) -> list[tuple[str, str]]:
    context = member_context(request)
    links = [(_("Membership"), reverse("member_portal:membership"))]
    for contact in context["contacts"]:
        organization = contact.organization
        label = organization.short_name or organization.name
        links.append((label, reverse("member_portal:organization", kwargs={"pk": organization.pk})))
    if context["individual"]:
        links.append((_("My member profile"), reverse("member_portal:person")))
    if context["contacts"] or context["individual"]:
        links.append((_("Dues and invoices"), reverse("member_portal:invoices")))
    return links


@kept_sql
def _outstanding_invoices(membership_ids: list[int]):
    return (
        Invoice.objects.filter(membership_id__in=membership_ids)
        .outstanding()
        .select_related("membership")
        .order_by("due_on")[:5]
    )


@kept_sql
def _undecided_applications(user_id: int):
    return MembershipApplication.objects.of_user(as_user(user_id)).exclude(
        status=MembershipApplication.Status.APPROVED
    )[:5]


def dashboard_section(request: HttpRequest, obj) -> dict | None:
    access = member_access(request)
    memberships = access.memberships
    outstanding = _outstanding_invoices([m.pk for m in memberships])
    applications = _undecided_applications(request.user.pk)
    return {
        "contacts": access.contacts,
        "memberships": memberships,
        "outstanding": outstanding,
        "applications": applications,
    }


# Membership overview ------------------------------------------------------------------------


@login_required
def membership(request: HttpRequest) -> HttpResponse:
    context = member_context(request)
    return render(
        request,
        "members/portal/membership.html",
        {
            "contacts": context["contacts"],
            "individual": context["individual"],
            "applications": _applications_of_user(request.user.pk),
            "history": _history_by_membership(request),
        },
    )


@kept_sql
def _applications_of_user(user_id: int):
    return MembershipApplication.objects.of_user(as_user(user_id))


@kept_sql
def _membership_changes(content_type_id: int, membership_ids: list[int]):
    return StatusChange.objects.filter(
        content_type_id=content_type_id, object_id__in=membership_ids
    )


def _history_by_membership(request: HttpRequest) -> dict[int, list]:
    history: dict[int, list] = {}
    changes = _membership_changes(
        ContentType.objects.get_for_model(Membership).pk, member_access(request).membership_ids
    )
    for change in changes:
        history.setdefault(change.object_id, []).append(change)
    return history


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    from members import pdf

    membership = get_object_or_404(
        visible_memberships(request).select_related("organization", "person"), pk=pk
    )
    if membership.status != Membership.Status.ACTIVE:
        messages.error(request, _("The membership certificate is available to active members."))
        return redirect("member_portal:membership")
    return pdf_response(
        pdf.membership_certificate(
            membership, verify_url=verification.verification_url(membership)
        ),
        f"{membership.number}.pdf",
    )


@login_required
@require_POST
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(visible_memberships(request), pk=pk)
    if membership.organization_id:
        _admin_or_403(request, membership.organization)
    try:
        invoice = services.renew_membership(membership, user=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
        return redirect("member_portal:membership")
    messages.success(request, _("Your renewal invoice is ready; pay it to renew."))
    return redirect("member_portal:invoice", pk=invoice.pk)


# Organization profile and key-field changes --------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(organizations_of(request.user), pk=pk)
    is_admin = is_organization_admin(request.user, organization)
    form = None
    if is_admin:
        form = OrganizationProfileForm(request.POST or None, instance=organization)
        if request.method == "POST" and form.is_valid():
            form.save()
            services.update_profile(organization, user=request.user, changed=form.changed_data)
            messages.success(request, _("The profile has been saved."))
            return redirect("member_portal:organization", pk=organization.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "members/portal/organization.html",
        {
            "organization": organization,
            "membership": organization.current_membership,
            "is_admin": is_admin,
            "form": form,
            "change_requests": organization.change_requests.all()[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_request(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(organizations_of(request.user), pk=pk)
    _admin_or_403(request, organization)
    form = ChangeRequestForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "name": organization.name,
            "credit_code": organization.credit_code,
            "legal_representative": organization.legal_representative,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.request_profile_change(
                organization,
                user=request.user,
                name=form.cleaned_data["name"],
                credit_code=form.cleaned_data["credit_code"],
                legal_representative=form.cleaned_data["legal_representative"],
                reason=form.cleaned_data["reason"],
                document=form.cleaned_data.get("document"),
            )
        except MembershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request has been sent; the secretariat will review the change."),
            )
            return redirect("member_portal:organization", pk=organization.pk)
    return render(
        request,
        "members/portal/change_request.html",
        {"organization": organization, "form": form},
    )


@login_required
def change_request_document(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(ProfileChangeRequest.objects.select_related("organization"), pk=pk)
    allowed = is_organization_admin(request.user, change.organization) or is_membership_staff(
        request.user, "members.view_profilechangerequest"
    )
    if not allowed:
        raise Http404
    return private_file_response(change.document, filename=change.document_name)


# Contacts and invitations --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_object_or_404(organizations_of(request.user), pk=pk)
    is_admin = is_organization_admin(request.user, organization)
    form = InviteForm(request.POST or None) if is_admin else None
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.invite_contact(
                    organization,
                    user=request.user,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except MembershipError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("member_portal:contacts", pk=organization.pk)
    invitations = [
        invitation
        for invitation in organization.invitations.filter(
            accepted_at__isnull=True, cancelled_at__isnull=True
        )
        if invitation.is_pending
    ]
    return render(
        request,
        "members/portal/contacts.html",
        {
            "organization": organization,
            "contacts": organization.contacts.select_related("user").order_by("role", "pk"),
            "invitations": invitations if is_admin else [],
            "is_admin": is_admin,
            "form": form,
            "roles": OrganizationContact.Role,
        },
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organization = get_object_or_404(organizations_of(request.user), pk=pk)
    contact = get_object_or_404(organization.contacts, pk=contact_pk)
    _admin_or_403(request, organization)
    try:
        services.remove_contact(contact, user=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s is no longer a contact.") % {"name": contact.user})
    if not organizations_of(request.user).filter(pk=organization.pk).exists():
        return redirect("portal:dashboard")
    return redirect("member_portal:contacts", pk=organization.pk)


@login_required
@require_POST
def contact_role(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    organization = get_object_or_404(organizations_of(request.user), pk=pk)
    contact = get_object_or_404(organization.contacts, pk=contact_pk)
    _admin_or_403(request, organization)
    role = request.POST.get("role", "")
    if role not in OrganizationContact.Role.values:
        messages.error(request, _("Choose a valid role."))
        return redirect("member_portal:contacts", pk=organization.pk)
    try:
        services.change_contact_role(contact, user=request.user, role=role)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The role has been changed."))
    return redirect("member_portal:contacts", pk=organization.pk)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    organization = get_object_or_404(organizations_of(request.user), pk=pk)
    invitation = get_object_or_404(organization.invitations, pk=invitation_pk)
    _admin_or_403(request, organization)
    try:
        services.cancel_invitation(invitation, user=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The invitation has been withdrawn."))
    return redirect("member_portal:contacts", pk=organization.pk)


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """Accepting an invitation; the login (or sign-up) comes first and returns here."""
    invitation = get_object_or_404(
        ContactInvitation.objects.select_related("organization", "invited_by"), token=token
    )
    error = None
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, user=request.user)
        except MembershipError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("You are now a contact of %(organization)s.")
                % {"organization": invitation.organization},
            )
            return redirect("member_portal:organization", pk=invitation.organization_id)
    return render(
        request,
        "members/portal/invitation.html",
        {"invitation": invitation, "error": error},
    )


# Invoices, proofs of payment ------------------------------------------------------------------


@login_required
def invoices(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/portal/invoices.html",
        {"invoices": _invoice_list(member_access(request).membership_ids)},
    )


@kept_sql
def _invoice_list(membership_ids: list[int]):
    pending = PaymentProof.objects.filter(status=PaymentProof.Status.PENDING)
    return (
        _invoices_of_memberships(membership_ids)
        .prefetch_related(Prefetch("proofs", queryset=pending, to_attr="pending_proofs"))
        .order_by("-period_start", "-pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(_invoices_of(request), pk=pk)
    form = None
    if invoice.is_outstanding:
        form = PaymentProofForm(
            request.POST or None,
            request.FILES or None,
            initial={"amount": invoice.balance},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.submit_payment_proof(invoice, user=request.user, **form.cleaned_data)
            except MembershipError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Thank you. The secretariat will confirm the payment once it arrives."),
                )
                return redirect("member_portal:invoice", pk=invoice.pk)
    elif request.method == "POST":
        messages.error(request, _("This invoice is not open for payment."))
        return redirect("member_portal:invoice", pk=invoice.pk)
    return render(
        request,
        "members/portal/invoice.html",
        {
            "invoice": invoice,
            "payments": invoice.payments.all(),
            "proofs": invoice.proofs.all(),
            "form": form,
            "account": payments.payment_account(payments.DUES),
            "missing_message": payments.missing_message(),
        },
    )


@login_required
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from members import pdf

    invoice = get_object_or_404(_invoices_of(request), pk=pk)
    try:
        content = pdf.invoice_pdf(invoice)
    except payments.PaymentDetailsMissing:
        return payments.missing_response(
            request, back_url=reverse("member_portal:invoice", args=[invoice.pk])
        )
    return pdf_response(content, f"{invoice.number}.pdf")


@login_required
def proof_file(request: HttpRequest, pk: int) -> HttpResponse:
    proof = get_object_or_404(PaymentProof, pk=pk)
    allowed = Invoice.objects.visible_to(request.user).filter(pk=proof.invoice_id).exists()
    if not (allowed or is_membership_staff(request.user, "members.view_paymentproof")):
        raise Http404
    return private_file_response(proof.file, filename=proof.file_name)


# An individual member's own profile ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest) -> HttpResponse:
    person = Person.objects.filter(user=request.user).first()
    if person is None:
        raise Http404
    form = PersonProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your member profile has been saved."))
        return redirect("member_portal:person")
    return render(
        request,
        "members/portal/person.html",
        {"person": person, "form": form, "membership": individual_membership_of(request.user)},
    )
