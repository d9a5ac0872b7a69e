"""The member portal's project pages (award nominations and achievement evaluations) and the
recommending unit's inbox.

Applicant pages find the application through the user's organizations; a recommending unit's
pages through the units the user confirms for. A guessed number is a 404 either way. Evidence
uploads, submission, resubmission and withdrawal use the core's portal URLs.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import organizations_of
from website.core.files import pdf_response

from .. import services
from ..access import application_for_contact, portal_roles
from ..awards import services as awards
from ..awards.forms import (
    ConsentForm,
    PersonFormSet,
    ProjectForm,
    ProjectStartForm,
    RecommendationForm,
    UnitFormSet,
)
from ..forms import AttachmentForm, ReasonForm
from ..models import Application, CertificationError, Nomination, RecommendingUnit, Round
from ..services import projects


def _project_application(request, number: str) -> Application:
    application = application_for_contact(request.user, number)
    if projects.project_of(application) is None:
        raise Http404
    return application


def _detail(number: str):
    return redirect("certification:project_detail", number=number)


@login_required
@require_http_methods(["GET", "POST"])
def project_start(request: HttpRequest, round_id: int) -> HttpResponse:
    organizations = organizations_of(request.user)
    if not organizations.exists():
        raise Http404
    round = get_object_or_404(
        Round.objects.open().filter(scheme__subject_kind="project").select_related("scheme"),
        pk=round_id,
    )
    form = ProjectStartForm(
        request.POST if request.method == "POST" else None,
        organizations=organizations,
        scheme=round.scheme,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = projects.start_project(
                round,
                form.cleaned_data["organization"],
                user=request.user,
                title=form.cleaned_data["title"],
                field=form.cleaned_data["field"],
                level=form.cleaned_data.get("level") or "",
                recommending_unit=form.cleaned_data.get("recommending_unit"),
            )
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(number)s has been started. Complete the project and its attachments.")
                % {"number": application.number},
            )
            return _detail(application.number)
    problems = {
        organization: services.eligibility_problems(round.scheme, organization)
        for organization in organizations
    }
    return render(
        request,
        "certification/projects/start.html",
        {"round": round, "form": form, "problems": problems},
    )


@login_required
def project_detail(request: HttpRequest, number: str) -> HttpResponse:
    return project_page(request, _project_application(request, number))


def project_page(
    request: HttpRequest, application: Application, attachment_form: AttachmentForm | None = None
) -> HttpResponse:
    """A project's page; the attachment upload re-shows it with its form's errors."""
    if attachment_form is None and application.is_editable:
        attachment_form = AttachmentForm(application=application)
    project = application.project
    nomination = projects.nomination_of(application)
    attachments = list(application.attachments.select_related("requirement"))
    documents = [
        (document, [a for a in attachments if a.requirement_id == document.pk])
        for document in application.scheme.required_documents.all()
    ]
    problems = services.submission_problems(application) if application.is_editable else []
    return render(
        request,
        "certification/projects/detail.html",
        {
            "application": application,
            "project": project,
            "nomination": nomination,
            "units": project.units.all(),
            "persons": project.persons.all(),
            "documents": documents,
            "other_files": [a for a in attachments if a.requirement_id is None],
            "attachment_form": attachment_form,
            "problems": problems,
            "transitions": application.status_history().reverse(),
            "certificates": application.certificates.order_by("holder_order"),
            "reason_form": ReasonForm(),
            "consent_form": ConsentForm()
            if nomination and application.status == Application.Status.PUBLICITY
            else None,
            "caps": awards.award_settings(application.scheme),
            "can_withdraw": application.status in Application.Status.withdrawable(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, number: str) -> HttpResponse:
    application = _project_application(request, number)
    if not application.is_editable:
        messages.error(request, _("The application can no longer be changed."))
        return _detail(number)
    form = ProjectForm(
        request.POST if request.method == "POST" else None,
        application=application,
        project=application.project,
    )
    if request.method == "POST" and form.is_valid():
        try:
            projects.update_project(
                application,
                user=request.user,
                data=form.project_data(),
                application_data=form.application_data(),
            )
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The project has been saved."))
            return _detail(number)
    return render(
        request,
        "certification/projects/form.html",
        {"application": application, "form": form, "title": _("Project details")},
    )


def _rows_view(request, number: str, kind: str) -> HttpResponse:
    application = _project_application(request, number)
    project = application.project
    if kind == "units":
        formset_class, save = UnitFormSet, projects.save_units
        initial = [
            {"name": unit.name, "province": unit.province, "ORDER": unit.position}
            for unit in project.units.all()
        ]
        title = _("Completing units")
    else:
        formset_class, save = PersonFormSet, projects.save_persons
        initial = [
            {
                "name": person.name,
                "unit_name": person.unit_name,
                "professional_title": person.professional_title,
                "contribution": person.contribution,
                "ORDER": person.position,
            }
            for person in project.persons.all()
        ]
        title = _("Completing persons")
    editable = application.is_editable
    # On POST every row counts as typed (no initial), so rows equal to the saved ones stay.
    if request.method == "POST":
        formset = formset_class(request.POST, prefix=kind)
    else:
        formset = formset_class(initial=initial, prefix=kind)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("The application can no longer be changed."))
            return _detail(number)
        if formset.is_valid():
            try:
                save(application, user=request.user, rows=formset.rows())
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The list has been saved in the order given."))
                return _detail(number)
        else:
            messages.error(request, _("Please correct the rows marked below."))
    return render(
        request,
        "certification/projects/rows.html",
        {
            "application": application,
            "formset": formset,
            "kind": kind,
            "title": title,
            "editable": editable,
            "caps": awards.award_settings(application.scheme),
            "nomination": projects.nomination_of(application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_units(request: HttpRequest, number: str) -> HttpResponse:
    return _rows_view(request, number, "units")


@login_required
@require_http_methods(["GET", "POST"])
def project_persons(request: HttpRequest, number: str) -> HttpResponse:
    return _rows_view(request, number, "persons")


def _act(request, number: str, action, success: str) -> HttpResponse:
    application = _project_application(request, number)
    try:
        action(application)
    except CertificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return _detail(number)


@login_required
@require_POST
def project_request_recommendation(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        number,
        lambda application: awards.request_recommendation(application, user=request.user),
        _("The nomination has been sent to the recommending unit for confirmation."),
    )


@login_required
@require_POST
def project_recall(request: HttpRequest, number: str) -> HttpResponse:
    return _act(
        request,
        number,
        lambda application: awards.recall_recommendation(
            application,
            user=request.user,
            reason=request.POST.get("reason", "").replace("\x00", ""),
        ),
        _("The nomination is back in your drafts."),
    )


@login_required
@require_POST
def project_consent(request: HttpRequest, number: str) -> HttpResponse:
    application = _project_application(request, number)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the agreement and give the name of the person who signs."))
        return _detail(number)
    try:
        awards.record_consent(
            application, user=request.user, signatory=form.cleaned_data["signatory"]
        )
    except CertificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your consent to the award has been recorded."))
    return _detail(number)


@login_required
def evaluation_report(request: HttpRequest, number: str) -> HttpResponse:
    """The achievement evaluation's report (评价报告) once the conclusion is decided."""
    from ..awards.pdf import render_evaluation_report

    application = _project_application(request, number)
    if application.status != Application.Status.APPROVED or hasattr(application, "nomination"):
        raise Http404
    return pdf_response(
        render_evaluation_report(application, request=request),
        f"{application.number}-report.pdf",
        inline=False,
    )


