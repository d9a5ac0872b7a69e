"""Demo content of the publications app: news in every section, branch sections, bulletins,
the ISWA column in two languages, the policy library and group standards in several states.

Idempotent: pages are looked up by slug, so a second run adds only what is missing. Built
through the services (branch sections, status changes, comments, submissions).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from members.models import Branch
from publications.models import (
    BranchPage,
    BulletinIndexPage,
    BulletinIssuePage,
    GroupStandardPage,
    IswaArticlePage,
    IswaIndexPage,
    NewsIndexPage,
    NewsPage,
    NewsSection,
    PolicyAttachment,
    PolicyDocumentPage,
    PolicyIndexPage,
    StandardDocument,
    StandardIndexPage,
)
from publications.services import (
    assign_editorial_workflow,
    change_standard_status,
    ensure_branch_section,
    submit_comment,
)
from publications.services.bulletins import members_collection, public_collection
from website.accounts.models import User
from website.core.models import HomePage, SiteSettings, StandardPage
from website.core.pdf import chinese_date

from . import content, library
from .media import (
    bulletin_document,
    cover_image,
    demo_document,
    demo_image,
    reply_form_document,
    signed_notice_document,
)

FALLBACK_BRANCHES = [
    ("生活垃圾分类与减量专业委员会", "waste-sorting", Branch.Kind.COMMITTEE, False),
    ("公厕建设管理专业委员会", "public-toilets", Branch.Kind.COMMITTEE, True),
    ("标准化技术委员会", "standardization", Branch.Kind.COMMITTEE, False),
]


def _user(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def _ensure(parent: Page, model: type[Page], slug: str, *, user=None, tags=(), **fields: Any):
    """The child page with this slug; created and published (with tags) when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, owner=user, **fields)
    for tag in tags:
        page.tags.add(tag)
    parent.add_child(instance=page)
    page.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    return page, True


def _body(*paragraphs: str) -> list:
    return [("paragraph", content.rich(*paragraphs))]


# News ------------------------------------------------------------------------------------


def load_news(home: HomePage, editor) -> dict[str, NewsIndexPage]:
    centre, _ = _ensure(
        home,
        NewsIndexPage,
        "news",
        user=editor,
        title="新闻中心",
        section=NewsSection.ALL,
        introduction="协会动态、通知公告、行业资讯和会员动态。",
    )
    sections = {}
    for slug, title, section, intro in [
        ("association", "协会动态", NewsSection.ASSOCIATION, "协会秘书处和各分支机构的工作动态。"),
        ("notices", "通知公告", NewsSection.NOTICES, "协会发布的通知、公告和公示。"),
        ("industry", "行业资讯", NewsSection.INDUSTRY, "环卫行业政策、市场和技术动态。"),
        (
            "members",
            "会员动态",
            NewsSection.MEMBERS,
            "会员单位报送的工作动态，经秘书处审核后发布。",
        ),
    ]:
        sections[section], _ = _ensure(
            centre,
            NewsIndexPage,
            slug,
            user=editor,
            title=title,
            section=section,
            introduction=intro,
        )
    assign_editorial_workflow(sections[NewsSection.MEMBERS])

    notices = sections[NewsSection.NOTICES]
    _ensure(
        notices,
        NewsPage,
        "key-work-2024",
        user=editor,
        tags=["重点工作", "协会文件"],
        title="关于印发《2024年中国城市环境卫生协会重点工作》的通知",
        date=datetime.date(2024, 2, 28),
        document_number="中环卫〔2024〕4号",
        summary="经会长办公会审议通过，印发协会2024年党建、换届、会员发展、分支机构、评价认证、"
        "行业活动、宣传和内部建设等九个方面的重点工作。",
        source="中国城市环境卫生协会",
        body=content.key_work_body(),
        pin_to_home=True,
    )
    _ensure(
        notices,
        NewsPage,
        "nantong-labour-competition-2024",
        user=editor,
        tags=["劳动竞赛", "干净城市"],
        title="关于开展2024年南通市“干净城市建设”劳动竞赛的通知",
        date=datetime.date(2024, 5, 23),
        document_number="通城管发〔2024〕18号",
        summary="南通市城市管理局、南通市总工会在全市城管环卫系统开展“干净城市建设”劳动竞赛，"
        "附竞赛评分标准。",
        source="南通市城市管理局 南通市总工会",
        body=content.labour_competition_body(),
        featured_image=demo_image("干净城市建设劳动竞赛"),
    )
    for slug, title, date, number, summary, paragraphs in content.NOTICES:
        _ensure(
            notices,
            NewsPage,
            slug,
            user=editor,
            title=title,
            date=date,
            document_number=number,
            summary=summary,
            source="中国城市环境卫生协会",
            body=_body(*paragraphs) + _notice_attachments(slug, title, date, number, paragraphs),
            pin_to_home=slug == "annual-conference-notice-2024",
        )
    for slug, title, date, summary, tags, paragraphs in content.ASSOCIATION_NEWS:
        _ensure(
            sections[NewsSection.ASSOCIATION],
            NewsPage,
            slug,
            user=editor,
            tags=tags,
            title=title,
            date=date,
            summary=summary,
            source="协会秘书处",
            author="信息宣传部",
            featured_image=demo_image(title),
            body=_body(*paragraphs),
        )
    for target, items in (
        (NewsSection.INDUSTRY, content.INDUSTRY_NEWS),
        (NewsSection.MEMBERS, content.MEMBER_NEWS),
    ):
        for slug, title, date, source, summary, tags, paragraphs in items:
            _ensure(
                sections[target],
                NewsPage,
                slug,
                user=editor,
                tags=tags,
                title=title,
                date=date,
                summary=summary,
                source=source,
                featured_image=demo_image(title),
                body=_body(*paragraphs),
            )
    sections[NewsSection.ALL] = centre
    return sections


