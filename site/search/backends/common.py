"""What the SQLite and PostgreSQL backends share: segmented queries and a batched upsert."""

from typing import Any

from modelsearch.conf import get_app_config
from modelsearch.query import MATCH_NONE, And, Boost, Not, Or, Phrase, PlainText, SearchQuery
from modelsearch.utils import get_content_type_pk

from ..segment import query_terms

IndexEntry = get_app_config().get_model("IndexEntry", require_ready=False)


def segment_query(query: SearchQuery, *, phrases: bool = True) -> SearchQuery | None:
    """The query with its text cut into words; None where no searchable word is left."""
    if isinstance(query, PlainText):
        terms = query_terms(query.query_string)
        if not terms:
            return None
        return PlainText(" ".join(terms), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase) and phrases:
        terms = query_terms(query.query_string)
        return Phrase(" ".join(terms)) if terms else None
    if isinstance(query, And | Or):
        segmented = (segment_query(subquery, phrases=phrases) for subquery in query.subqueries)
        subqueries = [subquery for subquery in segmented if subquery is not None]
        return type(query)(subqueries) if subqueries else None
    if isinstance(query, Not | Boost):
        subquery = segment_query(query.subquery, phrases=phrases)
        if subquery is None:
            return None
        return Not(subquery) if isinstance(query, Not) else Boost(subquery, query.boost)
    return query  # MatchAll, Fuzzy (trigram similarity works on the raw text)


class SegmentedQueryMixin:
    """Segments the query once, before the backend's compiler builds SQL from it."""

    # Whether phrases are cut into words too (full-text backends match them word by word).
    segment_phrases = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A query of punctuation only matches nothing rather than producing an empty MATCH.
        self.query = segment_query(self.query, phrases=self.segment_phrases) or MATCH_NONE


class UpsertIndexMixin:
    """Writes a batch of objects in one INSERT ... ON CONFLICT DO UPDATE.

    modelsearch's `add_items` builds its own `ObjectIndexer`, so it is replaced here; the
    entry values come from `entry_values`, which each backend fills with segmented text.
    """

    indexer_class: type
    entry_fields: tuple[str, ...]

    def entry_values(self, indexer) -> dict[str, Any]:
        raise NotImplementedError

    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        content_type_id = get_content_type_pk(model)
        entries = [
            IndexEntry(
                content_type_id=content_type_id,
                object_id=indexer.id,
                title_norm=1.0,  # recomputed below for new and changed entries
                **self.entry_values(indexer),
            )
            for indexer in (self.indexer_class(obj, self.backend) for obj in objs)
        ]
        if not entries:
            return
        IndexEntry._default_manager.using(self.write_connection.alias).bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["content_type", "object_id"],
            update_fields=[*self.entry_fields, "title_norm"],
        )
        self._refresh_title_norms()
