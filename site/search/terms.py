"""Fill and read the page-term table (`PageTerm`, PostgreSQL only).

Each row holds one lexeme of a page's index entry and the page's rank for that lexeme alone:
`ts_rank(title) × title_norm + ts_rank(body)` with modelsearch's weights, which is what
modelsearch orders a one-word search by. `ts_rank` for one word is computed here in SQL from
the word's weights in the stored tsvectors, the way PostgreSQL's `calc_rank_or` does: each
occurrence j (1, 2, …) adds weight / j², the heaviest one counts in full, and the sum is
divided by π²/6.

A search of several words matches the pages that hold all of them (the backend's `and`) or
any (`or`) and ranks by the sum of their single-word ranks. modelsearch's `ts_rank` of an
`&` query also rewards words that stand close together; the page-term table keeps no
positions, so that part of the ranking is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models import Count, QuerySet, Sum
from modelsearch.backends.database.postgres.weights import WEIGHTS_VALUES
from wagtail.models import get_page_models

from .segment import HAN_RUN

# A term modelsearch's compiler would send to to_tsquery as one word: split like it does.
TERM_SEPARATORS = re.compile(r"[\s\-]+")

# ts_rank of one lexeme given its weights array (the tsvector's letters, in position order).
RANK = """(SELECT (max(w) + sum(w / (j * j)) - max(w) / ((array_agg(j ORDER BY w DESC, j))[1] ^ 2))
    / 1.64493406685
    FROM (SELECT CASE x WHEN 'A' THEN %(a)s::float8 WHEN 'B' THEN %(b)s::float8
                        WHEN 'C' THEN %(c)s::float8 ELSE %(d)s::float8 END AS w,
                 j::float8 AS j
          FROM unnest(coalesce(WEIGHTS, ARRAY['D'])) WITH ORDINALITY AS u(x, j)) AS ww)"""

INSERT = """
    INSERT INTO site_search_pageterm (page_id, term, score)
    SELECT e.object_id::integer, w.lexeme,
           CASE WHEN w.in_title THEN e.title_norm * TITLE_RANK ELSE 0 END
         + CASE WHEN w.in_body THEN BODY_RANK ELSE 0 END
    FROM wagtailsearch_indexentry e
    CROSS JOIN LATERAL (
        SELECT coalesce(t.lexeme, b.lexeme) AS lexeme,
               t.lexeme IS NOT NULL AS in_title, t.weights AS title_weights,
               b.lexeme IS NOT NULL AS in_body, b.weights AS body_weights
        FROM unnest(e.title) AS t FULL JOIN unnest(e.body) AS b ON t.lexeme = b.lexeme
    ) AS w
    WHERE e.content_type_id = ANY(%(page_types)s) ONLY_THESE
    ON CONFLICT (page_id, term) DO NOTHING
    """.replace("TITLE_RANK", RANK.replace("WEIGHTS", "w.title_weights")).replace(
    "BODY_RANK", RANK.replace("WEIGHTS", "w.body_weights")
)
INSERT_ALL = INSERT.replace("ONLY_THESE", "")
INSERT_THESE = INSERT.replace("ONLY_THESE", "AND e.object_id = ANY(%(ids)s)")
DELETE_THESE = "DELETE FROM site_search_pageterm WHERE page_id = ANY(%s)"


def _params() -> dict:
    # WEIGHTS_VALUES is ts_rank's weights array: D, C, B, A.
    d, c, b, a = (float(value) for value in WEIGHTS_VALUES)
    page_types = [ct.pk for ct in ContentType.objects.get_for_models(*get_page_models()).values()]
    return {"a": a, "b": b, "c": c, "d": d, "page_types": page_types}


def refresh(page_ids: Iterable[int], *, using: str = "default") -> None:
    """Recompute the rows of these pages from their index entries (after they are written)."""
    ids = [int(pk) for pk in page_ids]
    if not ids:
        return
    with connections[using].cursor() as cursor:
        cursor.execute(DELETE_THESE, [ids])
        cursor.execute(INSERT_THESE, {**_params(), "ids": [str(pk) for pk in ids]})


def delete(page_ids: Iterable[int], *, using: str = "default") -> None:
    ids = [int(pk) for pk in page_ids]
    if ids:
        with connections[using].cursor() as cursor:
            cursor.execute(DELETE_THESE, [ids])


def rebuild(*, using: str = "default") -> None:
    """Every page's rows again, from the whole index (after a full rebuild of the index)."""
    with connections[using].cursor() as cursor:
        cursor.execute("TRUNCATE site_search_pageterm")
        cursor.execute(INSERT_ALL, _params())
        cursor.execute("ANALYZE site_search_pageterm")


def lexemes(terms: Sequence[str], config: str, *, using: str = "default") -> list[str] | None:
    """The lexeme of each term, as to_tsquery would make it; None if a term makes several.

    A word of Han characters is its own lexeme (the parser keeps it whole and no dictionary
    of the configuration changes it); other words are asked of the database. Stop words give
    no lexeme and are left out, as to_tsquery leaves them out of the query.
    """
    if all(HAN_RUN.fullmatch(term) for term in terms):
        return list(dict.fromkeys(terms))
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(to_tsvector(%s::regconfig, t))"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n",
            [config, list(terms)],
        )
        found = [row[0] for row in cursor.fetchall()]
    if any(len(words) > 1 for words in found):
        return None
    return list(dict.fromkeys(words[0] for words in found if words))


def plain_terms(query_string: str) -> list[str]:
    return [term for term in TERM_SEPARATORS.split(query_string) if term]


def matching(queryset: QuerySet, words: list[str], *, every: bool) -> QuerySet:
    """Pages of `queryset` holding every word (or any), annotated with `_search_rank`."""
    if not words:
        return queryset.none()
    queryset = queryset.filter(search_terms__term__in=words).annotate(
        _search_rank=Sum("search_terms__score")
    )
    if every and len(words) > 1:
        queryset = queryset.annotate(_search_words=Count("search_terms__term")).filter(
            _search_words=len(words)
        )
    return queryset
