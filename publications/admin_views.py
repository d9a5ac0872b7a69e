"""Back-office views: a group standard's status and comments table; declining member news."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .exports import comments_workbook
from .forms import DeclineSubmissionForm, StandardStatusForm
from .models import GroupStandardPage, NewsSubmission, PublicationError
from .services import change_standard_status, decline_submission


def _standard_for(request: HttpRequest, page_id: int) -> GroupStandardPage:
    standard = get_object_or_404(GroupStandardPage, pk=page_id)
    if not standard.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return standard


def standard_status(request: HttpRequest, page_id: int) -> HttpResponse:
    standard = _standard_for(request, page_id)
    form = StandardStatusForm(request.POST or None, standard=standard)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change = change_standard_status(
                standard,
                data["status"],
                user=request.user,
                reason=data["reason"],
                closes_on=data["closes_on"],
                number=data["number"],
                published_on=data["published_on"],
                implemented_on=data["implemented_on"],
            )
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” is now “%(status)s”.")
                % {"title": standard.title, "status": change.to_label},
            )
            return redirect("wagtailadmin_pages:edit", standard.pk)
    return TemplateResponse(
        request,
        "publications/admin/standard_status.html",
        {
            "standard": standard,
            "form": form,
            "changes": standard.status_history(),
            "header_title": _("Change status"),
            "comments_url": reverse("publications_admin:comments_xlsx", args=[standard.pk]),
        },
    )


def comments_xlsx(request: HttpRequest, page_id: int) -> HttpResponse:
    standard = get_object_or_404(GroupStandardPage, pk=page_id)
    if not request.user.has_perm("publications.view_standardcomment"):
        raise PermissionDenied
    response = HttpResponse(
        comments_workbook(standard),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"意见汇总处理表-{standard.pk}.xlsx"
    from django.utils.http import content_disposition_header

    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def can_decline(user, submission: NewsSubmission) -> bool:
    page = submission.page
    return (
        submission.can_be_declined
        and page is not None
        and page.permissions_for_user(user).can_publish()
    )


def submission_decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Decline a member's news item with a reason (the submitter is told by email)."""
    submission = get_object_or_404(NewsSubmission.objects.select_related("page"), pk=pk)
    if (
        submission.page is None
        or not submission.page.permissions_for_user(request.user).can_publish()
    ):
        raise PermissionDenied
    inspect_url = reverse("publications_submissions:inspect", args=[submission.pk])
    if not submission.can_be_declined:
        messages.warning(request, _("Only a submission in review or returned can be declined."))
        return redirect(inspect_url)
    form = DeclineSubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decline_submission(submission, user=request.user, reason=form.cleaned_data["reason"])
        except PublicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” was declined; the submitter has been told.")
                % {"title": submission.title},
            )
            return redirect(inspect_url)
    return TemplateResponse(
        request,
        "publications/admin/submission_decline.html",
        {
            "submission": submission,
            "form": form,
            "header_title": _("Decline member news"),
            "page_edit_url": reverse("wagtailadmin_pages:edit", args=[submission.page_id]),
            "inspect_url": inspect_url,
        },
    )
