from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from website.core.cache import cache_areas, reads
from website.core.pagination import CachedCountPaginator

from .highlight import terms_pattern
from .results import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_PAGE,
    build_results,
    clean_query,
    search_pages,
    sections_for,
)
from .segment import query_terms


def search(request: HttpRequest) -> HttpResponse:
    """Search the live public pages. Nothing per visitor, so the page cache can keep it.

    Results may come from any page, so a cached search is emptied by a change of any area
    (the menu's fragment alone would store it under "pages" only, and news published
    later would not show until the entry expired).
    """
    reads(*cache_areas.names())
    query = clean_query(request.GET.get("q", ""))
    shortened = len(query) > MAX_QUERY_LENGTH
    query = query[:MAX_QUERY_LENGTH].strip()
    sections = sections_for(request)
    section = next((s for s in sections if str(s.pk) == request.GET.get("section")), None)
    terms = query_terms(query) if query else []
    context = {
        "query": query,
        "shortened": shortened,
        "max_length": MAX_QUERY_LENGTH,
        "has_terms": bool(terms),
        "sections": sections,
        "section": section,
        "page_obj": None,
        "results": [],
    }
    if terms:
        paginator = CachedCountPaginator(
            search_pages(query, section),
            RESULTS_PER_PAGE,
            count_key=f"search:{section.pk if section else ''}:{query}",
            areas=cache_areas.names(),
        )
        page_obj = paginator.get_page(request.GET.get("page"))
        params = {"q": query, **({"section": section.pk} if section else {})}
        context.update(
            page_obj=page_obj,
            # Read only when rendered: the results of a search are kept rendered per query,
            # section and page number until any area changes (the template).
            results=SimpleLazyObject(
                lambda: build_results(request, page_obj, terms_pattern(terms), sections)
            ),
            results_key=repr((query, section.pk if section else None, page_obj.number)),
            results_areas=cache_areas.names(),
            querystring=urlencode(params),
        )
    return TemplateResponse(request, "search/search.html", context)