# The recommending unit ----------------------------------------------------------------------


INBOX_PAGE_SIZE = 50


def _units(request):
    return RecommendingUnit.objects.for_user(request.user)


@login_required
def recommendation_inbox(request: HttpRequest) -> HttpResponse:
    units = _units(request)
    if not units.exists():
        raise Http404
    nominations = (
        Nomination.objects.filter(recommending_unit__in=units)
        .exclude(status=Nomination.Status.NOT_REQUESTED)
        .select_related(
            "application__organization",
            "application__round",
            "application__project",
            "recommending_unit",
        )
        # Those waiting for an answer first, then the newest.
        .annotate(
            waiting=Case(
                When(status=Nomination.Status.PENDING, then=Value(0)),
                default=Value(1),
            )
        )
        .order_by("waiting", "-recommendation_requested_at", "-pk")
    )
    units = list(units)
    return render(
        request,
        "certification/awards/recommendations.html",
        {
            "units": units,
            "page_obj": Paginator(nominations, INBOX_PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_detail(request: HttpRequest, number: str) -> HttpResponse:
    nomination = get_object_or_404(
        Nomination.objects.filter(recommending_unit__in=_units(request))
        .exclude(status=Nomination.Status.NOT_REQUESTED)
        .select_related(
            "application__organization",
            "application__round",
            "application__scheme",
            "application__project__field",
            "recommending_unit",
        ),
        application__number=number,
    )
    application = nomination.application
    pending = application.status == Application.Status.ENDORSEMENT
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not pending:
            messages.error(request, _("This nomination is not awaiting your recommendation."))
            return redirect("certification:recommendation_detail", number=number)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == RecommendationForm.CONFIRM:
                    awards.confirm_recommendation(
                        application, user=request.user, opinion=form.cleaned_data["text"]
                    )
                    messages.success(
                        request, _("Recommended: the nomination is submitted to the association.")
                    )
                else:
                    awards.decline_recommendation(
                        application, user=request.user, reason=form.cleaned_data["text"]
                    )
                    messages.success(
                        request, _("The nomination has been returned to the applicant.")
                    )
            except CertificationError as error:
                form.add_error(None, str(error))
            else:
                return redirect("certification:recommendations")
    project = application.project
    return render(
        request,
        "certification/awards/recommendation_detail.html",
        {
            "nomination": nomination,
            "application": application,
            "project": project,
            "units": project.units.all(),
            "persons": project.persons.all(),
            "attachments": application.attachments.select_related("requirement"),
            "form": form,
            "pending": pending,
            "deadline": awards.award_round(application.round).last_recommendation_day,
        },
    )


def portal_section_context(request, user) -> dict | None:
    """The recommending unit's card on the portal's front page."""
    if not portal_roles(request).recommends:
        return None
    units = RecommendingUnit.objects.for_user(user)
    return {
        "units": units,
        "pending": Nomination.objects.filter(
            recommending_unit__in=units, status=Nomination.Status.PENDING
        )
        .select_related("application__project")
        .order_by("recommendation_requested_at"),
    }
