"""Publications in a browser: a branch secretary's page through the editors' workflow, a
member's news item from the portal to the site, a visitor's comment on a draft standard,
and a non-member at a members-only bulletin."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.documents import get_document_model

from members.models import Branch
from publications.models import (
    BulletinIndexPage,
    BulletinIssuePage,
    GroupStandardPage,
    NewsIndexPage,
    NewsPage,
    NewsSection,
    NewsSubmission,
    StandardComment,
    StandardIndexPage,
)
from publications.services import assign_editorial_workflow, change_standard_status
from tests.publications import factories
from website.accounts import roles
from website.core.demo import DEMO_PASSWORD, ensure_user

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _editor():
    return ensure_user(
        "editor@example.org",
        last_name="陈",
        first_name="编辑",
        groups=(roles.EDITORS,),
        is_staff=True,
    )


def _log_in_at(page, path: str, email: str) -> None:
    page.goto(path)
    log_in(page, email, DEMO_PASSWORD)


def _log_out(page) -> None:
    page.context.clear_cookies()


def _approve_in_admin(page, news_page: NewsPage) -> None:
    """The editor opens the page in the admin and approves it from the action menu."""
    page.goto(f"/admin/pages/{news_page.pk}/edit/")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]").first.click()
    page.locator("button[data-workflow-action-name=approve]").first.click()
    dialog = page.get_by_role("dialog")
    if dialog.count() and dialog.first.is_visible():
        dialog.locator("button[type=submit]").first.click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile("已被更新|批准|approved|updated", re.I)
    )


def test_branch_secretary_publishes_through_the_workflow(page, console_log, site_home):
    _editor()
    secretary = ensure_user("branch@example.org", last_name="周", first_name="秘书", is_staff=True)
    branch = Branch.objects.create(
        name="生活垃圾分类与减量专业委员会", slug="waste-sorting", kind=Branch.Kind.COMMITTEE
    )
    branch.secretaries.add(secretary)
    branch.refresh_from_db()
    news_index = NewsIndexPage.objects.child_of(branch.section_page).get()

    _log_in_at(
        page, f"/admin/pages/add/publications/newspage/{news_index.pk}/", "branch@example.org"
    )
    expect(page).to_have_url(re.compile(r"/admin/pages/add/publications/newspage/"))
    page.locator("#id_title").fill("垃圾分类宣传周活动启动")
    # The slug sits on the promote tab; set it where the title's slug would go.
    page.locator("#id_slug").evaluate("element => { element.value = 'sorting-week'; }")
    page.locator("#id_summary").fill("专业委员会联合会员单位开展垃圾分类进社区活动。")
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target=toggle]").first.click()
    expect(page.locator("button[name=action-publish]")).to_have_count(0)  # not theirs to publish
    page.locator("button[name=action-submit]").click()
    expect(page.locator(".messages")).to_contain_text("垃圾分类宣传周活动启动")
    draft = NewsPage.objects.get(title="垃圾分类宣传周活动启动")
    assert not draft.live and draft.current_workflow_state is not None

    # Another branch's section stays closed to them.
    other = Branch.objects.create(
        name="公厕建设管理专业委员会", slug="toilets", kind=Branch.Kind.COMMITTEE
    )
    other.refresh_from_db()
    page.goto(f"/admin/pages/{other.section_page_id}/edit/")
    expect(page.locator("#id_title")).to_have_count(0)

    _log_out(page)
    _log_in_at(page, "/admin/", "editor@example.org")
    _approve_in_admin(page, draft)
    draft.refresh_from_db()
    assert draft.live
    page.goto(draft.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("垃圾分类宣传周活动启动")
    assert console_log.errors == []


def test_member_submits_news_and_an_editor_publishes_it(page, console_log, site_home, mailoutbox):
    from tests.members.factories import ContactFactory, MembershipFactory

    editor = _editor()
    sections = factories.news_centre(site_home)
    assign_editorial_workflow(sections[NewsSection.MEMBERS])
    member = ensure_user("member@example.org", last_name="刘", first_name="联系人")
    membership = MembershipFactory()
    ContactFactory(organization=membership.organization, user=member)

    _log_in_at(page, "/publications/submissions/new/", "member@example.org")
    page.get_by_label("标题").fill("我公司厨余垃圾处理项目投入试运行")
    page.get_by_label("正文").fill("项目设计处理能力为每日300吨。\n\n试运行期间各项指标稳定。")
    page.locator("input[type=file]").set_input_files(
        files=[
            {"name": "site.png", "mimeType": "image/png", "buffer": factories.png_upload().read()}
        ]
    )
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".messages")).to_contain_text("感谢报送")
    expect(page.locator(".badge")).to_have_text("审核中")
    submission = NewsSubmission.objects.get()

    _log_out(page)
    _log_in_at(page, "/admin/", editor.email)
    _approve_in_admin(page, submission.page)

    _log_out(page)
    _log_in_at(page, f"/publications/submissions/{submission.pk}/", "member@example.org")
    expect(page.locator(".badge")).to_have_text("已发布")
    page.get_by_role("link", name="在网站上查看").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我公司厨余垃圾处理项目投入试运行")
    assert any("已发布" in message.subject for message in mailoutbox if member.email in message.to)
    assert console_log.errors == []


def test_visitor_comments_on_a_draft_standard(page, console_log, site_home):
    editor = _editor()
    index = factories.publish(site_home, StandardIndexPage(title="团体标准", slug="standards"))
    standard = factories.publish(
        index,
        GroupStandardPage(
            title="生活垃圾焚烧飞灰稳定化处理技术规范",
            slug="fly-ash",
            lead_organization="中国城市环境卫生协会",
            scope="规定焚烧飞灰螯合稳定化处理的工艺要求。",
        ),
    )
    change_standard_status(standard, GroupStandardPage.Status.DRAFTING, user=editor)
    change_standard_status(
        standard,
        GroupStandardPage.Status.CONSULTATION,
        user=editor,
        closes_on=timezone.localdate() + datetime.timedelta(days=40),
    )

    page.goto("/standards/fly-ash/")
    expect(page.locator(".comment-call")).to_contain_text("还剩40天")
    page.get_by_role("link", name="提出意见").click()
    page.get_by_label("姓名").fill("张伟")
    page.get_by_label("单位").fill("某市城市管理局")
    page.get_by_label("电话或电子邮箱").fill("13800000000")
    page.get_by_label("章条编号").fill("4.2")
    page.get_by_label("意见内容").fill("螯合剂投加比例建议给出调整方法。")
    page.get_by_label("修改建议").fill("增加动态调整条款。")
    page.get_by_role("button", name="提交意见").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("感谢您提出意见")
    comment = StandardComment.objects.get()
    assert (comment.clause, comment.organization) == ("4.2", "某市城市管理局")
    assert console_log.errors == []


def test_non_member_meets_a_members_only_bulletin(page, console_log, site_home):
    from tests.members.factories import ContactFactory, MembershipFactory

    periodical = factories.publish(site_home, BulletinIndexPage(title="中国环卫", slug="zghw"))
    pdf = get_document_model()(title="2024-3")
    pdf.file.save("2024-3.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    pdf.save()
    factories.publish(
        periodical,
        BulletinIssuePage(
            title="2024年第3期（总第153期）",
            slug="2024-3",
            year=2024,
            issue_number=3,
            total_number=153,
            contents=[
                (
                    "entry",
                    {
                        "title": "企业信用评价结果分析",
                        "author": "评价认证部",
                        "page_number": "2",
                        "summary": "",
                    },
                )
            ],
            body=[("paragraph", "<p>会员全文：信用评价结果显示……</p>")],
            pdf=pdf,
            members_only=True,
        ),
    )
    ensure_user("visitor@example.org", last_name="赵", first_name="访客")
    member = ensure_user("member@example.org", last_name="刘", first_name="联系人")
    ContactFactory(organization=MembershipFactory().organization, user=member)

    page.goto("/zghw/2024-3/")
    expect(page.get_by_text("企业信用评价结果分析")).to_be_visible()
    expect(page.locator(".members-prompt")).to_contain_text("本期为会员专享")
    expect(page.get_by_text("会员全文")).to_have_count(0)
    expect(page.get_by_role("link", name="下载PDF")).to_have_count(0)

    page.locator(".members-prompt").get_by_role("link", name="登录").click()
    log_in(page, "visitor@example.org", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/zghw/2024-3/$"))
    expect(page.locator(".members-prompt")).to_be_visible()

    _log_out(page)
    _log_in_at(page, "/auth/login/?next=/zghw/2024-3/", "member@example.org")
    expect(page.get_by_text("会员全文：信用评价结果显示")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert console_log.errors == []
