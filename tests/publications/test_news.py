"""News centre, sections, filters, feeds, news pages and the home page sections."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from publications.models import NewsSection
from tests.publications import factories

pytestmark = pytest.mark.django_db


def test_news_centre_lists_every_section_with_labels(client, sections):
    factories.news(sections[NewsSection.NOTICES], "关于缴纳年度会费的通知")
    factories.news(sections[NewsSection.INDUSTRY], "行业资讯一则")
    response = client.get("/news/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于缴纳年度会费的通知" in html and "行业资讯一则" in html
    assert "通知公告" in html  # the item's section label
    assert 'type="application/rss+xml"' in html


def test_section_filter_year_and_tag(client, sections):
    factories.news(
        sections[NewsSection.NOTICES], "通知甲", date=datetime.date(2024, 3, 1), tags=["会费"]
    )
    factories.news(
        sections[NewsSection.INDUSTRY], "资讯乙", date=datetime.date(2023, 5, 1), tags=["焚烧"]
    )
    html = client.get("/news/?section=notices").content.decode()
    assert "通知甲" in html and "资讯乙" not in html
    html = client.get("/news/?year=2023").content.decode()
    assert "资讯乙" in html and "通知甲" not in html
    html = client.get("/news/?tag=焚烧").content.decode()
    assert "资讯乙" in html and "通知甲" not in html
    html = client.get("/news/notices/").content.decode()
    assert "通知甲" in html and "资讯乙" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=999",
        "?year=abc",
        "?year=99999",
        "?section=nope",
        "?tag=" + "x" * 500,
        "?page=-1",
    ],
)
def test_bad_filter_values_never_fail(client, sections, query):
    factories.news(sections[NewsSection.NOTICES])
    assert client.get("/news/" + query).status_code == 200


def test_pagination(client, sections):
    for _ in range(17):
        factories.news(sections[NewsSection.ASSOCIATION])
    first = client.get("/news/association/").content.decode()
    second = client.get("/news/association/?page=2").content.decode()
    assert first.count('<article class="news-item') == 15
    assert second.count('<article class="news-item') == 2
    assert 'rel="next"' in first


def _queries_for(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # renditions and caches settle on the first request
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_news_index_queries_do_not_grow_with_the_number_of_news(
    client, sections, django_assert_max_num_queries
):
    picture = factories.image()
    for _ in range(3):
        factories.news(sections[NewsSection.NOTICES], featured_image=picture, tags=["会费"])
    few = _queries_for(client, "/news/", django_assert_max_num_queries, 40)
    for _ in range(20):
        factories.news(sections[NewsSection.INDUSTRY], featured_image=picture, tags=["焚烧"])
    many = _queries_for(client, "/news/", django_assert_max_num_queries, 40)
    assert many == few


def test_news_page_shows_metadata_related_items_and_share_tags(client, sections):
    picture = factories.image()
    notices = sections[NewsSection.NOTICES]
    older = factories.news(notices, "关于召开年会的通知", tags=["年会"])
    page = factories.news(
        notices,
        "关于印发重点工作的通知",
        document_number="中环卫〔2024〕4号",
        source="协会秘书处",
        author="信息宣传部",
        summary="印发九个方面的重点工作。",
        featured_image=picture,
        tags=["年会"],
    )
    response = client.get(page.url)
    html = response.content.decode()
    assert "中环卫〔2024〕4号" in html
    assert "协会秘书处" in html and "信息宣传部" in html
    assert older.title in html  # related through the shared tag
    assert '<meta property="og:description" content="印发九个方面的重点工作。">' in html
    assert 'property="og:image"' in html
    assert 'property="og:type" content="article"' in html
    assert "<picture>" in html and "image/webp" in html
    assert response["X-Page-Cache"] == "miss"
    assert "Set-Cookie" not in response  # nothing personal: the page stays cacheable
    assert client.get(page.url)["X-Page-Cache"] == "hit"


def test_rss_and_atom_feeds_per_section(client, sections):
    factories.news(sections[NewsSection.NOTICES], "通知一", tags=["会费"])
    factories.news(sections[NewsSection.INDUSTRY], "资讯一")
    rss = client.get("/news/notices/feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    titles = [item.findtext("title") for item in ET.fromstring(rss.content).iter("item")]  # noqa: S314 - our own feed
    assert titles == ["通知一"]
    atom = client.get("/news/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(atom.content)  # noqa: S314 - our own feed
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 2
    assert len(list(atom)) == 1  # one block for the server to send, not a piece per element


def test_home_page_shows_pinned_notices_and_latest_news(client, sections):
    notices = sections[NewsSection.NOTICES]
    factories.news(notices, "普通通知")
    factories.news(
        notices,
        "置顶通知",
        pin_to_home=True,
        date=timezone.localdate() - datetime.timedelta(days=400),
    )
    factories.news(
        notices,
        "过期置顶",
        pin_to_home=True,
        pinned_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    factories.news(sections[NewsSection.ASSOCIATION], "协会新闻一则")
    html = client.get("/").content.decode()
    pinned_at = html.index("置顶通知")
    assert pinned_at < html.index("普通通知")
    assert html.count("badge--danger") == 1  # only the live pin is marked
    assert "协会新闻一则" in html


def test_english_home_does_not_list_chinese_news(client, sections):
    from website.core.demo import ensure_english_home

    ensure_english_home(sections[NewsSection.ALL].get_parent().specific)
    factories.news(sections[NewsSection.NOTICES], "仅中文通知")
    response = client.get("/en/")
    assert response.status_code == 200
    assert "仅中文通知" not in response.content.decode()


def test_home_sections_run_fixed_queries(client, sections, django_assert_max_num_queries):
    picture = factories.image()
    factories.news(sections[NewsSection.NOTICES], pin_to_home=True)
    factories.news(sections[NewsSection.ASSOCIATION], featured_image=picture)
    few = _queries_for(client, "/", django_assert_max_num_queries, 40)
    for _ in range(12):
        factories.news(sections[NewsSection.NOTICES], pin_to_home=True)
        factories.news(sections[NewsSection.INDUSTRY], featured_image=picture)
    many = _queries_for(client, "/", django_assert_max_num_queries, 40)
    assert many <= few  # six pinned items spare the query for the latest notices
