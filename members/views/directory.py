"""The public member directory. Anonymous pages: no session, no CSRF, cached by the page
cache until the directory's data change (members.apps).

Three things keep a page that misses the cache cheap with 100,000 organizations: the number
of matches is cached per filter until the data change (every page of a filter shares it);
a page first selects only the ids of its rows (a narrow sort), then loads those rows; and a
deep page starts from a bookmark instead of an OFFSET from the first row (see
`DirectoryPaginator`).
"""

import hashlib
from urllib.parse import urlencode

from django.db.models import F, Q, Window
from django.db.models.functions import Mod, RowNumber
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from website.core.cache import cached_fragment, fragment_seconds, reads
from website.core.pagination import CachedCountPaginator

from ..directory import directory
from ..models import Organization

PER_PAGE = 20


class DirectoryPaginator(CachedCountPaginator):
    """Pages of ids in (name, pk) order; deep pages seek from a bookmark.

    An OFFSET makes PostgreSQL sort and skip every row before the page (40,000 rows for page
    2000). So the (name, pk) of every BOOKMARK_EVERY-th row of the filter is kept with its
    count (one pass over the rows, once per filter until the directory changes), and a deep
    page reads from the bookmark before it: `(name, pk) >= bookmark` along the name index,
    skipping fewer than BOOKMARK_EVERY rows, whatever the page number.
    """

    BOOKMARK_EVERY = 1000  # rows (50 pages of 20)

    def __init__(self, ordered, per_page, **kwargs):
        """`ordered`: the filtered organizations, ordered by name and pk."""
        super().__init__(ordered.values_list("pk", flat=True), per_page, **kwargs)
        self.ordered = ordered

    def bookmarks(self) -> list[tuple[str, int]]:
        """(name, pk) of rows BOOKMARK_EVERY, 2 × BOOKMARK_EVERY, … (0-based positions)."""
        every = self.BOOKMARK_EVERY

        def compute() -> list[tuple[str, int]]:
            numbered = self.ordered.annotate(
                _position=Window(RowNumber(), order_by=[F("name").asc(), F("pk").asc()])
            )
            rows = numbered.annotate(_slot=Mod(F("_position") - 1, every)).filter(
                _slot=0, _position__gt=1
            )
            found = sorted(rows.values_list("_position", "name", "pk"))
            return [(name, pk) for _, name, pk in found]

        digest = hashlib.sha256(self.count_key.encode()).hexdigest()[:32]
        return cached_fragment(
            f"pagination:bookmarks:{every}:{digest}",
            compute,
            fragment_seconds(),
            areas=self.areas,
        )

    def page(self, number):
        """The page's rows are read when first used (not when the rendered list is kept)."""
        number = self.validate_number(number)
        return self._get_page(SimpleLazyObject(lambda: self._rows(number)), number, self)

    def _rows(self, number: int) -> list[Organization]:
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        slot = bottom // self.BOOKMARK_EVERY
        bookmarks = self.bookmarks() if slot else []
        if not slot or len(bookmarks) < slot:  # near the start, or fewer rows than counted
            ids = list(self.object_list[bottom:top])
        else:
            name, pk = bookmarks[slot - 1]
            start = bottom - slot * self.BOOKMARK_EVERY
            # name >= bookmark first, on its own: a range of the name index (an OR of the
            # two cases would make PostgreSQL sort every row after the bookmark).
            after = self.ordered.filter(Q(name__gte=name), Q(name__gt=name) | Q(pk__gte=pk))
            ids = list(after.values_list("pk", flat=True)[start : start + top - bottom])
        # The page's ids in order (a narrow query), then its rows with what they show.
        rows = {row.pk: row for row in directory.queryset().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]


def index(request: HttpRequest) -> HttpResponse:
    reads("pages", *directory.areas())
    filterset = directory.filterset_class()(request.GET or None, queryset=directory.queryset())
    # A value the form rejects shows its message and no rows, rather than ignoring the filter.
    invalid = filterset.is_bound and not filterset.is_valid()
    queryset = filterset.queryset.none() if invalid else filterset.qs
    kept = sorted((key, value) for key, value in request.GET.items() if key != "page" and value)
    paginator = DirectoryPaginator(
        # Ids only (values_list): the hooks' annotations (a credit grade is a subquery per
        # row) stay out of the select list, or PostgreSQL computes them for every row skipped.
        queryset.select_related(None).prefetch_related(None),
        PER_PAGE,
        count_key="members:directory:" + (urlencode(kept) if not invalid else "invalid"),
        areas=directory.areas(),
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "members/directory/index.html",
        {
            # The filter form, the count and the rows are the same for every visitor: kept
            # rendered per filter and page number until the directory changes (the template).
            # Every parameter as typed (a rejected value's message and the form show it).
            "listing_key": repr(
                (sorted((k, v) for k, v in request.GET.lists() if k != "page"), page_obj.number)
            ),
            "listing_areas": ("pages", *directory.areas()),
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
