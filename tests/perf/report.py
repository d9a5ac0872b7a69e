"""Figures per workload, the table printed at the end, its JSON and Markdown forms."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from tests.perf.loadgen import Result, percentile

# DESIGN §6: anonymous public pages at half the bare view's throughput or more, p95 < 50 ms.
TARGET_RATIO = 0.5
TARGET_P95_MS = 50.0


@dataclass
class Row:
    name: str
    path: str
    scenario: str
    connections: int
    public_page: bool
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    page_cache_hits: float  # share of responses with X-Page-Cache: hit
    set_cookie: int
    # Cores busy during the measurement (2.0 = both cores of this machine): gunicorn, the load
    # generator, Redis + PostgreSQL (shared with other users of the machine), everything else.
    server_cpu: float
    client_cpu: float
    services_cpu: float
    other_cpu: float
    # Gunicorn CPU per request: steadier than req/s when neighbours take the machine's CPU.
    server_cpu_ms: float
    ratio: float = math.nan  # rps / bare view rps
    # bare view CPU per request / this CPU per request: the throughput ratio a server with
    # the machine to itself would reach, since both are CPU-bound there.
    cpu_ratio: float = math.nan
    extra: dict[str, Any] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    @classmethod
    def from_result(cls, workload, connections: int, result: Result, cpu: dict[str, float]) -> Row:
        count = len(result.latencies)
        responses = sum(result.page_cache.values()) or 1
        return cls(
            name=workload.name,
            path=workload.path,
            scenario=workload.scenario,
            connections=connections,
            public_page=workload.public_page,
            requests=count,
            rps=count / result.duration,
            p50_ms=percentile(result.latencies, 0.50) * 1000,
            p95_ms=percentile(result.latencies, 0.95) * 1000,
            p99_ms=percentile(result.latencies, 0.99) * 1000,
            errors=result.errors,
            page_cache_hits=result.page_cache.get("hit", 0) / responses,
            set_cookie=result.set_cookie,
            server_cpu=cpu["server"] / cpu["elapsed"],
            client_cpu=cpu["client"] / cpu["elapsed"],
            services_cpu=cpu["services"] / cpu["elapsed"],
            other_cpu=cpu["other"] / cpu["elapsed"],
            server_cpu_ms=cpu["server"] / count * 1000 if count else math.nan,
            error_samples=result.error_samples,
        )

    def notes(self) -> str:
        notes = []
        if self.public_page:
            if self.page_cache_hits < 0.95:
                notes.append(f"page cache hits {self.page_cache_hits:.0%}")
            if self.set_cookie:
                notes.append(f"Set-Cookie on {self.set_cookie} responses")
        if self.errors and self.error_samples:
            notes.append(self.error_samples[0])
        notes += [f"{key} {value}" for key, value in self.extra.items()]
        return "; ".join(notes)

    def verdict(self) -> str:
        if not self.public_page:
            return ""
        meets = self.ratio >= TARGET_RATIO and self.p95_ms < TARGET_P95_MS and not self.errors
        return "yes" if meets else "NO"


RIGHT = {2, 3, 4, 5, 6, 7, 9, 10}  # numeric columns
HEADERS = [
    "workload",
    "path",
    "conn",
    "req/s",
    "p50 ms",
    "p95 ms",
    "errors",
    "vs bare",
    "target",
    "CPU ms/req",
    "CPU vs bare",
    "cores server/client/db+redis/other",
    "notes",
]


def cells(row: Row) -> list[str]:
    return [
        row.name,
        row.path,
        str(row.connections),
        f"{row.rps:.0f}",
        f"{row.p50_ms:.1f}",
        f"{row.p95_ms:.1f}",
        str(row.errors),
        "—" if math.isnan(row.ratio) else f"{row.ratio:.2f}",
        row.verdict() or "—",
        f"{row.server_cpu_ms:.2f}",
        "—" if math.isnan(row.cpu_ratio) else f"{row.cpu_ratio:.2f}",
        f"{row.server_cpu:.2f}/{row.client_cpu:.2f}/{row.services_cpu:.2f}/{row.other_cpu:.2f}",
        row.notes(),
    ]


def text_table(rows: list[Row]) -> str:
    table = [HEADERS, *(cells(row) for row in rows)]
    widths = [max(_width(line[i]) for line in table) for i in range(len(HEADERS))]
    lines = []
    for number, line in enumerate(table):
        padded = [_pad(value, widths[i], right=i in RIGHT) for i, value in enumerate(line)]
        lines.append("  ".join(padded).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    lines = [
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join("---:" if i in RIGHT else "---" for i in range(len(HEADERS))) + "|",
    ]
    for row in rows:
        values = [value.replace("|", "\\|") for value in cells(row)]
        values[1] = f"`{values[1]}`"
        lines.append("| " + " | ".join(values) + " |")
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    space = " " * (width - _width(text))
    return space + text if right else text + space
