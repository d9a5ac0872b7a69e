"""The expert's review inbox: only their own assignments, declaration first, then scores."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from website.core.files import private_file_response

from .. import services
from ..access import blind_name, portal_roles, reviews_for, visible_to_expert
from ..forms import ConflictForm, ReviewForm
from ..models import CertificationError, Review
from ..services import invitations


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    reviews = (
        reviews_for(request.user)
        .select_related("application__scheme", "application__organization", "reopened_for")
        .order_by("status", "-assigned_at")
    )
    return render(request, "certification/expert/inbox.html", {"reviews": reviews})


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        reviews_for(request.user).select_related(
            "application__scheme",
            "application__criteria_set",
            "application__organization",
            "application__plant",
            "expert__person",
            "reopened_for",
        ),
        pk=pk,
    )
    application = review.application
    if review.status == Review.Status.ASSIGNED:
        return _declaration(request, review)
    criteria_set = application.criteria_set
    values = {score.criterion_id: (score.score, score.comment) for score in review.scores.all()}
    editable = review.status == Review.Status.IN_PROGRESS
    form = ReviewForm(
        request.POST if request.method == "POST" else None,
        criteria=list(criteria_set.criteria.all()),
        values=values,
        disabled=not editable,
        grades=[(band.code, band.label) for band in criteria_set.ordered_bands()],
        initial={"opinion": review.opinion, "recommendation": review.recommendation},
        reference=dict(application.self_assessments.values_list("criterion_id", "score"))
        if application.scheme.self_assessment
        else None,
        reference_label=_("Self-assessed"),
    )
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This review has been submitted and can no longer change."))
            return redirect("certification:review_detail", pk=review.pk)
        if form.is_valid():
            try:
                services.save_scores(
                    review,
                    user=request.user,
                    entries=form.entries(),
                    opinion=form.cleaned_data["opinion"],
                    recommendation=form.cleaned_data["recommendation"],
                )
                if "submit" in request.POST:
                    services.submit_review(review, user=request.user)
                    messages.success(request, _("Your review has been submitted. Thank you."))
                    return redirect("certification:reviews")
            except CertificationError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("Your scores have been saved; you can come back later.")
                )
                return redirect("certification:review_detail", pk=review.pk)
        else:
            messages.error(request, _("Please correct the scores marked below."))
    attachments = []
    if review.may_see_evidence:
        attachments = [
            attachment
            for attachment in application.attachments.select_related("requirement", "criterion")
            if visible_to_expert(attachment, application.scheme)
        ]
        for attachment in attachments:
            # In blind review the applicant's own file name could name them.
            attachment.shown_name = (
                blind_name(attachment)
                if application.scheme.blind_review
                else attachment.original_name
            )
    return render(
        request,
        "certification/expert/review.html",
        {
            "review": review,
            "application": application,
            "form": form,
            "editable": editable,
            "attachments": attachments,
            "blind": application.scheme.blind_review,
            "subject_template": _subject_template(application),
        },
    )


def _subject_template(application) -> str | None:
    """A subject other than an organization or plant (a project) shows experts its details."""
    if application.subject_type_id is None:
        return None
    return getattr(application.subject_object, "expert_template", None)


def _declaration(request: HttpRequest, review: Review) -> HttpResponse:
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["declaration"] == ConflictForm.NO_CONFLICT:
                services.declare_no_conflict(review, user=request.user)
                messages.success(request, _("Thank you. You can now score the application."))
                return redirect("certification:review_detail", pk=review.pk)
            services.declare_conflict(review, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                _("Your recusal has been recorded; the secretariat will assign another expert."),
            )
            return redirect("certification:reviews")
        except CertificationError as error:
            messages.error(request, str(error))
    return render(
        request,
        "certification/expert/declaration.html",
        {
            "review": review,
            "application": review.application,
            "form": form,
            "blind": review.application.scheme.blind_review,
            "subject_template": _subject_template(review.application),
        },
    )


def portal_section_context(request, user) -> dict | None:
    if not portal_roles(request).reviews:
        return None
    reviews = reviews_for(user)
    return {
        "open_reviews": reviews.filter(
            status__in=[Review.Status.ASSIGNED, Review.Status.IN_PROGRESS]
        ).select_related("application__scheme"),
        "done_count": reviews.filter(status=Review.Status.SUBMITTED).count(),
    }


# Experts without an account: the invitation link ---------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link of an invitation: choose a password (a new account) or, when the address
    already has an account, accept while logged in with it."""
    try:
        invitation = invitations.read_invitation(token)
    except invitations.InvitationError as error:
        status = 404 if error.kind == "invalid" else 410
        return render(
            request,
            "certification/expert/invitation.html",
            {"error": str(error), "kind": error.kind},
            status=status,
        )
    existing = invitations.existing_account(invitation)
    form = None
    if existing is None and not request.user.is_authenticated:
        user = get_user_model()(email=invitation.email, last_name=invitation.expert.person.name)
        form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            if form is not None:
                if not form.is_valid():
                    raise CertificationError(_("Please correct the errors below."))
                account = invitations.accept_invitation(
                    invitation, password=form.cleaned_data["new_password1"]
                )
                login(request, account, backend="django.contrib.auth.backends.ModelBackend")
            else:
                account = invitations.accept_invitation(invitation, user=request.user)
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Welcome. Your expert account is ready: your assignments are below.")
            )
            if invitation.review_id:
                return redirect("certification:review_detail", pk=invitation.review_id)
            return redirect("certification:reviews")
    return render(
        request,
        "certification/expert/invitation.html",
        {
            "invitation": invitation,
            "person": invitation.expert.person,
            "existing": existing,
            "logged_in_as_invited": bool(
                existing and request.user.is_authenticated and request.user.pk == existing.pk
            ),
            "form": form,
            "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        },
    )


@login_required
def paper_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The scan of a signed paper score sheet: for certification staff and the expert."""
    review = get_object_or_404(Review.objects.select_related("expert__person"), pk=pk)
    if not (
        request.user.has_perm("certification.process_application")
        or review.expert.person.user_id == request.user.pk
    ):
        raise Http404
    return private_file_response(
        review.paper_sheet, filename=review.paper_sheet_name, as_attachment=True
    )
