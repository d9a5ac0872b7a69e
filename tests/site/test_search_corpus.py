"""Search quality on the sector's own words, through the database's index (SQLite FTS5 here,
PostgreSQL full-text search on the CI's second run): every query of the corpus finds its
documents, with every word required and with the site's ranked search alike.

The yardstick for the Chinese segmenter (website.search.segment; docs/search-segmentation.md).
"""

import json

import pytest
from wagtail.models import Page

from website.core.models import StandardPage
from website.search.results import search_pages

from .search_corpus import DOCUMENTS, QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(site_home) -> dict[int, str]:
    """The corpus as live pages: title and introduction, as editors write them."""
    pages = {}
    for key, (title, text) in DOCUMENTS.items():
        page = StandardPage(
            title=title, slug=key, introduction=text, body=json.dumps([]), live=False
        )
        site_home.add_child(instance=page)
        page.save_revision().publish()
        pages[page.pk] = key
    return pages


def test_every_query_finds_its_documents(corpus):
    """One corpus for all the queries (building it is most of the time); every miss is
    listed, not only the first."""
    wrong = {}
    for query, expected in QUERIES.items():
        found = Page.objects.live().filter(depth__gt=2).search(query, operator="and")
        every_word = {corpus[page.pk] for page in found}
        ranked = [corpus.get(page.pk) for page in search_pages(query)][: len(expected)]
        if every_word != expected or set(ranked) != expected:
            wrong[query] = {"every word": sorted(every_word), "ranked first": ranked}
    assert not wrong
