"""Browser journeys: Playwright (from PyPI) driving Debian's Chromium against Django's live server.

- Without Chromium or playwright the journeys are skipped with a loud notice; with
  REQUIRE_E2E=1 (CI) they fail instead.
- The live server runs in this process, so `mail.outbox` (locmem backend) holds the emails it
  sends and the tests can use the ORM.
- Playwright's sync API keeps an asyncio loop running in the main thread, which Django's ORM
  refuses to work beside unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The browser therefore lives
  for this package only: the variable is set while it runs and removed, with the loop stopped,
  before any other test runs.
- A failing journey leaves a full-page screenshot, the page's HTML and its console log in
  tests/e2e/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connections

from .browser import CHROMIUM, missing_browser, notice, require_e2e

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    # Playwright gives each launch a fresh temporary profile (--user-data-dir) of its own.
]
HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "15000"))

_reports = pytest.StashKey[dict]()


def _is_journey(item: pytest.Item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    journeys = [item for item in items if _is_journey(item)]
    for item in journeys:
        item.add_marker(pytest.mark.e2e)
    missing = missing_browser()
    if not journeys or missing is None:
        return
    text = notice(missing, len(journeys))
    if not require_e2e():
        for item in journeys:
            item.add_marker(pytest.mark.skip(reason=text))
    warnings.warn(pytest.PytestWarning(text), stacklevel=1)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    if report.failed and report.when in ("setup", "call") and _is_journey(item):
        saved = _save_artifacts(item)
        if saved:
            report.sections.append(("browser artifacts", "\n".join(str(p) for p in saved)))
    return report


def _save_artifacts(item: pytest.Item) -> list[Path]:
    """Screenshot every open page of the failing test, with its HTML and the console log."""
    context = item.funcargs.get("browser_context") if hasattr(item, "funcargs") else None
    console = item.funcargs.get("console_log") if hasattr(item, "funcargs") else None
    if context is None:
        return []
    ARTIFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", item.nodeid.split("tests/e2e/")[-1]).strip("_")
    saved: list[Path] = []
    for number, page in enumerate(context.pages):
        suffix = f"-{number}" if number else ""
        try:
            png = ARTIFACTS / f"{stem}{suffix}.png"
            page.screenshot(path=str(png), full_page=True, timeout=10_000)
            html = ARTIFACTS / f"{stem}{suffix}.html"
            html.write_text(f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8")
            saved += [png, html]
        except Exception as error:  # noqa: BLE001 - a dead page must not hide the failure
            saved.append(Path(f"(page {number} could not be saved: {error})"))
    if console is not None:
        log = ARTIFACTS / f"{stem}.console.log"
        log.write_text("\n".join(str(entry) for entry in console.entries) + "\n", "utf-8")
        saved.append(log)
    return saved


@dataclass
class ConsoleEntry:
    kind: str
    text: str
    url: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.text} ({self.url})"


def _where(message) -> str:
    url = (message.location or {}).get("url")
    return url or (message.page.url if message.page else "")


@dataclass
class ConsoleLog:
    """Everything the pages of one test wrote to the browser console, and uncaught errors.

    Failed requests are only kept for the log file: the console already reports the ones that
    matter ("Failed to load resource"), and aborted ones are normal when a page navigates.
    """

    entries: list[ConsoleEntry] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [str(entry) for entry in self.entries if entry.kind in ("error", "pageerror")]

    def watch(self, page) -> None:
        page.on("console", lambda message: self._add(message.type, message.text, _where(message)))
        page.on("pageerror", lambda error: self._add("pageerror", str(error), page.url))
        page.on(
            "requestfailed",
            lambda request: self._add("requestfailed", str(request.failure), request.url),
        )

    def _add(self, kind: str, text: str, url: str) -> None:
        self.entries.append(ConsoleEntry(kind, text, url))


@pytest.fixture(scope="package")
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """Leave the database as migrations made it, for the transactional tests that follow.

    The journeys use serialized rollback: each one starts from the data migrations created
    (Wagtail's root page, locales, groups) and the database is emptied after it.
    """
    yield
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="package")
def browser(_restore_migrated_data):
    missing = missing_browser()
    if missing:
        if require_e2e():
            pytest.fail(f"REQUIRE_E2E=1 but {missing}", pytrace=False)
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)  # only this run's failures are left there
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Django keeps separate connections for a thread with a running event loop. Hand it the
    # ones it already has, so the tests, the live server and the test database's saved state
    # (serialized rollback) keep using one connection per database.
    shared = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    try:
        for alias, connection in shared.items():
            connections[alias] = connection
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        for alias in shared:
            try:
                del connections[alias]
            except AttributeError:
                pass
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def console_log() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def browser_context(browser, live_server, console_log, settings):
    """A fresh browser profile for each test: a Chinese visitor on a desktop screen."""
    # Emails link to BASE_URL, the public address; here that is the live server.
    settings.BASE_URL = settings.WAGTAILADMIN_BASE_URL = live_server.url
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS * 2)
    context.on("page", console_log.watch)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    return browser_context.new_page()
