"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache

from tests.e2e.browser import missing_browser, notice
from tests.factories import UserFactory
from website.core.cache import local_fragments

# `make test` runs two pytest-xdist workers. Tests that share an expensive package fixture stay
# on one worker: the demo is loaded once, one browser and live server serve every journey, and
# the isolation check runs after the journeys in their process. Every other test is its own unit.
XDIST_GROUPS = {"demo_site": "demo", "e2e": "browser", "test_browser_isolation.py": "browser"}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    # Not xdist's `--dist loadgroup`: under pytest 9 its xdist_group marks group nothing.
    if config.getvalue("dist") != "load":  # `-n 2` alone; an explicit --dist is obeyed
        return None
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            top = nodeid.split("::")[0].removeprefix("tests/").split("/")[0]
            return XDIST_GROUPS.get(top, nodeid)

    return GroupScheduling(config, log)


def pytest_collection_modifyitems(config, items):
    """Transactional tests restore the migrated data afterwards (serialized rollback).

    A plain transactional test flushes the database and re-runs post_migrate, which recreates
    the roles with new ids; a later test that reloads the serialized data then collides with
    them. Restoring the snapshot after every transactional test keeps the order irrelevant.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """End a run whose browser journeys could not run with a notice nobody can miss."""
    journeys = {
        report.nodeid
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "nodeid", "").startswith("tests/e2e/")
    }
    missing = journeys and missing_browser()
    if missing:
        terminalreporter.section("browser journeys", sep="!", red=True, bold=True)
        terminalreporter.write_line(notice(missing, len(journeys)), red=True, bold=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    # The page cache and rate limits live in the cache; each test starts clean (and so does
    # this process's copy of the fragments it fetched).
    cache.clear()
    local_fragments.clear()
    yield
    cache.clear()
    local_fragments.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request activates its language in the test's thread and leaves it active; each test
    # starts in the site's default language (Chinese), so reverse() gives unprefixed URLs.
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_home(db):
    """The association's Chinese home page as the default site's root."""
    from website.core.demo import ensure_home

    return ensure_home()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def payment_settings(db):
    """The association's bank account set, so invoices and payment instructions render."""
    from tests.factories import set_payment_settings

    return set_payment_settings()


@pytest.fixture
def compiled_models(monkeypatch):
    """The model of every query Django compiles from here on (kept SQL compiles none)."""
    from django.db.models.sql.compiler import SQLCompiler

    compiled: list = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return compiled
