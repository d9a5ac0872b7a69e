"""Whether the browser journeys can run, and the notice when they cannot.

Shared by tests/e2e/conftest.py (skips or fails the journeys) and tests/conftest.py (prints the
notice at the end; under pytest-xdist only the workers load the e2e conftest).
"""

from __future__ import annotations

import importlib.util
import os

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")


def require_e2e() -> bool:
    return os.environ.get("REQUIRE_E2E", "").strip().lower() in {"1", "true", "yes", "on"}


def missing_browser() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed (run `make install`)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    return None


def notice(missing: str, journeys: int) -> str:
    if require_e2e():
        return f"BROWSER JOURNEYS CANNOT RUN: {missing}; REQUIRE_E2E=1, so they fail."
    return (
        f"BROWSER JOURNEYS SKIPPED ({journeys} tests): {missing}. "
        "CI sets REQUIRE_E2E=1 and fails instead."
    )


def every(locator):
    """All elements the locator matches, once the first has appeared.

    ``Locator.all()`` does not wait: called right after a click that loads
    another page it can read the old page (or a half-loaded one) and return
    too few elements, so a form gets posted with boxes left empty.
    """
    locator.first.wait_for()
    return locator.all()
