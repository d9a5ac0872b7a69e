"""A paginator whose number of matches is kept in the cache per area.

Counting the matches of a filter or a search is often the dearest query of a list page (a
`COUNT(*)` over a join of 100,000 rows, a search's every match); the rows of one page are
cheap. The count of each filter is kept like a fragment: until one of the areas the list
reads changes, so every page of the same filter, and every visitor, shares one count.
"""

import hashlib
from collections.abc import Iterable

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from .cache import cached_fragment, fragment_seconds


class CachedCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_key: str, areas: Iterable[str], **kwargs):
        """`count_key` names the list and its filter (not the page number); `areas` are the
        page-cache areas whose changes alter the count."""
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.areas = tuple(areas)

    @cached_property
    def count(self) -> int:
        digest = hashlib.sha256(self.count_key.encode()).hexdigest()[:32]
        return cached_fragment(
            f"pagination:count:{digest}",
            lambda: Paginator.count.func(self),
            fragment_seconds(),
            areas=self.areas,
        )
