"""Cached pages and fragments live for hours while their areas are unchanged: a change of an
area empties them at once, a date boundary at its moment, so nothing needs a short lifetime."""

import time

import pytest
from django.core.cache import cache
from wagtail.models import Site

from tests.members.factories import OrganizationFactory
from website.core.demo import ensure_about_pages, ensure_site_settings
from website.core.models import SiteSettings

pytestmark = pytest.mark.django_db

MENU = "fragment:menu:zh-hans:testserver"
FOOTER = "fragment:footer:zh-hans:testserver"


def _seconds_left(key: str) -> float:
    # LocMemCache keeps each key's expiry time; the test settings use it.
    return cache._expire_info[cache.make_key(key)] - time.time()


def test_the_defaults_are_hours():
    from website.settings import base

    assert base.PAGE_CACHE_SECONDS >= 3600
    assert base.FRAGMENT_CACHE_SECONDS >= 3600


def test_a_page_and_its_frame_are_kept_for_hours(client, site_home, settings):
    settings.PAGE_CACHE_SECONDS = 6 * 3600
    settings.FRAGMENT_CACHE_SECONDS = 6 * 3600
    ensure_about_pages(site_home)
    ensure_site_settings(site_home)  # created by a first visit otherwise: a "pages" change
    response = client.get("/about/")
    assert response["X-Page-Cache"] == "miss"
    page_keys = [key for key in cache._cache if ":pagecache:" in key and ":area:" not in key]
    assert page_keys
    assert all(cache._expire_info[key] - time.time() > 5 * 3600 for key in page_keys)
    assert _seconds_left(MENU) > 5 * 3600
    assert client.get("/about/")["X-Page-Cache"] == "hit"


def test_the_menu_and_footer_stay_through_other_areas_changes_and_go_with_the_settings(
    client, site_home, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # render every time: only the fragments are cached
    ensure_about_pages(site_home)
    ensure_site_settings(site_home)
    client.get("/")
    menu, footer = cache.get(MENU), cache.get(FOOTER)
    assert menu is not None and footer is not None

    OrganizationFactory()  # the "directory" area changes
    client.get("/")
    assert cache.get(MENU) == menu and cache.get(FOOTER) == footer  # not rendered again

    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.phone = "010-1234 5678"
    site_settings.save()  # "pages": the frame of every page
    content = client.get("/").content.decode()
    assert "010-1234 5678" in content
    assert cache.get(FOOTER) != footer
