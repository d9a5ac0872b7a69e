"""Queries whose SQL is compiled once per process instead of on every request.

Django builds and compiles a queryset's SQL each time it runs: for the portal's small
per-user queries (a user's open applications, their orders, their roles) that costs more
CPU than PostgreSQL spends answering them, 0.5–2 ms a query against 0.1–0.4 ms
(tests/perf/README.md). `@kept_sql` builds the queryset once for each shape of its
arguments, with stand-in values, compiles it, and from then on runs the kept SQL with the
real values; the rows come back through Django's own iterables (model instances,
select_related, values_list, prefetch_related), so what a caller gets is what the plain
queryset returns.

    @kept_sql
    def open_orders(user_id: int, organization_ids: list[int]) -> QuerySet[Order]:
        return Order.objects.filter(...).select_related("event").order_by("-created_at")[:5]

    orders = open_orders(request.user.pk, ids)  # a list

The builder must depend on its arguments only: no date, setting or language, and nothing
read from the database (a content type's id) inside it; pass them in. Arguments are ints,
strs, or lists/tuples of ints or of strs (an `__in` list; its duplicates are dropped, as SQL's
IN drops them; an empty list is a shape of its own). A None runs the plain queryset, and so do a
list of more than MAX_LIST ids, a builder's shapes beyond MAX_SHAPES, and a
shape whose SQL does not carry every argument as it was given (an argument used in a slice,
or escaped for SQLite's LIKE): it is correct, only not faster, and the tests of the pages
that rely on kept SQL count what they compile.
"""

from __future__ import annotations

import copy
import functools
import threading
import weakref
from collections.abc import Callable
from typing import Any, ParamSpec

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, Prefetch, QuerySet
from django.db.models.sql import Query

P = ParamSpec("P")

# Stand-ins: inside PostgreSQL's integer range (an exact lookup outside it compiles to "no
# rows"), and far from any id this application will reach.
_INT_BASE = 1_987_650_000
# A string stand-in holds the characters a backend escapes (SQLite's LIKE for iexact): an
# argument the backend rewrites is seen as such and never passed unescaped.
_STR_MARK = "\x1ekept%_\\sql:{}\x1e"
# What one builder keeps, at most: shapes (an entry is a queryset and its SQL, a few KB) and
# ids in a list (a longer list is not a portal page's query). Beyond, the plain queryset.
MAX_SHAPES = 32
MAX_LIST = 64


class KeptSQLError(TypeError):
    """An argument or a builder kept_sql does not take (a float, a queryset of its own
    query class, another database)."""


class _Compiled:
    """One shape's SQL, its parameters with the stand-ins' positions, and what the compiler
    worked out about the columns (read-only, shared by every thread)."""

    __slots__ = (
        "plain",
        "queryset",
        "sql",
        "params",
        "slots",
        "select",
        "klass_info",
        "annotation_col_map",
        "col_count",
        "has_extra_select",
        "converters",
    )

    def __init__(
        self, queryset: QuerySet, compiler, sql: str, params: tuple, slots, *, plain: bool
    ) -> None:
        self.plain = plain
        self.queryset = queryset
        self.sql = sql
        self.params = params
        # (position in params, index into the flat argument values, the backend's wrapper)
        self.slots = slots
        self.select = compiler.select
        self.klass_info = compiler.klass_info
        self.annotation_col_map = compiler.annotation_col_map
        self.col_count = getattr(compiler, "col_count", 0)
        self.has_extra_select = getattr(compiler, "has_extra_select", False)
        # The columns' converters, worked out once per database connection (each thread has
        # its own; a connection that goes away takes its entry with it).
        self.converters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def params_for(self, values: list) -> tuple:
        params = list(self.params)
        for position, index, wrap in self.slots:
            params[position] = values[index] if wrap is None else wrap(values[index])
        return tuple(params)


class _KeptQuery(Query):
    """The kept shape's query: its compiler answers with the kept SQL and column layout
    instead of compiling."""

    kept: _Compiled
    kept_params: tuple

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        compiler = super().get_compiler(using, connection, elide_empty)
        kept = self.kept
        compiler.select = kept.select
        compiler.klass_info = kept.klass_info
        compiler.annotation_col_map = kept.annotation_col_map
        compiler.col_count = kept.col_count
        compiler.has_extra_select = kept.has_extra_select
        sql, params = kept.sql, self.kept_params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        compiler.get_converters = functools.partial(
            _kept_converters, kept.converters, compiler.connection, compiler.get_converters
        )
        return compiler


def _kept_converters(kept: weakref.WeakKeyDictionary, connection, compute, expressions) -> dict:
    converters = kept.get(connection)
    if converters is None:
        converters = kept[connection] = compute(expressions)
    return converters


def _flatten(args: tuple) -> tuple[tuple, list] | None:
    """(the shape, the flat values), or None when the plain queryset must run."""
    shape: list = []
    values: list = []
    for arg in args:
        if arg is None:
            return None
        if isinstance(arg, bool):
            raise KeptSQLError("kept_sql takes ints, strs and lists of them, not bools")
        if isinstance(arg, int | str):
            shape.append(int if isinstance(arg, int) else str)  # an IntEnum is an int
            values.append(arg)
        elif isinstance(arg, list | tuple):
            unique = list(dict.fromkeys(arg))
            if all(isinstance(item, int) and not isinstance(item, bool) for item in unique):
                kind: int | tuple = len(unique)  # a list of ids: its length
            elif all(isinstance(item, str) for item in unique):
                kind = (str, len(unique))
            else:
                raise KeptSQLError("kept_sql takes lists of ints or lists of strs")
            if len(unique) > MAX_LIST:
                return None
            shape.append(kind)
            values.extend(unique)
        else:
            raise KeptSQLError(f"kept_sql cannot keep an argument of type {type(arg).__name__}")
    return tuple(shape), values