# 回执 (reply forms) of the notices that ask for one: slug → title, heading, columns.
REPLY_FORMS = {
    "annual-conference-notice-2024": (
        "附件：2024年会参会回执",
        "2024中国城市环境卫生协会年会暨环卫博览会参会回执",
        ["姓名", "性别", "职务", "手机", "电子邮箱", "参加论坛", "住宿需求", "备注"],
    ),
    "credit-rating-2024": (
        "附件：2024年度企业信用评价申报回执",
        "2024年度环卫行业企业信用评价申报回执",
        ["企业名称", "统一社会信用代码", "拟申报等级", "联系人", "手机", "电子邮箱"],
    ),
    "standard-projects-2024": (
        "附件：2024年度团体标准项目建议汇总表",
        "2024年度团体标准项目建议汇总表",
        ["序号", "标准名称", "制定/修订", "主编单位", "参编单位", "完成时间"],
    ),
}


def _notice_attachments(slug, title, date, number, paragraphs) -> list:
    """The signed notice as a PDF and, when it asks for one, the 回执 as a workbook."""
    issued = chinese_date(date)
    blocks = [
        ("heading", "附件"),
        ("document", signed_notice_document(title, number, issued, paragraphs)),
    ]
    if slug in REPLY_FORMS:
        form_title, heading, columns = REPLY_FORMS[slug]
        blocks.append(("document", reply_form_document(form_title, heading, columns)))
    return blocks


# Branch sections -------------------------------------------------------------------------


def load_branches(editor) -> list[BranchPage]:
    if not Branch.objects.exists():
        # The members demo normally makes the branches; without it, the known ones.
        for name, slug, kind, direct in FALLBACK_BRANCHES:
            Branch.objects.get_or_create(
                name=name, defaults={"slug": slug, "kind": kind, "publish_directly": direct}
            )
    secretary = _user("branch@example.org")
    sorting = Branch.objects.filter(name=FALLBACK_BRANCHES[0][0]).first()
    if sorting is not None and secretary is not None and not sorting.secretaries.exists():
        sorting.secretaries.add(secretary)
    pages = []
    for branch in Branch.objects.filter(is_active=True).order_by("pk"):
        page = ensure_branch_section(branch, user=editor)
        if page is None:
            continue
        pages.append(page)
        if not page.overview:
            page.overview = content.rich(
                f"{branch.name}是中国城市环境卫生协会的分支机构，在协会领导下开展相关领域的行业研究、"
                "技术交流、标准编制和培训服务。",
                "分支机构不单独收取会费，不设地域性机构，活动经协会批准后开展。",
            )
            page.contact = "地址：北京市海淀区三里河路9号\n电话：010-5893 0000"
            page.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
        news = NewsIndexPage.objects.child_of(page).first()
        if news is None:
            continue
        for number, (slug, title, text) in enumerate(
            [
                (
                    "annual-meeting",
                    f"{branch.name}召开年度工作会议",
                    "会议总结了上一年度工作，研究部署本年度的调研、培训和标准编制任务。",
                ),
                (
                    "field-research",
                    f"{branch.name}赴地方开展专题调研",
                    "调研组走访了主管部门和运营单位，听取了对行业发展的意见建议。",
                ),
            ]
        ):
            _ensure(
                news,
                NewsPage,
                slug,
                user=editor,
                title=title,
                date=datetime.date(2024, 3 + number * 4, 12),
                summary=text,
                source=branch.name,
                body=_body(text),
            )
    return pages


