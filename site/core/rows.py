"""Long iterations over fetched rows: each row is freed as soon as the loop moves on.

Use ``released(queryset.iterator())`` for any loop over many rows (an export, a nightly sweep):
without it, rows fetched with ``select_related()`` across a one-to-one or with prefetched
relations are cyclic garbage, and a worker grows by tens of MB before the garbage collector's
next full pass (tests/perf/README.md). `tests/site/test_released_rows.py` checks that every
``iterator()`` loop of the apps goes through `released`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def released(objects: Iterable[M]) -> Iterator[M]:
    """Each object in turn, released (`release`) when the caller asks for the next one."""
    for obj in objects:
        yield obj
        release(obj)


def release(obj: models.Model) -> None:
    """Break the reference cycles a fetched object is part of, so that refcounting frees it
    (and what it holds) as soon as the caller drops it.

    ``select_related()`` across a one-to-one caches each side on the other, and a prefetched
    relation's queryset holds its instance (a reverse foreign key's rows hold it too): every
    row of a long iteration is then cyclic garbage. It survives the young generations while its
    chunk is in use, and waits in the oldest one for a full collection, which Python runs only
    once the survivors have grown by a quarter of all long-lived objects (some hundreds of
    thousands in a worker): a 100,000-row export grew the worker by 15–20 MB
    (tests/perf/README.md).

    The object's cached relations are dropped, and those of the related objects it holds (what
    ``select_related()`` joined, or a prefetched foreign key), recursively; a prefetched set of
    rows (many-to-many, reverse foreign key) is dropped, not visited. An object stays usable: a
    relation read again is fetched again."""
    seen: set[int] = set()
    pending = [obj]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.__dict__.pop("_prefetched_objects_cache", None)
        state = current.__dict__.get("_state")
        cached = state.__dict__.pop("fields_cache", None) if state is not None else None
        pending.extend(
            related for related in (cached or {}).values() if isinstance(related, models.Model)
        )
