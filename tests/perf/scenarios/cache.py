"""Cache areas: the home page and the news centre stay cached while the directory changes
every second (an organization saved once a second, as a busy back office or an import would).

No data of its own: the demo's home page, news centre and member organizations. The notes
give each row's page-cache misses and the number of changes during the measurement; with one
global generation (before issue 13) every change emptied the home page and the news too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from tests.perf.loadgen import Result
from tests.perf.scenarios import Context
from tests.perf.workloads import Workload

ORDER = 90
INTERVAL = 1.0  # seconds between two changes of the directory


def prepare(ctx: Context) -> None:
    """Nothing to build: the demo has the pages and organizations."""


class DirectoryChanges:
    """A thread that saves a member organization every INTERVAL seconds while running();
    `count` adds up the changes of every round (warm-ups included)."""

    def __init__(self) -> None:
        self.count = 0
        self._stop = threading.Event()

    def _run(self) -> None:
        from django.db import connection

        from members.models import Organization

        organization = Organization.objects.in_directory().order_by("pk").first()
        try:
            while not self._stop.wait(INTERVAL):
                organization.save()  # post_save: the "directory" area is emptied
                self.count += 1
        finally:
            connection.close()

    @contextmanager
    def running(self) -> Iterator[DirectoryChanges]:
        self._stop.clear()
        thread = threading.Thread(target=self._run, name="directory-changes", daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()


def workloads(ctx: Context) -> list[Workload]:
    def row(name: str, path: str) -> Workload:
        changes = DirectoryChanges()

        def report(result: Result) -> dict[str, int]:
            return {"misses": result.page_cache.get("miss", 0), "directory changes": changes.count}

        return Workload(
            f"{name} while the directory changes every second",
            path,
            during=changes.running,
            check=report,
        )

    return [
        row("home page", "/"),
        row("news centre", "/news/"),
        row("member directory", "/members/directory/"),
    ]