def load_branch_draft(pages: list[BranchPage]) -> None:
    """A branch secretary's item waiting for an editor's approval."""
    secretary = _user("branch@example.org")
    if secretary is None:
        return
    for page in pages:
        branch = page.branch
        if branch is None or not branch.secretaries.filter(pk=secretary.pk).exists():
            continue
        news = NewsIndexPage.objects.child_of(page).first()
        if news is None or news.get_children().filter(slug="sorting-week").exists():
            return
        draft = NewsPage(
            slug="sorting-week",
            title="垃圾分类宣传周活动在多地启动",
            live=False,
            owner=secretary,
            date=timezone.localdate(),
            summary="专业委员会联合会员单位开展垃圾分类进社区、进校园活动。",
            source=branch.name,
            body=_body(
                "专业委员会联合会员单位开展垃圾分类进社区、进校园活动，发放宣传资料，现场指导居民正确投放。"
            ),
        )
        news.add_child(instance=draft)
        draft.save_revision(user=secretary)
        workflow = draft.get_workflow()
        if workflow is not None and not branch.publish_directly:
            workflow.start(draft, secretary)
        return


# Bulletins -------------------------------------------------------------------------------


def load_bulletins(home: HomePage, editor) -> None:
    hub, _ = _ensure(
        home,
        StandardPage,
        "bulletins",
        user=editor,
        title="会刊简报",
        introduction="协会编印的《中国环卫》和《环卫信息》，部分期次仅向会员开放全文。",
    )
    periodicals = {}
    for slug, title, frequency, intro in library.PERIODICALS:
        periodicals[slug], _ = _ensure(
            hub,
            BulletinIndexPage,
            slug,
            user=editor,
            title=title,
            frequency=frequency,
            introduction=intro,
        )
    for slug, year, number, total, published_on, members_only, sections in library.ISSUES:
        periodical = periodicals[slug]
        contents = []
        for column, entries in sections:
            if column:
                contents.append(("column", column))
            for title, author, page_number in entries:
                contents.append(
                    (
                        "entry",
                        {
                            "title": title,
                            "author": author,
                            "page_number": page_number,
                            "summary": "",
                        },
                    )
                )
        titles = [block[1]["title"] for block in contents if block[0] == "entry"]
        pdf = bulletin_document(
            f"《{periodical.title}》{year}年第{number}期",
            sections,
            collection_obj=members_collection() if members_only else public_collection(),
        )
        _ensure(
            periodical,
            BulletinIssuePage,
            f"{year}-{number:02d}",
            user=editor,
            title=f"{year}年第{number}期（总第{total}期）",
            year=year,
            issue_number=number,
            total_number=total,
            published_on=published_on,
            cover=cover_image(periodical.title, year, number),
            contents=contents,
            body=[
                ("heading", titles[0]),
                ("paragraph", content.rich("本期文章全文。" + "；".join(titles) + "。")),
            ],
            pdf=pdf,
            members_only=members_only,
        )


# ISWA ------------------------------------------------------------------------------------


def load_iswa(home: HomePage, editor) -> None:
    index, _ = _ensure(
        home,
        IswaIndexPage,
        "iswa",
        user=editor,
        title="ISWA专栏",
        introduction="协会是国际固体废物协会（ISWA）国家会员。本栏目以中英文介绍ISWA的动态和观点。",
    )
    english, _ = Locale.objects.get_or_create(language_code="en")
    english_index = index.get_translations().filter(locale=english).first()
    if english_index is None:
        english_index = index.copy_for_translation(english, copy_parents=True)
        english_index.title = "ISWA column"
        english_index.introduction = (
            "CAUES is the national member of the International Solid Waste Association (ISWA). "
            "This column follows ISWA's news and views in Chinese and English."
        )
        english_index.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)
    for slug, date, chinese, english_text in library.ISWA_ARTICLES:
        title, summary, paragraphs = chinese
        article, created = _ensure(
            index,
            IswaArticlePage,
            slug,
            user=editor,
            title=title,
            date=date,
            iswa_source="ISWA",
            source_url="https://www.iswa.org/",
            source_date=date - datetime.timedelta(days=5),
            summary=summary,
            featured_image=demo_image(f"ISWA {slug}"),
            body=_body(*paragraphs),
        )
        if article.get_translations().filter(locale=english).exists():
            continue
        translation = article.copy_for_translation(english)
        translation.title, translation.summary, paragraphs_en = english_text
        translation.body = _body(*paragraphs_en)
        translation.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)


# Policy library --------------------------------------------------------------------------


