"""SQLite FTS5 with Chinese segmentation and a title-weighted bm25 ranking."""

from django.db.models import TextField
from django.db.models.functions import Cast
from modelsearch.backends.database.sqlite import sqlite
from modelsearch.backends.database.sqlite.query import BM25, AndNot, MatchExpression, normalize
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

from ..segment import index_text
from .common import SegmentedQueryMixin, UpsertIndexMixin

# bm25() weight per FTS5 column, in the table's order (autocomplete, body, title): a word in
# the title outweighs the same word repeated in the body.
COLUMN_WEIGHTS = (0.0, 1.0, 10.0)


class TitleWeightedBM25(BM25):
    def as_sql(self, compiler, connection, function=None, template=None):
        table = sqlite.SQLiteFTSIndexEntry._meta.db_table
        weights = ", ".join(map(str, COLUMN_WEIGHTS))
        return f"bm25({table}, {weights})", []


class SQLiteIndex(UpsertIndexMixin, sqlite.SQLiteIndex):
    indexer_class = sqlite.ObjectIndexer
    entry_fields = ("title", "autocomplete", "body")

    def entry_values(self, indexer):
        return {field: index_text(getattr(indexer, field)) for field in self.entry_fields}


class RankedIdsMixin(SegmentedQueryMixin):
    """Ranks matches in one pass over the full-text index.

    modelsearch orders results by a correlated subquery that repeats the MATCH for every
    candidate row, which grows with the square of the number of matches (half a second for
    1,000 matches). Here the index is read once, sorted by score and sliced; the objects of
    the slice are then fetched by primary key.
    """

    def rank_expression(self):
        return BM25()

    def ranked_object_ids(self, start, stop) -> list[tuple[str, float]] | None:
        """(object id, score) of the slice, best first; None where modelsearch's way is kept."""
        query = normalize(self.query)
        if not self.order_by_relevance or isinstance(query, MatchAll | Not | AndNot):
            return None
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query)
        )
        candidates = self.queryset.annotate(_object_id=Cast("pk", TextField())).values("_object_id")
        entries = (
            sqlite.SQLiteFTSIndexEntry.objects.filter(match)
            .filter(
                index_entry__content_type__in=get_descendants_content_types_pks(
                    self.queryset.model
                ),
                index_entry__object_id__in=candidates,
            )
            .annotate(score=self.rank_expression())
            .order_by("score", "-index_entry_id")  # bm25() is negative: lowest is best
        )
        return list(entries.values_list("index_entry__object_id", "score")[start:stop])


class SQLiteSearchQueryCompiler(RankedIdsMixin, sqlite.SQLiteSearchQueryCompiler):
    def rank_expression(self):
        return TitleWeightedBM25()

    def _build_rank_expression(self, vectors, config):
        # modelsearch adds an unweighted bm25() per column, which ranks a page that mentions
        # a word often above the page titled with it. One weighted bm25() replaces it.
        return self.rank_expression()


class SQLiteAutocompleteQueryCompiler(RankedIdsMixin, sqlite.SQLiteAutocompleteQueryCompiler):
    pass


class SQLiteSearchResults(sqlite.SQLiteSearchResults):
    def _do_search(self):
        ranked = self.query_compiler.ranked_object_ids(self.start, self.stop)
        if ranked is None:
            return super()._do_search()
        queryset = self.query_compiler.queryset
        to_pk = queryset.model._meta.pk.to_python
        scores = {to_pk(object_id): score for object_id, score in ranked}
        objects = {obj.pk: obj for obj in queryset.filter(pk__in=list(scores)).order_by()}
        if self._score_field:
            for pk, obj in objects.items():
                setattr(obj, self._score_field, scores[pk])
        return [objects[pk] for pk in scores if pk in objects]


class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler
    index_class = SQLiteIndex
    results_class = SQLiteSearchResults
