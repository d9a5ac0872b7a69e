"""An organization registers three attendees at the member price with invoice details (a second
click sends nothing more); the secretariat records the bank transfer; one attendee is checked in
twice and counted once."""

import re

import pytest
from playwright.sync_api import expect

from events.models import CheckIn, EventIndexPage, EventPage, InvoiceRequest, Order
from members.models import Membership
from tests.events.factories import forum_a, main, make_event
from tests.members.factories import ContactFactory, MembershipFactory
from website.accounts import roles
from website.core.demo import DEMO_PASSWORD, ensure_user

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ATTENDEES = [
    ("张建国", "13911110001", "zhang.jg@example.com"),
    ("李晓梅", "13911110002", "li.xm@example.com"),
    ("王磊", "13911110003", "wang.lei@example.com"),
]


def test_organization_registers_pays_and_checks_in(browser_context, page, console_log, site_home):
    event = make_event("nh2031")
    index = site_home.add_child(instance=EventIndexPage(title="会议活动", slug="events"))
    event_page = index.add_child(
        instance=EventPage(title=event.title, slug=event.code, event=event)
    )
    event_page.save_revision().publish()
    contact = ensure_user("member@example.org", last_name="刘", first_name="联系人")
    organization = ContactFactory(user=contact).organization
    MembershipFactory(organization=organization, status=Membership.Status.ACTIVE)
    staff = ensure_user(
        "events@example.org",
        last_name="赵",
        first_name="会务",
        groups=(roles.EVENTS_STAFF,),
        is_staff=True,
    )

    # The public event page leads to the form; the visitor logs in on the way.
    page.goto(event_page.url)
    page.get_by_role("link", name="我要报名").click()
    log_in(page, contact.email, DEMO_PASSWORD)
    expect(page).to_have_url(re.compile(rf"/events/{event.code}/register/"))
    form = page.locator("form.registration-form")
    form.locator("select[name=on_behalf]").select_option(str(organization.pk))
    form.locator("input[name=contact_phone]").fill("13800138000")
    # Three attendees: the fieldsets are added in place, what was typed stays.
    page.locator("#id_n").select_option("3")
    expect(page.locator("fieldset.attendee")).to_have_count(3)
    expect(form.locator("input[name=contact_phone]")).to_have_value("13800138000")
    for number, (name, mobile, email) in enumerate(ATTENDEES):
        prefix = f"attendee-{number}-"
        form.locator(f"select[name={prefix}ticket_type]").select_option(
            str(event.ticket_types.get().pk)
        )
        form.locator(f"input[name={prefix}name]").fill(name)
        form.locator(f"input[name={prefix}organization_name]").fill(organization.name)
        form.locator(f"input[name={prefix}mobile]").fill(mobile)
        form.locator(f"input[name={prefix}email]").fill(email)
    form.locator(f"input[name=attendee-0-activities][value='{forum_a(event).pk}']").check()
    form.locator("input[name=need_invoice]").check()
    form.locator("input[name=invoice-kind][value=special]").check()
    form.locator("input[name=invoice-title]").fill(organization.name)
    form.locator("input[name=invoice-tax_number]").fill(organization.credit_code)
    form.locator("input[name=invoice-address]").fill("北京市朝阳区东三环中路1号")
    form.locator("input[name=invoice-phone]").fill("010-65001234")
    form.locator("input[name=invoice-bank_name]").fill("中国建设银行北京朝阳支行")
    form.locator("input[name=invoice-bank_account]").fill("11050161360000000123")
    form.locator("input[name=invoice-email]").fill("caiwu@example.com")
    # An impatient second click while the first is on its way (a rush keeps the answer
    # waiting for seconds) sends nothing more, and the button says it is sending; the server
    # also recognises the form's token if it arrives twice (tests/events/test_double_submit.py).
    expect(form.get_by_role("button", name="提交报名")).to_be_visible()
    sent, label = page.evaluate(
        """() => {
          const form = document.querySelector("form.registration-form");
          const button = form.querySelector("button[type=submit]");
          let sent = 0;  // counted after site.js's listener, as the browser would send
          document.addEventListener("submit", (event) => { if (!event.defaultPrevented) sent++; });
          button.click();
          const label = button.textContent;
          button.click();
          return [sent, label];
        }"""
    )
    assert (sent, label) == (1, "正在提交…")
    expect(page).to_have_url(re.compile(r"/events/my/orders/"))
    order = Order.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.code)
    expect(page.locator(".order-summary")).to_contain_text("待付款")
    expect(page.locator(".order-summary")).to_contain_text("¥3000.00")  # 3 × member price
    assert InvoiceRequest.objects.get(order=order).kind == "special"

    # The secretariat records the bank transfer in the back office.
    office = browser_context.browser.new_context(
        base_url=page.url.split("/events/")[0], locale="zh-CN"
    )
    desk = office.new_page()
    console_log.watch(desk)
    desk.goto(f"/admin/events/orders/inspect/{order.pk}/")
    log_in(desk, staff.email, DEMO_PASSWORD)
    expect(desk.locator("main")).to_contain_text(order.code)
    desk.locator("main a[href$='/action/payment/']").click()
    desk.locator("input[name=reference]").fill("HX20261101-0088")
    desk.locator("main form button[type=submit]").click()
    expect(desk.locator("main")).to_contain_text("已确认")
    order.refresh_from_db()
    assert order.status == Order.Status.CONFIRMED

    page.reload()
    expect(page.locator(".order-summary")).to_contain_text("已确认")

    # Check-in: the same code twice is one check-in.
    code = order.attendees.get(name="李晓梅").code
    desk.goto(f"/admin/events/on-site/{event.pk}/checkin/")
    desk.locator("select[name=activity]").select_option(str(main(event).pk))
    desk.locator("input[name=code]").fill(code)
    desk.locator("input[name=code]").press("Enter")
    expect(desk.locator("[data-checkin-result=ok]")).to_contain_text("李晓梅")
    desk.locator("input[name=code]").fill(code.lower())
    desk.locator("input[name=code]").press("Enter")
    expect(desk.locator("[data-checkin-result=already]")).to_contain_text("李晓梅")
    expect(desk.locator("main")).to_contain_text("已于")
    row = desk.locator(f"#live-counts tr[data-activity='{main(event).pk}']")
    expect(row.locator("[data-count=checked_in]")).to_have_text("1")
    expect(row.locator("[data-count=confirmed]")).to_have_text("3")
    assert CheckIn.objects.count() == 1
    office.close()
    assert console_log.errors == []