def _stand_ins(shape: tuple) -> tuple[tuple, list]:
    args: list = []
    values: list = []
    for kind in shape:
        if kind is int:
            value = _INT_BASE + len(values)
            args.append(value)
            values.append(value)
        elif kind is str:
            value = _STR_MARK.format(len(values))
            args.append(value)
            values.append(value)
        elif isinstance(kind, tuple):  # a list of strs
            items = [_STR_MARK.format(len(values) + i) for i in range(kind[1])]
            args.append(items)
            values.extend(items)
        else:
            items = [_INT_BASE + len(values) + i for i in range(kind)]
            args.append(items)
            values.extend(items)
    return tuple(args), values


def _compile(build: Callable[..., QuerySet], shape: tuple, using: str) -> _Compiled:
    args, stand_ins = _stand_ins(shape)
    queryset = build(*args)
    if not isinstance(queryset, QuerySet):
        raise KeptSQLError(f"{build.__qualname__} must return a queryset")
    if type(queryset.query) is not Query:
        raise KeptSQLError(f"{build.__qualname__}: a query of its own class cannot be kept")
    if queryset.db != using:
        raise KeptSQLError(f"{build.__qualname__}: kept_sql runs on the default database only")
    compiler = queryset.query.get_compiler(using=using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return _Compiled(queryset, compiler, "", (), (), plain=False)
    # A backend may wrap a value in a type of its own (psycopg's Int8 for a big integer
    # column): the real value is wrapped the same way.
    where: dict[int, list[tuple[int, type]]] = {}
    for position, param in enumerate(params):
        if isinstance(param, int | str) and not isinstance(param, bool) and param in stand_ins:
            where.setdefault(stand_ins.index(param), []).append((position, type(param)))
    if len(where) != len(stand_ins):
        # An argument the SQL does not carry as it is (inlined in a slice, escaped for a
        # LIKE, wrapped for a lookup): this shape runs the plain queryset every time.
        return _Compiled(queryset, compiler, "", (), (), plain=True)
    slots = tuple(
        (position, index, None if kind in (int, str) else kind)
        for index, found in where.items()
        for position, kind in found
    )
    return _Compiled(queryset, compiler, sql, tuple(params), slots, plain=False)


def as_user(user_id: int):
    """A user with only its id, for the models' own visibility rules, which take a user
    (`Order.objects.visible_to(as_user(user_id), ...)`), inside a builder."""
    from django.contrib.auth import get_user_model

    return get_user_model()(pk=user_id)


def _own(lookup):
    if isinstance(lookup, Prefetch) and lookup.queryset is not None:
        lookup = copy.copy(lookup)
        lookup.queryset = lookup.queryset._chain()
    return lookup


def kept_sql(build: Callable[P, QuerySet]) -> Callable[P, list]:
    """Run `build`'s query with SQL compiled once per argument shape and database; returns
    the rows as a list (see the module's docstring)."""
    kept: dict[tuple, _Compiled] = {}
    lock = threading.Lock()

    @functools.wraps(build)
    def run(*args: Any) -> list:
        flat = _flatten(args)
        if flat is None:
            return list(build(*args))
        shape, values = flat
        using = DEFAULT_DB_ALIAS
        key = (connections[using].vendor, shape)
        compiled = kept.get(key)
        if compiled is None:
            if len(kept) >= MAX_SHAPES:
                return list(build(*args))
            with lock:
                compiled = kept.get(key)
                if compiled is None:
                    compiled = kept[key] = _compile(build, shape, using)
        if compiled.plain:
            return list(build(*args))
        if not compiled.sql:
            return []  # the query asks for nothing (an empty IN list, say)
        queryset = compiled.queryset._chain()
        # A Prefetch's queryset is given hints as it runs: each call gets its own.
        queryset._prefetch_related_lookups = tuple(map(_own, queryset._prefetch_related_lookups))
        query = queryset.query
        query.__class__ = _KeptQuery
        query.kept = compiled
        query.kept_params = compiled.params_for(values)
        return list(queryset)

    run.forget = kept.clear  # type: ignore[attr-defined]
    return run


def set_prefetched(instance: Model, relation: str, rows: list[Model]) -> None:
    """Leave `instance.<relation>.all()` answering `rows` without a query, as
    ``prefetch_related(relation)`` leaves it (what Django's ``prefetch_one_level`` does for
    each instance): for rows read with kept SQL, which ``prefetch_related`` would read again
    with SQL compiled on every request. `relation` is a many-to-many; `rows` must be what it
    holds, in its order. Anything else asked of the relation (a filter, a count) still runs
    its own query."""
    manager = getattr(instance, relation)
    queryset = manager.get_queryset()
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[manager.prefetch_cache_name] = (
        queryset
    )
