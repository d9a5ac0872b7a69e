"""Search backend: modelsearch's database backends, taught to read Chinese.

`WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "website.search.backends"` picks the class
for the default database, as `modelsearch.backends.database` does: SQLite FTS5, PostgreSQL
full-text search, or the substring fallback. Each subclass segments text with
`website.search.segment` when indexing and when querying; see that module for how.
"""

from django.db import connection

_sqlite_fts_ready = False


def _sqlite_fts_usable() -> bool:
    # Remembered only once true: before `migrate` has made the FTS table, check again later.
    global _sqlite_fts_ready
    if not _sqlite_fts_ready:
        from modelsearch.backends.database.sqlite.utils import fts5_available, fts_table_exists

        _sqlite_fts_ready = fts5_available() and fts_table_exists()
    return _sqlite_fts_ready


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up in a backend module
    if connection.vendor == "postgresql":
        from .postgres import PostgresSearchBackend

        return PostgresSearchBackend(params)
    if connection.vendor == "sqlite" and _sqlite_fts_usable():
        from .sqlite import SQLiteSearchBackend

        return SQLiteSearchBackend(params)
    from .fallback import DatabaseSearchBackend

    return DatabaseSearchBackend(params)
