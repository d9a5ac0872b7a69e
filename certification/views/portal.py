"""The member portal's certification pages: plants, applications, evidence, certificates.

Every view finds its object through the user's organizations, so a guessed number or id of
another organization's record is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import member_access, organizations_of
from website.core.cache import cached_fragment, fragment_seconds, valid_from, valid_through
from website.core.kept_sql import kept_sql

from .. import services
from ..access import (
    application_for_contact,
    certificates_for,
)
from ..forms import (
    ApplicationDetailsForm,
    AttachmentForm,
    PlantForm,
    ReasonForm,
    ScoreSheetForm,
    StartApplicationForm,
)
from ..models import (
    AnnualCheck,
    Application,
    Certificate,
    CertificationError,
    Objection,
    Plant,
    Round,
    Scheme,
)
from ..services import projects
from ..services.annual import LIVE
from .projects import project_page


def _organizations_or_404(request):
    organizations = organizations_of(request.user)
    if not organizations.exists():
        raise Http404
    return organizations


def catalogue() -> dict:
    """What every applicant's pages share: the schemes by id and the rounds open today.
    Kept per day until the register changes (a scheme or a round saved), so the lists below
    need no join to their scheme."""
    today = timezone.localdate()
    return cached_fragment(
        f"certification:portal-catalogue:{today.isoformat()}",
        _catalogue,
        fragment_seconds(),
        areas=["register"],
    )


def _catalogue() -> dict:
    rounds = list(Round.objects.open().select_related("scheme"))
    for round in rounds:
        valid_through(round.closes_on)
    upcoming = (
        Round.objects.filter(opens_on__gt=timezone.localdate(), scheme__is_active=True)
        .order_by("opens_on")
        .values_list("opens_on", flat=True)
        .first()
    )
    valid_from(upcoming)
    return {"schemes": {scheme.pk: scheme for scheme in Scheme.objects.all()}, "rounds": rounds}


def _attach(rows: list, name: str, by_id: dict) -> list:
    """Set each row's foreign key `name` from `by_id` (rows already read, no query); one
    missing there (a scheme newer than the cached catalogue) is read when first used."""
    for row in rows:
        found = by_id.get(getattr(row, f"{name}_id"))
        if found is not None:
            setattr(row, name, found)
    return rows


# The workbench's lists, by the organizations' ids (kept SQL: compiled once per process).
@kept_sql
def _workbench_applications(organization_ids: list[int]):
    return Application.objects.filter(organization_id__in=organization_ids).order_by("-created_at")


@kept_sql
def _workbench_certificates(organization_ids: list[int]):
    return (
        Certificate.objects.filter(organization_id__in=organization_ids)
        .select_related("plaque")
        .order_by("-issued_on", "-pk")
    )


@kept_sql
def _pending_annual_checks(certificate_ids: list[int]):
    return (
        AnnualCheck.objects.filter(
            certificate_id__in=certificate_ids, status=AnnualCheck.Status.PENDING
        )
        .select_related("submission")
        .order_by("due_on", "pk")
    )


@kept_sql
def _workbench_plants(organization_ids: list[int]):
    return Plant.objects.filter(organization_id__in=organization_ids).order_by(
        "organization__name", "name"
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The workbench: everything of the user's organizations, in a fixed number of queries
    (the organizations come with the portal menu's contacts, read once per request)."""
    access = member_access(request)
    organizations = access.organizations  # the contacts the portal menu reads too
    organization_ids = access.organization_ids
    shared = catalogue() if organization_ids else {"schemes": {}, "rounds": []}
    applications = _attach(_workbench_applications(organization_ids), "scheme", shared["schemes"])
    certificates = _attach(_workbench_certificates(organization_ids), "scheme", shared["schemes"])
    # The re-checks still to answer: each certificate's (its table row) and those of the
    # live ones (the list above the tables), in order of their due dates.
    by_certificate = {certificate.pk: certificate for certificate in certificates}
    checks = _pending_annual_checks(list(by_certificate))
    pending: dict[int, list[AnnualCheck]] = {}
    for check in checks:
        check.certificate = by_certificate[check.certificate_id]
        pending.setdefault(check.certificate_id, []).append(check)
    annual_checks = [check for check in checks if check.certificate.status in LIVE]
    plants = _attach(
        _workbench_plants(organization_ids),
        "organization",
        {organization.pk: organization for organization in organizations},
    )
    today = timezone.localdate()
    return render(
        request,
        "certification/portal/dashboard.html",
        {
            "organizations": organizations,
            "applications": applications,
            # The plaque or None: the template's lookup of a missing one costs a dir() of
            # the certificate per row.
            "certificates": [
                (
                    certificate,
                    services.can_reevaluate(certificate, today),
                    getattr(certificate, "plaque", None),
                    pending.get(certificate.pk, ()),
                )
                for certificate in certificates
            ],
            "annual_checks": annual_checks,
            "plants": plants,
            "rounds": shared["rounds"],
            "has_organizations": bool(organization_ids),
        },
    )


