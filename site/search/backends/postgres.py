"""PostgreSQL full-text search with Chinese segmentation, read through the page-term table.

Indexing is modelsearch's (tsvectors built from segmented text); each page's words and
ranks are then written to `PageTerm` (`website.search.terms`). A search of pages for plain
words reads that table; anything else (phrases, NOT, fields, other models, a word the
dictionary splits into several lexemes) goes to modelsearch's compiler as before.
"""

from django.db.models import F
from modelsearch.backends.database.postgres import postgres
from modelsearch.query import PlainText
from wagtail.models import Page

from .. import terms as page_terms
from ..segment import index_text
from .common import SegmentedQueryMixin, UpsertIndexMixin


class ObjectIndexer(postgres.ObjectIndexer):
    def as_vector(self, texts, for_autocomplete=False):
        # tsvectors are built from segmented text; title_text/body_text keep the raw text
        # for trigram (fuzzy) search.
        segmented = [(index_text(text), weight) for text, weight in texts]
        return super().as_vector(segmented, for_autocomplete=for_autocomplete)


class PostgresIndex(UpsertIndexMixin, postgres.PostgresIndex):
    indexer_class = ObjectIndexer
    entry_fields = ("title", "autocomplete", "body", "title_text", "body_text")

    def entry_values(self, indexer):
        return {field: getattr(indexer, field) for field in self.entry_fields}

    def add_items(self, model, objs):
        objs = list(objs)
        super().add_items(model, objs)  # entries written and their title norms set
        if issubclass(model, Page) and model.get_search_fields():
            page_terms.refresh((obj.pk for obj in objs), using=self.write_connection.alias)

    def delete_item(self, item):
        super().delete_item(item)
        if isinstance(item, Page):
            page_terms.delete([item.pk], using=self.write_connection.alias)

    def reset(self):
        super().reset()
        page_terms.rebuild(using=self.write_connection.alias)  # empties it: no entries left

    def rebuild_page_terms(self):
        page_terms.rebuild(using=self.write_connection.alias)


class PostgresSearchRebuilder(postgres.PostgresSearchRebuilder):
    def finish(self):
        super().finish()  # every title norm recomputed: every page's ranks change
        self.index.rebuild_page_terms()


class PostgresSearchAtomicRebuilder(postgres.PostgresSearchAtomicRebuilder):
    def finish(self):
        # modelsearch's finish() recomputes the title norms and commits; the page terms
        # are rebuilt from the new norms before the commit.
        self.index._refresh_title_norms(full=True)
        self.index.rebuild_page_terms()
        self.transaction.__exit__(None, None, None)
        self.transaction_opened = False


class PostgresSearchQueryCompiler(SegmentedQueryMixin, postgres.PostgresSearchQueryCompiler):
    def page_term_words(self, config) -> list[str] | None:
        """The query's lexemes when the page-term table can answer it, else None."""
        if self.fields is not None or not issubclass(self.queryset.model, Page):
            return None
        if not isinstance(self.query, PlainText):
            return None
        terms = page_terms.plain_terms(self.query.query_string)
        if not terms:
            return None
        return page_terms.lexemes(terms, config, using=self.queryset.db)

    def search(self, config, start, stop, score_field=None, backend=None):
        words = self.page_term_words(config)
        if words is None:
            return super().search(config, start, stop, score_field=score_field, backend=backend)
        if not words:  # stop words only: to_tsquery would match nothing either
            return self.queryset.none()
        queryset = page_terms.matching(self.queryset, words, every=self.query.operator == "and")
        return self._apply_ordering_and_scoring(
            queryset, F("_search_rank"), start, stop, score_field
        )


class PostgresAutocompleteQueryCompiler(
    SegmentedQueryMixin, postgres.PostgresAutocompleteQueryCompiler
):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    index_class = PostgresIndex
    rebuilder_class = PostgresSearchRebuilder
    atomic_rebuilder_class = PostgresSearchAtomicRebuilder

    def __init__(self, params):
        # English stemming for Latin words whatever the server's default_text_search_config;
        # Chinese words pass through the English dictionary unchanged.
        super().__init__({"SEARCH_CONFIG": "english", **params})
