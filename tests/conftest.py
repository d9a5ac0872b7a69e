"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory


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


@pytest.fixture(autouse=True)
def _clear_cache():
    # The page cache and rate limits live in the cache; each test starts clean.
    cache.clear()
    yield
    cache.clear()


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
