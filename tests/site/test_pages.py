import pytest

from website.core.demo import ensure_about_pages, ensure_site_settings

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_chinese(client, site_home):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert "中国城市环境卫生协会" in content
    assert "登录" in content
    # The association's name once in the title, not "name | name".
    title = content.split("<title>", 1)[1].split("</title>", 1)[0].strip()
    assert title == "中国城市环境卫生协会"


def test_navigation_and_footer_come_from_site_settings(client, site_home):
    ensure_about_pages(site_home)
    ensure_site_settings(site_home)
    content = client.get("/").content.decode()
    assert 'href="/about/"' in content
    assert "京ICP备00000000号-1" in content
    assert "京公网安备" in content
    assert "010-5893 0000" in content


def test_standard_page_shows_its_body_and_children(client, site_home):
    ensure_about_pages(site_home)
    about = client.get("/about/").content.decode()
    assert "协会章程" in about
    charter = client.get("/about/charter/").content.decode()
    assert "第一章 总则" in charter
    assert "当前位置" in charter


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_home_page_queries_do_not_grow_with_the_menu(client, site_home, settings, path):
    """Counted with the demo's menu, then with ten more links in it: the same queries, with
    the menu rendered (its cached fragment emptied) and with the menu from the cache.
    In English every linked page's translation is looked up in one query for all links.
    (The sections' own growth is tested in tests/publications/test_news.py.)"""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Site

    from website.core.models import SiteSettings, StandardPage

    settings.PAGE_CACHE_SECONDS = 0  # measure the page, not the page cache
    ensure_about_pages(site_home)
    ensure_site_settings(site_home)

    def queries() -> tuple[int, int]:
        client.get(path)  # per-process caches settle
        cache.clear()  # the menu and footer fragments too: count their rendering
        with CaptureQueriesContext(connection) as cold:
            assert client.get(path).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            assert client.get(path).status_code == 200
        return len(cold.captured_queries), len(warm.captured_queries)

    few = queries()
    about = site_home.get_children().get(slug="about")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    menu = site_settings.main_menu.raw_data
    for number in range(10):
        page = about.add_child(instance=StandardPage(title=f"栏目{number}", slug=f"more-{number}"))
        page.save_revision().publish()
        link = {"label": page.title, "label_en": "", "page": page.pk, "url": ""}
        menu[0]["value"]["children"].append(link)
    site_settings.main_menu = menu
    site_settings.save()
    assert queries() == few
