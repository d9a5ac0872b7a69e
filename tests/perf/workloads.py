"""What a scenario asks the harness to measure. Plain data: no Django needed to import it."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from tests.perf.loadgen import Request, Result

RequestsFactory = Callable[[int], list[Request]]

# What a browser sends with a page request, give or take; the page cache ignores all of it.
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml",
    "Accept-Language": "zh-CN,zh;q=0.9",
    "User-Agent": "huanwei-bench/1",
}


@dataclass
class Workload:
    """One row of the results table.

    `requests` is either a path (every connection GETs it) or a function called with the
    connection's number that returns the requests that connection cycles through, so a POST
    workload can give each simulated buyer its own session cookie and CSRF token.
    """

    name: str
    requests: str | RequestsFactory
    connections: int | None = None  # None: the run's --connections (8 by default)
    expect: tuple[str, ...] = ("200",)  # any other status counts as an error
    # An anonymous public GET: held to the DESIGN §6 target and expected to be served by the
    # anonymous page cache (X-Page-Cache: hit) without setting a cookie.
    public_page: bool = True
    setup: Callable[[], None] | None = None  # runs before the load (reset state)
    # Entered for the warm-up and the load (e.g. a thread that changes data every second).
    during: Callable[[], AbstractContextManager[Any]] | None = None
    # Runs after the load with the measured result; returns extra figures for the report
    # (for instance confirmed registrations and whether capacity held).
    check: Callable[[Result], dict[str, Any]] | None = None
    scenario: str = field(default="", compare=False)

    @property
    def path(self) -> str:
        return self.requests if isinstance(self.requests, str) else "(per connection)"

    def requests_per_connection(self, connections: int) -> list[list[Request]]:
        if isinstance(self.requests, str):
            return [[Request(self.requests, headers=BROWSER_HEADERS)] for _ in range(connections)]
        return [self.requests(number) for number in range(connections)]
