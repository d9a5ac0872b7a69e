"""Public and portal views. Each checks access per object and calls a service; a rule the
user broke comes back as a message on the form, never as an error page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from members.access import member_access
from website.core.cache import reads_areas
from website.core.files import private_file_response
from website.core.routing import public

from .access import can_read_bulletin
from .forms import CommentForm, SubmissionForm
from .models import BulletinIssuePage, GroupStandardPage, NewsSubmission, PublicationError
from .services import revise_submission, submit_comment, submit_news
from .services.submissions import submission_text

# Member news submission (信息报送) -----------------------------------------------------


@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    submissions = NewsSubmission.objects.filter(submitted_by=request.user).select_related(
        "page", "organization"
    )
    return render(
        request,
        "publications/portal/submission_list.html",
        {
            "submissions": submissions,
            "can_submit": bool(member_access(request).organizations_in_good_standing),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_create(request: HttpRequest) -> HttpResponse:
    organizations = member_access(request).organizations_in_good_standing
    if not organizations:
        return render(request, "publications/portal/submission_not_allowed.html", status=403)
    form = SubmissionForm(request.POST or None, request.FILES or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            submission = submit_news(
                user=request.user,
                organization=form.cleaned_data["organization"] or organizations[0],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                images=form.cleaned_data["images"],
            )
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Thank you. The editors will review your news item shortly.")
            )
            return redirect("publications:submission_detail", submission.pk)
    return render(request, "publications/portal/submission_form.html", {"form": form})


def _own_submission(request: HttpRequest, pk: int) -> NewsSubmission:
    return get_object_or_404(
        NewsSubmission.objects.select_related("page", "organization"),
        pk=pk,
        submitted_by=request.user,
    )


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _own_submission(request, pk)
    return render(
        request,
        "publications/portal/submission_detail.html",
        {"submission": submission, "changes": submission.status_history()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def submission_revise(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _own_submission(request, pk)
    if not submission.can_be_revised:
        messages.warning(request, _("This submission cannot be changed now."))
        return redirect("publications:submission_detail", submission.pk)
    draft = submission.page.get_latest_revision_as_object()
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        organizations=[submission.organization] if submission.organization else [],
        revising=True,
        initial={"title": draft.title, "text": submission_text(draft)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            revise_submission(
                submission,
                user=request.user,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                images=form.cleaned_data["images"],
            )
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your revised item is back with the editors."))
            return redirect("publications:submission_detail", submission.pk)
    return render(
        request,
        "publications/portal/submission_form.html",
        {"form": form, "submission": submission},
    )


# Public comments on draft standards (征求意见) --------------------------------------------


def _standard(page_id: int) -> GroupStandardPage:
    standard = public(GroupStandardPage.objects.live()).filter(pk=page_id).first()
    if standard is None:
        raise Http404
    return standard


@require_http_methods(["GET", "POST"])
def comment_create(request: HttpRequest, page_id: int) -> HttpResponse:
    standard = _standard(page_id)
    if not standard.is_open_for_comment:
        return render(request, "publications/comment_closed.html", {"standard": standard})
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("website"):
            return redirect("publications:comment_thanks", standard.pk)  # a bot: drop it
        data = {key: form.cleaned_data[key] for key in CommentForm.Meta.fields}
        try:
            submit_comment(standard, **data)
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("publications:comment_thanks", standard.pk)
    return render(request, "publications/comment_form.html", {"standard": standard, "form": form})


@require_GET
@reads_areas("pages", "standards")
def comment_thanks(request: HttpRequest, page_id: int) -> HttpResponse:
    return render(request, "publications/comment_thanks.html", {"standard": _standard(page_id)})


# Bulletin PDFs --------------------------------------------------------------------------


def members_only_refusal(request: HttpRequest, issue: BulletinIssuePage) -> HttpResponse:
    """A members-only issue asked for by someone else: log in first, or a 403 that says why."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "publications/bulletin_members_only.html",
        {"page": issue, "issue": issue},
        status=403,
    )


@require_GET
@reads_areas("bulletins")
def bulletin_pdf(request: HttpRequest, page_id: int) -> HttpResponse:
    issue = BulletinIssuePage.objects.live().filter(pk=page_id).select_related("pdf").first()
    if issue is None or issue.pdf is None:
        raise Http404
    if not can_read_bulletin(request, issue):
        return members_only_refusal(request, issue)
    filename = f"{issue.get_parent().title}{issue.year}年第{issue.issue_number}期.pdf"
    return private_file_response(
        issue.pdf.file,
        filename=filename,
        content_type="application/pdf",
        as_attachment=True,
        cache_control="private, no-store" if issue.members_only else "public, max-age=3600",
    )
