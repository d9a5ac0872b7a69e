"""Back-office views: a group standard's status and comments table."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .exports import comments_workbook
from .forms import StandardStatusForm
from .models import GroupStandardPage, PublicationError
from .services import change_standard_status


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
