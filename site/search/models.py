"""The page-term table: the search index read word by word on PostgreSQL.

modelsearch's PostgreSQL backend finds and ranks pages by scanning the `title || body`
tsvector of every index entry that matches, then ranks each one with `ts_rank`: with 10,000
news pages and a word as common in the sector as 焚烧 that is most of the table, read and
decompressed on every search (about a second of database time). `PageTerm` holds, for each
word (tsvector lexeme) of each page's index entry, the page's rank for that word, computed
once when the page is indexed. A search then reads the rows of its words from one index
(`term` with the page and score included) and adds them up per page: a few milliseconds
whatever the number of pages (`website.search.backends.postgres`).

Only the PostgreSQL backend fills and reads it; SQLite's FTS5 table is fast already.
"""

from django.db import models


class PageTerm(models.Model):
    pk = models.CompositePrimaryKey("page", "term")
    # No database constraint: modelsearch deletes index entries with raw SQL, and rows of a
    # page that no longer exists join nothing; the backend deletes them with the page's entry.
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_terms",
    )
    term = models.TextField()
    # ts_rank(title) × title_norm + ts_rank(body) of the page's entry for this single term,
    # with modelsearch's weights: a one-word search ranks pages exactly as modelsearch does.
    score = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["term"], include=["page", "score"], name="site_search_term_idx")
        ]

    def __str__(self) -> str:
        return f"{self.term} @ {self.page_id}"
