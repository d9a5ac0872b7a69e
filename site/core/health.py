"""What `/healthz` checks: the database, the cache, both file storages and the task queue.

Each check returns a small dict with `ok`; the view answers 503 when any is not ok, so a load
balancer or a monitor takes the process out or pages someone. The task queue is unhealthy when
the oldest task ready to run has waited longer than HEALTHZ_MAX_TASK_WAIT seconds: no worker is
running, or the workers cannot keep up (emails and PDFs are late)."""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.utils import timezone

DATABASE_TASK_BACKEND = "django_tasks_db.DatabaseBackend"


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_cache() -> dict:
    key = f"healthz:{secrets.token_hex(4)}"
    cache.set(key, "1", timeout=10)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok, "backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_storage(alias: str) -> dict:
    storage = storages[alias]
    if isinstance(storage, FileSystemStorage):
        location = storage.location
        os.makedirs(location, exist_ok=True)  # as the first upload would
        if not os.access(location, os.W_OK):
            return {"ok": False, "error": f"{location} is not writable"}
        return {"ok": True}
    # An object store: one HEAD request (the answer is "no such object", which is fine).
    storage.exists(f"healthz/{secrets.token_hex(4)}")
    return {"ok": True}


def check_tasks() -> dict:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != DATABASE_TASK_BACKEND:
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values("enqueued_at").first()
    waited = (timezone.now() - oldest["enqueued_at"]).total_seconds() if oldest else 0.0
    limit = settings.HEALTHZ_MAX_TASK_WAIT
    return {"ok": waited <= limit, "oldest_waiting_seconds": round(waited, 1), "limit": limit}


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "media storage": lambda: check_storage("default"),
    "private storage": lambda: check_storage("private"),
    "tasks": check_tasks,
}


def run_checks() -> tuple[bool, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = check()
        except Exception as error:  # noqa: BLE001 - a failing service is the answer, not a 500
            result = {"ok": False, "error": f"{type(error).__name__}: {error}"[:300]}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return all(result["ok"] for result in results.values()), results