def _policy_body(title, number, issuing_body, issued, effective, summary) -> list:
    """The policy's page text: what it is, what it governs and how it reaches the sector."""
    dates = f"{issued:%Y年%-m月%-d日}发布"
    if effective:
        dates += f"，自{effective:%Y年%-m月%-d日}起施行"
    return [
        ("heading", "文件概况"),
        (
            "paragraph",
            content.rich(f"《{title}》由{issuing_body}{dates}，文号为{number or '无'}。"),
        ),
        ("heading", "主要内容"),
        ("paragraph", content.rich(summary)),
        ("heading", "与环卫行业的关系"),
        (
            "paragraph",
            content.rich(
                "环卫主管部门、作业企业和设施运营单位在规划建设、日常作业、监督考核和"
                "信息公开等工作中应遵照执行。协会在标准编制、评价认证和培训中据此设置相关要求。",
                "全文见本页附件；如与发布机关公布的文本不一致，以发布机关公布的文本为准。",
            ),
        ),
    ]


def load_policies(home: HomePage, editor) -> None:
    index, _ = _ensure(
        home,
        PolicyIndexPage,
        "policies",
        user=editor,
        title="政策法规",
        introduction="环卫行业相关法律、行政法规、部门规章、规范性文件、标准和协会文件。",
    )
    pages = {}
    for slug, title, number, body, category, status, issued, effective, summary in library.POLICIES:
        page, created = _ensure(
            index,
            PolicyDocumentPage,
            slug,
            user=editor,
            title=title,
            document_number=number,
            issuing_body=body,
            category=category,
            status=status,
            issued_on=issued,
            effective_on=effective,
            repealed_on=library.REPEALED_ON.get(slug),
            summary=summary,
            body=_policy_body(title, number, body, issued, effective, summary),
        )
        pages[slug] = page
        if created:
            # The document itself, as the issuing body published it (a typeset stand-in).
            document = demo_document(
                title, [title, number, f"{body} {issued:%Y年%m月%d日}发布", summary]
            )
            PolicyAttachment.objects.create(page=page, document=document, title=f"{title}（PDF）")
    for old, new in library.SUPERSEDED.items():
        page = pages[old]
        if page.superseded_by_id is None:
            page.superseded_by = pages[new]
            page.save_revision(user=editor).publish(user=editor, skip_permission_checks=True)


# Group standards -------------------------------------------------------------------------


def load_standards(home: HomePage, editor) -> None:
    index, _ = _ensure(
        home,
        StandardIndexPage,
        "standards",
        user=editor,
        title="团体标准",
        introduction="协会团体标准的立项、征求意见、审查和发布信息。征求意见期间欢迎社会各界提出意见。",
    )
    today = timezone.localdate()
    for position, row in enumerate(library.STANDARDS, start=1):
        slug, title, english, lead, others, scope, target, number = row
        standard, created = _ensure(
            index,
            GroupStandardPage,
            slug,
            user=editor,
            title=title,
            english_title=english,
            plan_number=f"2024-{position:02d}",
            lead_organization=lead,
            drafting_organizations=others,
            scope=scope,
            body=_body(f"本标准{scope}", "本标准按照协会团体标准管理办法规定的程序编制。"),
        )
        if not created:
            continue
        stages = {
            "proposed": "立项书",
            "consultation": "征求意见稿及编制说明",
            "published": "标准文本",
        }
        for stage in ["proposed", *library.PATHS[target]]:
            if stage in stages:
                StandardDocument.objects.create(
                    page=standard,
                    stage=stage,
                    title=f"《{title}》{stages[stage]}",
                    document=demo_document(
                        f"《{title}》{stages[stage]}", [title, stages[stage], scope]
                    ),
                )
        for step in library.PATHS[target]:
            change_standard_status(
                standard,
                step,
                user=editor,
                closes_on=today + datetime.timedelta(days=45),
                number=number,
                published_on=datetime.date(int(number[-4:]), 6, 1) if number else None,
                implemented_on=datetime.date(int(number[-4:]), 9, 1) if number else None,
            )
            standard.refresh_from_db()
        if target == "consultation":
            for name, organization, contact, clause, comment, change in library.COMMENTS:
                submit_comment(
                    standard,
                    name=name,
                    organization=organization,
                    contact=contact,
                    clause=clause,
                    comment=comment,
                    proposed_change=change,
                )


# Member news submissions -----------------------------------------------------------------


