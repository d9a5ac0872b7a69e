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


def test_home_page_renders_in_constant_queries(client, site_home, django_assert_max_num_queries):
    ensure_about_pages(site_home)
    ensure_site_settings(site_home)
    from website.core.registry import home_sections

    # The bare page, plus at most two queries for each section an app adds to it.
    with django_assert_max_num_queries(15 + 2 * len(home_sections.sections())):
        client.get("/")
