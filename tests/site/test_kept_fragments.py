"""Parts of pages kept per page and cache area: never stale after the change that alters them.

Signed-in visitors never get the page cache, so what they read shows the kept fragments
themselves: the breadcrumbs, the language links, a news page's related news, a news list.
Each test renders a page once (the fragment is kept), changes what the fragment shows, and
reads the page again.
"""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from publications.models import IswaArticlePage, IswaIndexPage, NewsSection
from tests.publications import factories
from website.core.demo import ensure_english_home
from website.core.models import StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(site_home):
    from wagtail.models import Site

    from website.core.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return site_home


@pytest.fixture
def member(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def sections(home):
    return factories.news_centre(home)


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_renamed_section_is_renamed_in_its_pages_breadcrumbs(member, sections):
    index = sections[NewsSection.ASSOCIATION]
    item = factories.news(index, "协会召开理事会")
    assert "协会动态</a>" in _html(member, item.url)
    index.title = "协会要闻"
    index.save_revision().publish()
    html = _html(member, item.url)
    assert "协会要闻</a>" in html and "协会动态</a>" not in html


def test_a_news_page_lists_news_published_after_it_was_shown(member, sections):
    index = sections[NewsSection.INDUSTRY]
    first = factories.news(index, "焚烧厂开放日", tags=["开放日"])
    assert "垃圾分类宣传周" not in _html(member, first.url)
    factories.news(index, "垃圾分类宣传周", tags=["开放日"])
    assert "垃圾分类宣传周" in _html(member, first.url)


def test_a_news_list_shows_news_published_after_it_was_shown(member, sections):
    index = sections[NewsSection.MEMBERS]
    factories.news(index, "会员单位参加培训")
    for url in ("/news/", index.url, f"{index.url}?page=1"):
        assert "环卫工人节慰问活动" not in _html(member, url)
    factories.news(index, "环卫工人节慰问活动")
    for url in ("/news/", index.url, f"{index.url}?page=1"):
        assert "环卫工人节慰问活动" in _html(member, url)


def test_each_filter_and_page_of_a_list_is_kept_apart(member, sections):
    index = sections[NewsSection.NOTICES]
    old = factories.news(index, "旧通知", date=timezone.localdate().replace(year=2019))
    new = factories.news(index, "新通知")
    assert new.title in _html(member, index.url) and old.title in _html(member, index.url)
    in_2019 = _html(member, f"{index.url}?year=2019")
    assert old.title in in_2019 and new.title not in in_2019


def test_a_chinese_page_links_to_its_translation_once_published(member, home):
    ensure_english_home(home)
    column = factories.publish(home, IswaIndexPage(title="ISWA专栏", slug="iswa"))
    article = factories.publish(
        column, IswaArticlePage(title="气候行动", slug="climate", iswa_source="ISWA")
    )
    assert 'href="/en/iswa/climate-action/"' not in _html(member, article.url)
    english = Locale.objects.get(language_code="en")
    column.copy_for_translation(english, copy_parents=True).save_revision().publish()
    translation = article.copy_for_translation(english)
    translation.title = "Climate action"
    translation.slug = "climate-action"
    translation.save_revision().publish()
    assert 'href="/en/iswa/climate-action/" lang="en"' in _html(member, article.url)


def test_making_a_page_private_empties_every_kept_copy(client, home):
    about = factories.publish(home, StandardPage(title="关于协会", slug="about"))
    private = factories.publish(about, StandardPage(title="内部资料", slug="internal"))
    assert client.get(private.url).status_code == 200
    assert client.get(private.url)["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(private.url)
    assert response.status_code == 302 and "内部资料" not in response.content.decode()


def test_a_preview_renders_the_kept_parts_afresh():
    template = Template(
        '{% load core_tags %}{% cached_area "probe" "pages" vary=key %}{{ value }}'
        "{% endcached_area %}"
    )
    request = RequestFactory().get("/")
    assert template.render(Context({"request": request, "key": 1, "value": "live"})) == "live"
    assert template.render(Context({"request": request, "key": 1, "value": "new"})) == "live"
    assert template.render(Context({"request": request, "key": 2, "value": "other"})) == "other"
    request.is_preview = True
    assert template.render(Context({"request": request, "key": 1, "value": "draft"})) == "draft"


def test_a_replaced_image_shows_in_kept_articles_and_lists(member, sections):
    index = sections[NewsSection.INDUSTRY]
    picture = factories.image("开放日现场")
    item = factories.news(index, "焚烧厂公众开放日", featured_image=picture)
    before_page, before_list = _html(member, item.url), _html(member, index.url)
    old_name = picture.file.name.rsplit("/", 1)[-1].split(".")[0]
    assert old_name in before_page
    assert old_name in before_list
    replacement = factories.image("替换图片")
    # What the admin's image edit view does when a new file is uploaded.
    picture.file = replacement.file
    picture.renditions.all().delete()
    picture.save()
    new_name = replacement.file.name.rsplit("/", 1)[-1].split(".")[0]
    after_page, after_list = _html(member, item.url), _html(member, index.url)
    assert new_name in after_page and old_name not in after_page
    assert new_name in after_list and old_name not in after_list


def _share_image(html: str) -> str:
    import re

    found = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
    assert len(found) <= 1
    return found[0] if found else ""


def test_a_pages_share_image_follows_its_publication(member, sections):
    index = sections[NewsSection.ASSOCIATION]
    first, second = factories.image("甲"), factories.image("乙")
    item = factories.news(index, "年会召开", featured_image=first)
    shown = _share_image(_html(member, item.url))
    rendition = first.get_rendition("fill-600x600")
    assert shown == f"http://testserver{rendition.url}"
    assert f'<meta itemprop="image" content="{shown}">' in _html(member, item.url)
    item.featured_image = second
    item.save_revision().publish()
    assert _share_image(_html(member, item.url)) == (
        f"http://testserver{second.get_rendition('fill-600x600').url}"
    )


def test_the_sites_default_share_image_follows_the_settings(member, home):
    from wagtail.models import Site

    from website.core.models import SiteSettings

    about = factories.publish(home, StandardPage(title="关于协会", slug="about"))
    settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_.default_share_image = None
    settings_.logo = None
    settings_.save()
    assert _share_image(_html(member, about.url)) == ""
    picture = factories.image("会标")
    settings_.default_share_image = picture
    settings_.save()
    assert picture.get_rendition("fill-600x600").url in _share_image(_html(member, about.url))


def test_a_deleted_image_is_no_longer_shared(member, sections):
    index = sections[NewsSection.INDUSTRY]
    picture = factories.image("现场")
    item = factories.news(index, "开放日", featured_image=picture)
    assert _share_image(_html(member, item.url))
    picture.delete()  # saving or deleting any image empties every area
    assert _share_image(_html(member, item.url)) == ""


def test_the_share_image_is_read_once_per_page(member, sections, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = sections[NewsSection.NOTICES]
    item = factories.news(index, "通知", featured_image=factories.image())
    _html(member, item.url)
    with CaptureQueriesContext(connection) as captured:
        _html(member, item.url)
    assert not [q for q in captured if "wagtailimages_image" in q["sql"]]
