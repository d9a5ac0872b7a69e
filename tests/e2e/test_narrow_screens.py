"""The top public and portal pages on a phone (390 px) and a desktop (1280 px).

On a phone nothing scrolls sideways and no text is squeezed to a character or two a line
(tables become cards); on any screen a pill, status, date or button stays on one line.
The data is long on purpose: long organization names, titles and Chinese grades.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.models import Application, Certificate, Scheme
from events.models import EventIndexPage, EventPage
from members import services as members_services
from members.models import Membership
from publications.models import (
    BulletinIndexPage,
    BulletinIssuePage,
    GroupStandardPage,
    NewsSection,
    PolicyDocumentPage,
    PolicyIndexPage,
    StandardIndexPage,
)
from publications.services import submit_news
from tests.certification.factories import (
    advance,
    expert_with_account,
    open_round,
    staff_member,
)
from tests.events.factories import make_event, place
from tests.members.factories import ContactFactory, MembershipFactory, OrganizationFactory
from tests.members.helpers import fee_schedule
from tests.publications import factories as publications
from website.core.demo import DEMO_PASSWORD, ensure_user
from website.core.models import StandardPage

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_NAME = "北京市朝阳区城市环境卫生综合服务与再生资源回收利用集团有限公司"

# What a page shows that does not fit: the document wider than the screen, a cell squeezed
# narrower than three characters, a one-word element (pill, status, date) broken over
# lines, a button squeezed to a character or two a line. Hidden elements (a visually
# hidden table head) are not looked at.
PROBLEMS = r"""
() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll("body *")].filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 1
    ).slice(0, 3).map((el) => el.tagName.toLowerCase() + "." + el.className);
    problems.push(`scrolls sideways: ${root.scrollWidth}px > ${window.innerWidth}px (${wide})`);
  }
  const shown = (el) => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const box = node.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1) return false;
    }
    return el.checkVisibility();
  };
  for (const cell of document.querySelectorAll("main td, main th")) {
    const em = parseFloat(getComputedStyle(cell).fontSize);
    const width = cell.getBoundingClientRect().width;
    if (cell.innerText.trim() && shown(cell) && width < 3 * em) {
      problems.push(`squeezed cell (${Math.round(width)}px): ${cell.innerText.trim().slice(0, 20)}`);
    }
  }
  const lines = (el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const bottoms = new Set();
    for (const box of range.getClientRects()) if (box.width > 0) bottoms.add(Math.round(box.bottom));
    return bottoms.size;
  };
  for (const el of document.querySelectorAll("main .badge, main .status, main time")) {
    if (el.innerText.trim() && shown(el) && lines(el) > 1) {
      problems.push(`broken over ${lines(el)} lines: .${el.className || el.tagName} ${el.innerText.trim()}`);
    }
  }
  for (const el of document.querySelectorAll("main .button")) {
    const em = parseFloat(getComputedStyle(el).fontSize);
    if (el.innerText.trim() && shown(el) && lines(el) > 1 && el.getBoundingClientRect().width < 6 * em) {
      problems.push(`squeezed button: ${el.innerText.trim()}`);
    }
  }
  return problems;
}
"""


def _pages(home) -> dict[str, object]:
    """The public pages, filled with long content; returns the paths worth a look."""
    today = timezone.localdate()
    sections = publications.news_centre(home)
    news = publications.news(
        sections[NewsSection.NOTICES],
        "关于举办2026年全国城市环境卫生行业生活垃圾分类与资源化利用技术交流研讨会的通知",
        document_number="中环卫〔2026〕18号",
        source="中国城市环境卫生协会秘书处",
        tags=("垃圾分类", "技术交流"),
    )
    library = publications.publish(home, PolicyIndexPage(title="政策法规", slug="policies"))
    policy = publications.publish(
        library,
        PolicyDocumentPage(
            title="中华人民共和国固体废物污染环境防治法",
            slug="solid-waste-law",
            document_number="中华人民共和国主席令第四十三号",
            issuing_body="全国人民代表大会常务委员会",
            category=PolicyDocumentPage.Category.LAW,
            status=PolicyDocumentPage.Status.IN_FORCE,
            issued_on=datetime.date(2020, 4, 29),
        ),
    )
    standards = publications.publish(home, StandardIndexPage(title="团体标准", slug="standards"))
    publications.publish(
        standards,
        GroupStandardPage(
            title="生活垃圾焚烧飞灰稳定化处理及资源化利用技术规范",
            slug="fly-ash",
            number="T/HW 00012-2026",
            lead_organization=LONG_NAME,
            scope="规定焚烧飞灰螯合稳定化处理的工艺要求。",
        ),
    )
    # A top-level page with a long title: the search page's section select is as wide as it.
    publications.publish(
        home,
        StandardPage(
            title="关于开展2026年度中国城市环境卫生协会科学技术奖推荐申报工作的通知",
            slug="award-call-2026",
        ),
    )
    bulletins = publications.publish(
        home, BulletinIndexPage(title="中国环卫", slug="bulletins", frequency="双月刊")
    )
    publications.publish(
        bulletins,
        BulletinIssuePage(
            title="2026年第1期",
            slug="2026-1",
            year=today.year,
            issue_number=1,
            total_number=151,
            published_on=today,
        ),
    )
    events = home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    event = make_event(
        "nh2031", title="2026中国城市环境卫生协会年会暨城市环境卫生新技术新设备博览会"
    )
    event_page = events.add_child(
        instance=EventPage(title=event.title, slug=event.code, event=event)
    )
    event_page.save_revision().publish()
    return {
        "news": news.url,
        "policy": policy.url,
        "event": event_page.url,
        "event_model": event,
    }


def _member_with_records(event) -> str:
    """The member contact with an invoice, a certificate, an application in publicity of
    another member, an event order and a news submission; returns the certificate number."""
    user = ensure_user("member@example.org", last_name="刘", first_name="晓梅")
    contact = ContactFactory(user=user, organization=OrganizationFactory(name=LONG_NAME))
    organization = contact.organization
    membership = MembershipFactory(
        organization=organization,
        status=Membership.Status.ACTIVE,
        tier=Membership.Tier.VICE_PRESIDENT,
    )
    fee_schedule(timezone.localdate().year)
    members_services.issue_invoice(membership, kind="renewal")
    for number in range(3):
        other = OrganizationFactory(name=f"{LONG_NAME[:-6]}第{number + 1}分公司")
        MembershipFactory(organization=other, status=Membership.Status.ACTIVE)

    scheme = Scheme.objects.get(code="credit-rating")
    scheme.min_reviews = 1
    scheme.save()
    round = open_round(scheme)
    staff = staff_member()
    experts = [expert_with_account(name="孙教授")]
    from certification import services as certification_services

    approved = advance(
        certification_services.create_application(round, organization, user=user),
        Application.Status.APPROVED,
        contact=user,
        staff=staff,
        experts=experts,
    )
    neighbour = OrganizationFactory(name="杭州市城市环境卫生清洁服务与垃圾分类运营管理有限公司")
    MembershipFactory(organization=neighbour, status=Membership.Status.ACTIVE)
    neighbour_contact = ContactFactory(organization=neighbour).user
    advance(
        certification_services.create_application(round, neighbour, user=neighbour_contact),
        Application.Status.PUBLICITY,
        contact=neighbour_contact,
        staff=staff,
        experts=experts,
        publicity_start=timezone.localdate(),
    )
    place(event, user, organization=organization, names=("张建国", "李晓梅"))
    submit_news(
        user=user,
        organization=organization,
        title="北京市朝阳区生活垃圾分类示范片区建设取得阶段性成效",
        text="正文。",
    )
    return Certificate.objects.get(application=approved).number


PUBLIC = [
    "/",
    "/news/",
    "{news}",
    "/members/directory/",
    "/policies/",
    "{policy}",
    "/standards/",
    "/bulletins/",
    "/certification/register/",
    "/certification/register/credit-rating/",
    "/certification/publicity/",
    "/certification/verify/",
    "/certification/verify/{certificate}/",
    "/events/",
    "{event}",
    "/members/join/",
    "/search/?q=垃圾分类",
]
PORTAL = [
    "/account/",
    "/account/invoices/",
    "/account/membership/",
    "/certification/my/",
    "/events/my/",
    "/publications/submissions/",
]


def _look(page, paths: list[str], shots: str) -> dict[str, list[str]]:
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        problems = page.evaluate(PROBLEMS)
        if problems:
            found[path] = problems
        if shots:
            name = re.sub(r"[^\w]+", "_", path).strip("_") or "home"
            page.screenshot(path=f"{shots}/{page.viewport_size['width']}-{name}.png")
    return found


def test_top_pages_fit_a_phone_and_pills_stay_on_one_line(page, console_log, site_home):
    import os

    shots = os.environ.get("E2E_SCREENSHOTS", "")  # a folder, to look at the pages
    urls = _pages(site_home)
    certificate = _member_with_records(urls.pop("event_model"))
    paths = [path.format(certificate=certificate, **urls) for path in PUBLIC]

    page.set_viewport_size(PHONE)
    found = _look(page, paths, shots)
    page.goto("/auth/login/")
    log_in(page, "member@example.org", DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/$"))
    found.update(_look(page, PORTAL, shots))
    assert found == {}, "at 390 px:\n" + "\n".join(f"{k}: {v}" for k, v in found.items())

    page.set_viewport_size(DESKTOP)
    found = _look(page, PORTAL, shots)
    page.context.clear_cookies()
    found.update(_look(page, paths, shots))
    assert found == {}, "at 1280 px:\n" + "\n".join(f"{k}: {v}" for k, v in found.items())
    assert console_log.errors == []
