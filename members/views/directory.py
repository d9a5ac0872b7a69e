"""The public member directory. Anonymous pages: no session, no CSRF, cached by the page
cache until an organization or membership changes (members.signals)."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ..directory import directory
from ..models import Organization

PER_PAGE = 20


def index(request: HttpRequest) -> HttpResponse:
    filterset = directory.filterset_class()(request.GET or None, queryset=directory.queryset())
    # A value the form rejects shows its message and no rows, rather than ignoring the filter.
    invalid = filterset.is_bound and not filterset.is_valid()
    paginator = Paginator(filterset.queryset.none() if invalid else filterset.qs, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    kept = [(key, value) for key, value in request.GET.items() if key != "page" and value]
    return render(
        request,
        "members/directory/index.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "organizations": page_obj.object_list,
            "querystring": urlencode(kept),
            "is_filtered": bool(kept),
            "extra_columns": directory.columns(),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = (
        Organization.objects.in_directory()
        .select_related("membership")
        .prefetch_related("categories")
        .filter(pk=pk)
        .first()
    )
    if organization is None:
        raise Http404
    return render(
        request,
        "members/directory/detail.html",
        {
            "organization": organization,
            "membership": organization.membership,
            "sections": directory.profile_sections.render_all(request, organization),
        },
    )