# Plants ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plant_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organizations = _organizations_or_404(request)
    plant = None
    if pk is not None:
        plant = get_object_or_404(Plant, pk=pk, organization__in=organizations)
    if plant is not None:
        organization = plant.organization
    else:
        chosen = request.POST.get("organization") or request.GET.get("organization") or ""
        organization = (
            get_object_or_404(organizations, pk=chosen)
            if chosen.isdigit()
            else organizations.first()
        )
    form = PlantForm(
        request.POST if request.method == "POST" else None,
        instance=plant,
        organization=organization,
    )
    if request.method == "POST" and form.is_valid():
        plant = form.save(commit=False)
        plant.organization = organization
        plant.save()
        messages.success(request, _("The plant has been saved."))
        return redirect("certification:portal")
    return render(
        request,
        "certification/portal/plant_form.html",
        {
            "form": form,
            "plant": plant,
            "organizations": organizations,
            "organization": organization,
        },
    )


# Applications ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request: HttpRequest, round_id: int) -> HttpResponse:
    organizations = _organizations_or_404(request)
    round = get_object_or_404(Round.objects.open().select_related("scheme"), pk=round_id)
    if round.scheme.uses_projects:
        # Projects (awards, achievement evaluations) start with the project's own form.
        return redirect("certification:project_start", round_id=round.pk)
    form = StartApplicationForm(
        request.POST if request.method == "POST" else None,
        organizations=organizations,
        scheme=round.scheme,
    )
    if request.method == "POST" and form.is_valid():
        organization = form.cleaned_data["organization"]
        subject = form.cleaned_data.get("plant")
        try:
            application = services.create_application(
                round, organization, user=request.user, subject=subject
            )
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Application %(number)s has been started. Complete it and submit.")
                % {"number": application.number},
            )
            return redirect("certification:application_detail", number=application.number)
    problems = {
        organization: services.eligibility_problems(round.scheme, organization)
        for organization in organizations
        if not round.scheme.uses_plants
    }
    return render(
        request,
        "certification/portal/application_start.html",
        {"round": round, "form": form, "problems": problems},
    )


