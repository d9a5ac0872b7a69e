"""The public member directory. Anonymous pages: no session, no CSRF, cached by the page
cache until the directory's data change (members.apps).

Two things keep a page that misses the cache cheap with 100,000 organizations: the number
of matches is cached per filter until the data change (every page of a filter shares it),
and a page first selects only the ids of its rows (a narrow sort), then loads those rows.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from website.core.cache import reads
from website.core.pagination import CachedCountPaginator

from ..directory import directory
from ..models import Organization

PER_PAGE = 20


class DirectoryPaginator(CachedCountPaginator):
    def page(self, number):
        page = super().page(number)
        # The page's ids in order (a narrow query), then its rows with what they show.
        ids = [row.pk for row in page.object_list]
        rows = {row.pk: row for row in directory.queryset().filter(pk__in=ids)}
        page.object_list = [rows[pk] for pk in ids if pk in rows]
        return page


def index(request: HttpRequest) -> HttpResponse:
    reads("pages", *directory.areas())
    filterset = directory.filterset_class()(request.GET or None, queryset=directory.queryset())
    # A value the form rejects shows its message and no rows, rather than ignoring the filter.
    invalid = filterset.is_bound and not filterset.is_valid()
    queryset = filterset.queryset.none() if invalid else filterset.qs
    kept = sorted((key, value) for key, value in request.GET.items() if key != "page" and value)
    paginator = DirectoryPaginator(
        queryset.only("pk", "name").select_related(None).prefetch_related(None),
        PER_PAGE,
        count_key="members:directory:" + (urlencode(kept) if not invalid else "invalid"),
        areas=directory.areas(),
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "members/directory/index.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page_obj": page_obj,
            "organizations": page_obj.object_list,
            "querystring": urlencode(
                [(key, value) for key, value in request.GET.items() if key != "page" and value]
            ),
            "is_filtered": bool(kept),
            "extra_columns": directory.columns(),
        },
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    reads("pages", *directory.areas())  # and what its profile sections declare
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
