"""PostgreSQL full-text search with Chinese segmentation."""

from modelsearch.backends.database.postgres import postgres

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


class PostgresSearchQueryCompiler(SegmentedQueryMixin, postgres.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteQueryCompiler(
    SegmentedQueryMixin, postgres.PostgresAutocompleteQueryCompiler
):
    pass


class PostgresSearchBackend(postgres.PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    index_class = PostgresIndex

    def __init__(self, params):
        # English stemming for Latin words whatever the server's default_text_search_config;
        # Chinese words pass through the English dictionary unchanged.
        super().__init__({"SEARCH_CONFIG": "english", **params})
