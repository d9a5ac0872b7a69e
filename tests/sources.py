"""The apps' own modules, for tests that hold a rule across every app ("one way"): each such
test parses them and lists where a call breaks the rule."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("members", "certification", "events", "publications", "site")


def app_sources() -> Iterator[Path]:
    """Every Python module of the apps, migrations aside."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def found_in_apps(lines_of: Callable[[ast.AST], list[int]]) -> dict[str, list[int]]:
    """The lines `lines_of(tree)` reports, by module (relative to the repository)."""
    return {
        str(path.relative_to(ROOT)): lines
        for path in app_sources()
        if (lines := lines_of(ast.parse(path.read_text(encoding="utf-8"))))
    }
