"""Test data for the publications app: pages are built with Wagtail's tree API and published."""

from __future__ import annotations

import datetime
import itertools
from io import BytesIO

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page

from publications.models import NewsIndexPage, NewsPage, NewsSection
from tests.factories import UserFactory
from website.accounts import roles

_counter = itertools.count(1)


def publish(parent: Page, page: Page, *, tags=()) -> Page:
    for tag in tags:
        page.tags.add(tag)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def news_index(parent: Page, section: str, slug: str | None = None, **fields) -> NewsIndexPage:
    return publish(
        parent,
        NewsIndexPage(
            title=fields.pop("title", f"栏目{section}"),
            slug=slug or section,
            section=section,
            **fields,
        ),
    )


def news_centre(home) -> dict[str, NewsIndexPage]:
    centre = news_index(home, NewsSection.ALL, slug="news", title="新闻中心")
    sections = {NewsSection.ALL: centre}
    for section, title in [
        (NewsSection.ASSOCIATION, "协会动态"),
        (NewsSection.NOTICES, "通知公告"),
        (NewsSection.INDUSTRY, "行业资讯"),
        (NewsSection.MEMBERS, "会员动态"),
    ]:
        sections[section] = news_index(centre, section, title=title)
    return sections


def news(index: NewsIndexPage, title: str | None = None, *, tags=(), **fields) -> NewsPage:
    number = next(_counter)
    fields.setdefault("date", timezone.localdate() - datetime.timedelta(days=number))
    fields.setdefault("summary", f"摘要{number}")
    fields.setdefault(
        "body", [("paragraph", f"<p>正文{number}：生活垃圾焚烧发电项目运行平稳。</p>")]
    )
    return publish(
        index,
        NewsPage(title=title or f"新闻{number}", slug=f"news-{number}", **fields),
        tags=tags,
    )


def image(title: str = "测试图片"):
    buffer = BytesIO()
    PILImage.new("RGB", (800, 500), (10, 107, 61)).save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(BytesIO(buffer.getvalue()), name=f"t{next(_counter)}.jpg")
    )


def png_upload(name: str = "photo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = BytesIO()
    PILImage.new("RGB", (640, 480), (200, 120, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def news_form_data(title: str, slug: str = "branch-item", **extra) -> dict:
    """The admin's add/edit form for a news page, as the browser posts it."""
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "date": "2024-05-01",
            "document_number": "",
            "summary": "专业委员会工作动态。",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "source": "",
            "author": "",
            "tags": "",
            "pinned_until": "",
            "related_links": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            **extra,
        }
    )


def editor():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user
