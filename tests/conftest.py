"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache

from tests.factories import UserFactory


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