def load_submissions(editor) -> None:
    from publications.models import NewsSubmission
    from publications.services import submit_news
    from publications.services.submissions import organizations_for_submission

    member = _user("member@example.org")
    if member is None or NewsSubmission.objects.filter(submitted_by=member).exists():
        return
    organizations = organizations_for_submission(member)
    if not organizations:
        return  # the members demo links member@example.org to an organization
    submit_news(
        user=member,
        organization=organizations[0],
        title="我公司新建厨余垃圾处理项目投入试运行",
        text="项目设计处理能力为每日300吨，采用预处理加厌氧发酵工艺，沼气用于发电。\n\n"
        "试运行期间，项目各项指标稳定，出水和废气排放达到标准要求。",
    )


# Menu and quick links --------------------------------------------------------------------


# English labels of the submenu entries, by page slug (the pages exist in Chinese only).
SUBMENU_EN = {
    "association": "Association news",
    "notices": "Notices",
    "industry": "Industry news",
    "members": "Member news",
    "zhongguo-huanwei": "China Environmental Sanitation",
    "huanwei-xinxi": "Sanitation Information",
}


def _menu_item(page: Page, label_en: str, children: list[Page] = ()) -> dict:
    return {
        "type": "item",
        "value": {
            "label": page.title,
            "label_en": label_en,
            "page": page.pk,
            "url": "",
            "children": [
                {
                    "label": child.title,
                    "label_en": SUBMENU_EN.get(child.slug, ""),
                    "page": child.pk,
                    "url": "",
                }
                for child in children
            ],
        },
    }


def _fill_english_labels(menu: list[dict]) -> bool:
    """Give our submenu entries their English label where it is still empty."""
    slugs = dict(
        Page.objects.filter(
            pk__in=[
                child.get("page")
                for item in menu
                for child in item["value"].get("children") or []
                if child.get("page") and not child.get("label_en")
            ]
        ).values_list("pk", "slug")
    )
    changed = False
    for item in menu:
        for child in item["value"].get("children") or []:
            label_en = SUBMENU_EN.get(slugs.get(child.get("page"), ""), "")
            if label_en and not child.get("label_en"):
                child["label_en"] = label_en
                changed = True
    return changed


def load_menu(home: HomePage, sections: dict) -> None:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    site_settings = SiteSettings.for_site(site)
    menu = list(site_settings.main_menu.raw_data)
    present = {item["value"].get("page") for item in menu}
    children = {page.slug: page for page in home.get_children().live().specific()}
    wanted = []
    centre = sections[NewsSection.ALL]
    if centre.pk not in present:
        wanted.append(
            _menu_item(
                centre,
                "News",
                [
                    sections[s]
                    for s in (
                        NewsSection.ASSOCIATION,
                        NewsSection.NOTICES,
                        NewsSection.INDUSTRY,
                        NewsSection.MEMBERS,
                    )
                ],
            )
        )
    for slug, label_en in [
        ("branches", "Branches"),
        ("bulletins", "Bulletins"),
        ("policies", "Policies"),
        ("standards", "Standards"),
        ("iswa", "ISWA column"),
    ]:
        page = children.get(slug)
        if page is not None and page.pk not in present:
            sub = list(page.get_children().live().specific()) if slug == "bulletins" else []
            wanted.append(_menu_item(page, label_en, sub))
    filled = _fill_english_labels(menu)
    if not wanted and not filled:
        return
    contact_at = next(
        (i for i, item in enumerate(menu) if item["value"].get("label") == "联系我们"), len(menu)
    )
    menu[contact_at:contact_at] = wanted
    site_settings.main_menu = json.dumps(menu)
    site_settings.save()


def load_quick_links(home: HomePage) -> None:
    links = list(home.quick_links.raw_data)
    urls = {link["value"].get("url") for link in links}
    added = False
    for label, label_en, url, description, icon in [
        ("团体标准", "Standards", "/standards/", "标准立项、征求意见与发布", "standard"),
        ("会刊简报", "Bulletins", "/bulletins/", "《中国环卫》《环卫信息》", "bulletin"),
    ]:
        if url not in urls:
            links.append(
                {
                    "type": "link",
                    "value": {
                        "label": label,
                        "label_en": label_en,
                        "url": url,
                        "page": None,
                        "description": description,
                        "icon": icon,
                    },
                }
            )
            added = True
    if added:
        home.quick_links = json.dumps(links)
        home.save_revision().publish(skip_permission_checks=True)


@transaction.atomic
def load(stdout=None) -> None:
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None:
        return
    editor = _user("editor@example.org")
    sections = load_news(home, editor)
    pages = load_branches(editor)
    load_branch_draft(pages)
    load_bulletins(home, editor)
    load_iswa(home, editor)
    load_policies(home, editor)
    load_standards(home, editor)
    load_submissions(editor)
    load_menu(home, sections)
    load_quick_links(home)
