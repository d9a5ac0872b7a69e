import pytest
from django.test import Client
from wagtail.models import Site

from website.core.cache import invalidate_page_cache
from website.core.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_settings(site_home):
    # Created on first use otherwise, which itself (rightly) invalidates the cache.
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def test_anonymous_pages_are_served_from_the_cache(client, site_home, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert not first.cookies, "an anonymous page must not set cookies"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_invalidates_cached_pages(client, site_home):
    client.get("/")
    site_home.hero_title = "新的横幅标题"
    site_home.save_revision().publish()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "新的横幅标题" in response.content.decode()


def test_explicit_invalidation(client, site_home):
    client.get("/")
    invalidate_page_cache()
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_logged_in_users_never_get_cached_pages(client, site_home, user):
    Client().get("/")  # an anonymous visitor fills the cache
    client.force_login(user)
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "退出" in response.content.decode()


def test_pages_that_set_cookies_are_not_cached(client, site_home):
    response = client.get("/auth/login/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
    again = client.get("/auth/login/")
    assert again.get("X-Page-Cache") != "hit"


def test_post_requests_bypass_the_cache(client, site_home):
    client.get("/")
    response = client.post("/", {})
    assert response.get("X-Page-Cache") != "hit"
