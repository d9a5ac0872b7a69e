"""The substring fallback (no FTS5): each Chinese word of the query must occur."""

from modelsearch.backends.database import fallback

from .common import SegmentedQueryMixin


class DatabaseSearchQueryCompiler(SegmentedQueryMixin, fallback.DatabaseSearchQueryCompiler):
    segment_phrases = False  # a phrase is a substring of the raw text here


class DatabaseSearchBackend(fallback.DatabaseSearchBackend):
    query_compiler_class = DatabaseSearchQueryCompiler
    autocomplete_query_compiler_class = DatabaseSearchQueryCompiler
