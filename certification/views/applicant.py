"""Portal pages of the applicant side: financial figures, filled templates of the required
documents, the result letter and the annual check. Every object is found through the user's
organizations (application_for_contact, certificates_for): another enterprise's is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from website.core.files import pdf_response, private_file_response

from ..access import application_for_contact, certificates_for, is_certification_staff
from ..forms_applicant import AnnualCheckForm, FinancialsForm
from ..models import AnnualCheck, AnnualCheckFile, AnnualCheckSubmission, CertificationError
from ..services import annual, finance, results


@login_required
@require_http_methods(["GET", "POST"])
def financials(request: HttpRequest, number: str) -> HttpResponse:
    application = application_for_contact(request.user, number)
    if not finance.needs_financials(application.scheme):
        raise Http404
    years = finance.required_years(application)
    editable = application.is_editable
    form = FinancialsForm(
        request.POST if request.method == "POST" else None,
        years=years,
        initial_rows=application.financial_years.all(),
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, _("The application can no longer be changed."))
            return redirect("certification:application_detail", number=number)
        if form.is_valid():
            try:
                finance.save_financials(application, user=request.user, figures=form.figures())
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The financial figures have been saved."))
                return redirect("certification:application_detail", number=number)
    return render(
        request,
        "certification/applicant/financials.html",
        {
            "application": application,
            "form": form,
            "editable": editable,
            "finance": finance.summary(application),
        },
    )


@login_required
def document_template(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    from ..letters import render_document_template

    application = application_for_contact(request.user, number)
    document = get_object_or_404(application.scheme.required_documents, pk=pk)
    return pdf_response(
        render_document_template(application, document),
        f"{application.number}-{document.pk}.pdf",
        inline=False,
    )


@login_required
def result_letter(request: HttpRequest, number: str) -> HttpResponse:
    from ..letters import render_result_letter

    application = application_for_contact(request.user, number)
    result = results.result_for_applicant(application)
    if result is None:
        raise Http404
    return pdf_response(
        render_result_letter(result, request=request), f"{application.number}-result.pdf"
    )


@login_required
@require_http_methods(["GET", "POST"])
def annual_check(request: HttpRequest, pk: int) -> HttpResponse:
    check = get_object_or_404(
        AnnualCheck.objects.filter(certificate__in=certificates_for(request.user)).select_related(
            "certificate__scheme", "certificate__organization"
        ),
        pk=pk,
    )
    submission = AnnualCheckSubmission.objects.filter(annual_check=check).first()
    initial = {}
    if submission is not None:
        initial = {
            field: getattr(submission, field)
            for field in ("revenue", "profit", "total_assets", "total_liabilities")
        }
        initial.update(changes=submission.changes, incidents=submission.incidents)
    form = AnnualCheckForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
    )
    can_submit = annual.is_open_for_material(check) and (
        submission is None or submission.state.submitted
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                annual.submit_annual_check(
                    check,
                    user=request.user,
                    figures=form.figures(),
                    changes=data["changes"],
                    incidents=data["incidents"],
                    statements=[data["statements"]] if data["statements"] else [],
                    others=[data["other"]] if data["other"] else [],
                )
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("The annual check material has been submitted to the secretariat.")
                )
                return redirect("certification:annual_check", pk=check.pk)
        else:
            messages.error(request, _("Please correct the fields marked below."))
    return render(
        request,
        "certification/applicant/annual_check.html",
        {
            "check": check,
            "certificate": check.certificate,
            "submission": submission,
            "files": submission.files.all() if submission else [],
            "form": form,
            "can_submit": can_submit,
            "year": annual.material_year(check),
            "opens_on": annual.opens_on(check),
        },
    )


@login_required
def annual_file(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        AnnualCheckFile.objects.select_related("submission__annual_check__certificate"), pk=pk
    )
    certificate = item.submission.annual_check.certificate
    allowed = is_certification_staff(request.user) or (
        certificates_for(request.user).filter(pk=certificate.pk).exists()
    )
    if not allowed:
        raise Http404
    return private_file_response(
        item.file,
        filename=item.original_name,
        content_type=item.content_type or None,
        as_attachment=True,
    )
