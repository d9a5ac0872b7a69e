import pytest

from website.core.demo import ensure_about_pages, ensure_english_home

pytestmark = pytest.mark.django_db


def test_sitemap_lists_live_pages(client, site_home):
    ensure_about_pages(site_home)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/about/" in content
    assert "/about/charter/" in content


def test_robots_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_share_metadata_for_wechat(client, site_home):
    ensure_about_pages(site_home)
    content = client.get("/about/profile/").content.decode()
    assert '<meta property="og:title" content="协会简介">' in content
    assert 'property="og:url" content="http://testserver/about/profile/"' in content
    assert 'itemprop="name"' in content
    assert 'property="og:description"' in content


def test_english_site_speaks_english(client, site_home):
    ensure_english_home(site_home)
    response = client.get("/en/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "China Association of Urban Environmental Sanitation" in content
    assert "Log in" in content
