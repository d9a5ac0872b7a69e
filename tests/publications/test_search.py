"""The site's Chinese search finds every publication type: 焚烧 inside longer words."""

import datetime

import pytest

from publications.models import (
    BulletinIndexPage,
    BulletinIssuePage,
    GroupStandardPage,
    IswaArticlePage,
    IswaIndexPage,
    NewsSection,
    PolicyDocumentPage,
    PolicyIndexPage,
    StandardIndexPage,
)
from tests.publications import factories

pytestmark = pytest.mark.django_db


def test_incineration_finds_every_content_type(client, home, sections):
    factories.news(sections[NewsSection.NOTICES], "关于开展生活垃圾焚烧厂等级评价的通知")
    factories.news(sections[NewsSection.INDUSTRY], "行业动态", summary="多地新建垃圾焚烧发电项目。")
    periodical = factories.publish(home, BulletinIndexPage(title="中国环卫", slug="bulletin"))
    factories.publish(
        periodical,
        BulletinIssuePage(
            title="2024年第2期",
            slug="2024-2",
            year=2024,
            issue_number=2,
            contents=[
                (
                    "entry",
                    {
                        "title": "焚烧飞灰处理技术比较",
                        "author": "",
                        "page_number": "9",
                        "summary": "",
                    },
                )
            ],
        ),
    )
    iswa = factories.publish(home, IswaIndexPage(title="ISWA专栏", slug="iswa"))
    factories.publish(
        iswa,
        IswaArticlePage(
            title="ISWA能源回收工作组会议", slug="wte", summary="交流生活垃圾焚烧厂运行经验。"
        ),
    )
    library = factories.publish(home, PolicyIndexPage(title="政策法规", slug="policies"))
    factories.publish(
        library,
        PolicyDocumentPage(
            title="生活垃圾焚烧污染控制标准",
            slug="gb-18485",
            document_number="GB 18485—2014",
            issuing_body="环境保护部",
            category="standard",
            issued_on=datetime.date(2014, 5, 16),
        ),
    )
    standards = factories.publish(home, StandardIndexPage(title="团体标准", slug="standards"))
    factories.publish(
        standards,
        GroupStandardPage(
            title="飞灰稳定化处理技术规范",
            slug="fly-ash",
            lead_organization="中国城市环境卫生协会",
            scope="适用于生活垃圾焚烧飞灰的螯合稳定化处理。",
        ),
    )
    from website.search.results import search_pages

    found = {type(page) for page in search_pages("焚烧")}
    from publications.models import NewsPage

    assert {
        NewsPage,
        BulletinIssuePage,
        IswaArticlePage,
        PolicyDocumentPage,
        GroupStandardPage,
    } <= found
    from django.utils.html import strip_tags

    html = strip_tags(client.get("/search/?q=焚烧").content.decode())
    for title in (
        "关于开展生活垃圾焚烧厂等级评价的通知",
        "2024年第2期",
        "ISWA能源回收工作组会议",
        "生活垃圾焚烧污染控制标准",
        "飞灰稳定化处理技术规范",
    ):
        assert title in html, title


def test_document_number_is_found(client, home):
    library = factories.publish(home, PolicyIndexPage(title="政策法规", slug="policies"))
    factories.publish(
        library,
        PolicyDocumentPage(
            title="关于印发重点工作的通知",
            slug="key-work",
            document_number="中环卫〔2024〕4号",
            issuing_body="中国城市环境卫生协会",
            category="association_document",
            issued_on=datetime.date(2024, 2, 28),
        ),
    )
    from website.search.results import search_pages

    assert "关于印发重点工作的通知" in [page.title for page in search_pages("中环卫〔2024〕4号")]


def test_a_cached_search_shows_news_published_after_it(client, home, sections):
    """The search page reads every page, so publishing news empties its cached copies."""
    factories.news(sections[NewsSection.INDUSTRY], "焚烧厂开放日")
    client.get("/")
    first = client.get("/search/", {"q": "焚烧"})
    assert client.get("/search/", {"q": "焚烧"})["X-Page-Cache"] == "hit"
    assert "渗滤液焚烧新工艺" not in titles(first)

    factories.news(sections[NewsSection.NOTICES], "渗滤液焚烧新工艺")

    again = client.get("/search/", {"q": "焚烧"})
    assert again["X-Page-Cache"] == "miss"
    assert "渗滤液焚烧新工艺" in titles(again)
    assert again.context["page_obj"].paginator.count == 2  # the kept count went with it


def titles(response) -> list[str]:
    return [result.page.title for result in response.context["results"]]
