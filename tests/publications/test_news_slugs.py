"""News addresses are short ASCII, fit to share in WeChat, whoever creates the news item.

A slug from a Chinese title is ~200 percent-encoded characters; the rule (website.core.slugs)
gives a never-published news item its date instead, or keeps a short ASCII slug typed by
the editor.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from publications.models import NewsPage, NewsSection
from publications.services import submit_news
from tests.factories import UserFactory
from tests.members.factories import ContactFactory, MembershipFactory
from tests.publications import factories

pytestmark = pytest.mark.django_db

TITLE = "关于举办2024年全国城市环境卫生行业生活垃圾分类与资源化利用技术交流研讨会暨新技术新设备展示活动的通知"


@pytest.fixture
def sections(site_home):
    return factories.news_centre(site_home)


def _add_in_admin(client, index, title: str, slug: str, **extra) -> NewsPage:
    url = reverse("wagtailadmin_pages:add", args=["publications", "newspage", index.pk])
    response = client.post(url, factories.news_form_data(title, slug=slug, **extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return NewsPage.objects.child_of(index).get(title=title)


def _assert_shareable(page: NewsPage) -> None:
    assert page.slug.isascii(), page.slug
    assert len(page.url) < 60, page.url
    assert page.url.isascii()


def test_chinese_title_in_the_admin_gets_its_date_as_slug(client, sections):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    index = sections[NewsSection.NOTICES]
    # What the admin's slug field fills in from a Chinese title.
    page = _add_in_admin(
        client, index, TITLE, slugify(TITLE, allow_unicode=True), **{"action-publish": "1"}
    )

    page.refresh_from_db()
    assert page.live
    assert page.slug == "2024-05-01"
    assert page.url == "/news/notices/2024-05-01/"
    _assert_shareable(page)
    assert client.get(page.url).status_code == 200


def test_a_second_item_of_the_same_day(client, sections):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    index = sections[NewsSection.ASSOCIATION]
    first = _add_in_admin(client, index, "协会召开会长办公会", slugify("协会召开会长办公会", True))
    second = _add_in_admin(client, index, TITLE, slugify(TITLE, allow_unicode=True))

    assert first.slug == "2024-05-01"
    assert second.slug == "2024-05-01-2"
    _assert_shareable(second)


def test_a_draft_saved_again_keeps_its_short_slug(client, sections):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    index = sections[NewsSection.ASSOCIATION]
    page = _add_in_admin(client, index, TITLE, slugify(TITLE, allow_unicode=True))
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # The slug field follows the title again while the page is unpublished.
    data = factories.news_form_data(TITLE + "（修订）", slug=slugify(TITLE, allow_unicode=True))
    assert client.post(edit, data).status_code == 302

    page.refresh_from_db()
    assert page.slug == "2024-05-01"


def test_short_ascii_slugs_are_kept_and_long_ones_cut_at_a_word(client, sections):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    index = sections[NewsSection.INDUSTRY]
    typed = _add_in_admin(client, index, "垃圾分类宣传周", "sorting-week")
    english = _add_in_admin(
        client,
        index,
        "ISWA World Congress",
        "iswa-world-congress-2026-opens-in-shanghai-with-a-record-attendance",
    )

    assert typed.slug == "sorting-week"
    assert english.slug == "iswa-world-congress-2026-opens-in"
    _assert_shareable(english)


def test_published_pages_keep_their_slug(sections):
    index = sections[NewsSection.ASSOCIATION]
    page = factories.news(index, "旧新闻")
    NewsPage.objects.filter(pk=page.pk).update(slug="旧新闻")  # published before the rule
    page.refresh_from_db()
    page.title = "旧新闻（更正）"
    page.save_revision().publish()

    page.refresh_from_db()
    assert page.slug == "旧新闻"


def test_code_that_gives_no_slug_gets_the_date(sections):
    index = sections[NewsSection.ASSOCIATION]
    page = NewsPage(title=TITLE, date=datetime.date(2025, 3, 8))
    index.add_child(instance=page)

    assert page.slug == "2025-03-08"


def test_member_news_from_the_portal_gets_a_short_slug(sections):
    contact = ContactFactory()
    MembershipFactory(organization=contact.organization)
    submission = submit_news(
        user=contact.user, organization=contact.organization, title=TITLE, text="正文。"
    )

    page = submission.page
    assert page.slug == timezone.localdate().isoformat()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.slug)
    _assert_shareable(page)
