"""The scenario registry: every module in this package is one scenario.

A scenario module (one per app, named after it) exposes:

    ORDER = 100                               # optional; lower runs first ("site" is 0)
    def prepare(ctx: Context) -> None         # build its data; idempotent, quick when done
    def workloads(ctx: Context) -> list[Workload]   # what to measure, in order

Both run in the harness process with Django set up on the bench database, after
`migrate` and `load_demo`. See tests/perf/README.md.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import TextIO

from tests.perf.workloads import Workload


@dataclass
class Context:
    """What a scenario's prepare() and workloads() get from the harness."""

    fresh: bool = False  # the bench database was created in this run
    migrated: bool = False  # migrations were applied in this run
    scale: float = 1.0  # multiply generated data sizes by this (--scale 0.1 for a quick run)
    stdout: TextIO = field(default=sys.stdout, repr=False)

    def size(self, full: int) -> int:
        """The number of rows to generate for a data set that is `full` at scale 1."""
        return max(1, round(full * self.scale))

    def log(self, message: str) -> None:
        print(f"  {message}", file=self.stdout, flush=True)


@dataclass
class Scenario:
    name: str
    module: ModuleType
    order: int

    def prepare(self, ctx: Context) -> None:
        self.module.prepare(ctx)

    def workloads(self, ctx: Context) -> list[Workload]:
        found = list(self.module.workloads(ctx))
        for workload in found:
            workload.scenario = self.name
        return found


def discover() -> list[Scenario]:
    """Every scenario module in this package, in ORDER then name order."""
    scenarios = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        missing = [
            name for name in ("prepare", "workloads") if not callable(getattr(module, name, None))
        ]
        if missing:
            raise TypeError(f"Scenario {info.name} lacks {', '.join(missing)}()")
        scenarios.append(Scenario(info.name, module, getattr(module, "ORDER", 100)))
    return sorted(scenarios, key=lambda s: (s.order, s.name))
