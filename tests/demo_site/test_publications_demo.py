"""The demo publishes believable content in every section, and a second run adds nothing."""

import pytest
from wagtail.models import Page, PageViewRestriction

from publications.models import (
    BranchPage,
    BulletinIssuePage,
    GroupStandardPage,
    IswaArticlePage,
    NewsPage,
    NewsSection,
    PolicyDocumentPage,
    StandardComment,
)
from website.core.slugs import is_short

pytestmark = pytest.mark.django_db


def test_demo_fills_every_section_and_is_idempotent(demo, client):
    from publications import demo as publications_demo

    counts = {model: model.objects.count() for model in (Page, StandardComment)}

    notices = NewsPage.objects.live().get(slug="key-work-2024")
    assert notices.document_number == "中环卫〔2024〕4号" and notices.pin_to_home
    competition = NewsPage.objects.get(slug="nantong-labour-competition-2024")
    assert "table" in [block.block_type for block in competition.body]
    for section in (
        NewsSection.ASSOCIATION,
        NewsSection.NOTICES,
        NewsSection.INDUSTRY,
        NewsSection.MEMBERS,
    ):
        index = Page.objects.get(newsindexpage__section=section, locale__language_code="zh-hans")
        assert NewsPage.objects.live().child_of(index).count() >= 2
    assert BranchPage.objects.live().count() >= 1
    assert NewsPage.objects.filter(live=False, slug="sorting-week").exists()  # waits for approval
    issues = BulletinIssuePage.objects.live()
    assert issues.count() >= 4
    members_only = issues.filter(members_only=True)
    assert members_only.count() == 1
    assert PageViewRestriction.objects.filter(page=members_only.get()).exists()
    assert IswaArticlePage.objects.filter(locale__language_code="zh-hans").count() == 3
    assert IswaArticlePage.objects.filter(locale__language_code="en").live().count() == 3
    assert PolicyDocumentPage.objects.live().count() == 20
    statuses = set(GroupStandardPage.objects.values_list("status", flat=True))
    assert {"proposed", "drafting", "consultation", "review", "published"} <= statuses
    open_one = GroupStandardPage.objects.get(status="consultation")
    assert open_one.is_open_for_comment and open_one.comments.count() == 3
    # Addresses shared in WeChat: short ASCII, never a percent-encoded Chinese title.
    slugs = Page.objects.filter(depth__gt=1).values_list("url_path", "slug")
    assert [path for path, slug in slugs if not is_short(slug)] == []

    for url in [
        "/",
        "/news/",
        "/branches/",
        "/bulletins/",
        "/iswa/",
        "/en/iswa/",
        "/policies/",
        "/standards/",
    ]:
        assert client.get(url).status_code == 200, url

    # The English site's menu speaks English, submenus included.
    nav = client.get("/en/").content.decode().split('id="site-nav"', 1)[1].split("</nav>", 1)[0]
    for label in ("News", "Association news", "Notices", "Member news", "Sanitation Information"):
        assert f">{label}<" in nav, label
    assert "协会动态" not in nav and "环卫信息" not in nav

    publications_demo.load()
    assert {model: model.objects.count() for model in counts} == counts


def test_every_demo_page_opens_in_the_editor(demo, client, staff_user):
    """Demo rich text is in the form Wagtail's editor reads (a bare <br> made the editor fail)."""
    client.force_login(staff_user)
    # One page of every type, and the notices whose rich text the demo wrote by hand.
    pages = {}
    for page in Page.objects.filter(depth__gt=1).exclude(content_type__model="page"):
        pages.setdefault(page.content_type_id, page)
    pages = [*pages.values(), *NewsPage.objects.filter(slug__startswith="key-work")]
    assert len(pages) > 10
    for page in pages:
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, (page.pk, page.title)