@login_required
def application_detail(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_contact(request.user, number)
    subject_url = _subject_portal_url(application)
    if subject_url:
        return redirect(subject_url)
    return _application_page(request, application)


def _application_page(
    request: HttpRequest, application: Application, attachment_form: AttachmentForm | None = None
) -> HttpResponse:
    if attachment_form is None and application.is_editable:
        attachment_form = AttachmentForm(application=application)
    # The grade's label is shown twice (the status line and the result): one read of the bands.
    prefetch_related_objects([application], "criteria_set__grade_bands")
    attachments = application.attachments.select_related("requirement", "criterion")
    documents = []
    by_requirement: dict[int, list] = {}
    for attachment in attachments:
        by_requirement.setdefault(attachment.requirement_id, []).append(attachment)
    for document in application.scheme.required_documents.all():
        documents.append((document, by_requirement.get(document.pk, [])))
    return render(
        request,
        "certification/portal/application_detail.html",
        {
            "application": application,
            "documents": documents,
            "other_files": by_requirement.get(None, []),
            "transitions": application.status_history().reverse(),
            "problems": services.submission_problems(application)
            if application.is_editable
            else [],
            "certificates": application.certificates.all(),
            "objections_open": application.objections.filter(status=Objection.Status.OPEN).count(),
            "attachment_form": attachment_form,
            "reason_form": ReasonForm(),
            "can_withdraw": application.status in Application.Status.withdrawable(),
        },
    )


def _subject_portal_url(application) -> str | None:
    """Subjects with a page of their own (projects) are followed there."""
    if application.subject_type_id is None:
        return None
    subject = application.subject_object
    return subject.get_portal_url() if hasattr(subject, "get_portal_url") else None


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_contact(request.user, number)
    if not application.is_editable:
        messages.error(request, _("The application can no longer be changed."))
        return redirect("certification:application_detail", number=number)
    form = ApplicationDetailsForm(
        request.POST if request.method == "POST" else None, instance=application
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_details(application, user=request.user, data=form.cleaned_data)
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The application has been saved."))
            return redirect("certification:application_detail", number=number)
    return render(
        request,
        "certification/portal/application_form.html",
        {"application": application, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_contact(request.user, number)
    criteria = list(application.criteria_set.criteria.all())
    values = {
        entry.criterion_id: (entry.score, entry.comment)
        for entry in application.self_assessments.all()
    }
    editable = application.is_editable
    form = ScoreSheetForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        values=values,
        disabled=not editable,
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, _("The application can no longer be changed."))
            return redirect("certification:application_detail", number=number)
        if form.is_valid():
            try:
                total = services.save_self_assessment(
                    application, user=request.user, entries=form.entries()
                )
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Self-assessment saved: %(total)s points.") % {"total": total}
                )
                return redirect("certification:application_detail", number=number)
        else:
            messages.error(request, _("Please correct the scores marked below."))
    return render(
        request,
        "certification/portal/self_assessment.html",
        {"application": application, "form": form, "editable": editable},
    )


@login_required
@require_POST
def attachment_upload(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_contact(request.user, number)
    form = AttachmentForm(request.POST, request.FILES, application=application)
    if form.is_valid():
        try:
            services.add_attachment(
                application,
                user=request.user,
                file=form.cleaned_data["file"],
                requirement=form.cleaned_data["requirement"],
                criterion=form.cleaned_data["criterion"],
                description=form.cleaned_data["description"],
            )
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The file has been uploaded."))
    else:
        # The page again with the form's errors and what was typed (a redirect would lose it).
        if projects.project_of(application) is not None:
            return project_page(request, application, attachment_form=form)
        return _application_page(request, application, attachment_form=form)
    return redirect("certification:application_detail", number=number)


@login_required
@require_POST
def attachment_delete(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    application = application_for_contact(request.user, number)
    attachment = get_object_or_404(application.attachments, pk=pk)
    try:
        services.remove_attachment(attachment, user=request.user)
    except CertificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The file has been removed."))
    return redirect("certification:application_detail", number=number)


def _act(request, number: str, action, success: str) -> HttpResponse:
    application = application_for_contact(request.user, number)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        action(application, reason)
    except CertificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("certification:application_detail", number=number)


@login_required
@require_POST
def application_submit(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        number,
        lambda application, reason: services.submit(application, user=request.user),
        _("The application has been submitted."),
    )


@login_required
@require_POST
def application_resubmit(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        number,
        lambda application, reason: services.resubmit(
            application, user=request.user, reason=reason
        ),
        _("The corrected application has been resubmitted."),
    )


@login_required
@require_POST
def application_withdraw(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        number,
        lambda application, reason: services.withdraw(
            application, user=request.user, reason=reason
        ),
        _("The application has been withdrawn."),
    )


# Certificates ---------------------------------------------------------------------------


@login_required
@require_POST
def certificate_reevaluate(request: HttpRequest, number: str) -> HttpResponse:
    certificate = get_object_or_404(certificates_for(request.user), number=number)
    try:
        application = services.start_reevaluation(certificate, user=request.user)
    except CertificationError as error:
        messages.error(request, str(error))
        return redirect("certification:portal")
    messages.success(
        request,
        _("Re-evaluation %(number)s has been started from your last application.")
        % {"number": application.number},
    )
    return redirect("certification:application_detail", number=application.number)


@kept_sql
def _open_applications(organization_ids: list[int]):
    return (
        Application.objects.filter(organization_id__in=organization_ids)
        .open()
        .order_by("-created_at")[:5]
    )


@kept_sql
def _valid_certificates(organization_ids: list[int]):
    return Certificate.objects.filter(
        organization_id__in=organization_ids, status=Certificate.Status.VALID
    ).order_by("-issued_on", "-pk")[:5]


def portal_section_context(request, user) -> dict | None:
    """The portal front page's card: open applications and current certificates."""
    access = member_access(request)
    if not access.contacts:
        return None
    shared = catalogue()
    return {
        "applications": _attach(
            _open_applications(access.organization_ids), "scheme", shared["schemes"]
        ),
        "certificates": _attach(
            _valid_certificates(access.organization_ids), "scheme", shared["schemes"]
        ),
        "rounds": shared["rounds"],
    }
