"""An attendee with a confirmed registration opens the ticket link from their email on a phone;
the check-in desk scans the QR code on the screen (here: a screenshot decoded with zxing-cpp,
a real decoder) and types what it read, as a scanner does. The attendee is checked in, and a
second scan says so without counting twice."""

import io

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from events import services
from events.models import CheckIn
from tests.events.factories import main, make_event, place
from tests.members.factories import ContactFactory, MembershipFactory
from tests.qr import read_image
from website.accounts import roles
from website.core.demo import DEMO_PASSWORD, ensure_user

from .helpers import link_in_last_email, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def test_the_ticket_qr_code_is_scanned_at_check_in(browser_context, console_log, site_home):
    event = make_event("nh2032")
    contact = ensure_user("member@example.org", last_name="刘", first_name="联系人")
    organization = ContactFactory(user=contact).organization
    MembershipFactory(organization=organization, status="active")
    staff = ensure_user(
        "events@example.org",
        last_name="赵",
        first_name="会务",
        groups=(roles.EVENTS_STAFF,),
        is_staff=True,
    )
    order = place(
        event,
        contact,
        organization=organization,
        names=("李晓梅",),
        emails=["li.xm@example.com"],
    )
    mail.outbox.clear()
    services.record_payment(order, user=staff, amount=order.total)
    attendee = order.attendees.get()

    # The attendee opens the link of the confirmation email on a phone.
    ticket_url = link_in_last_email("li.xm@example.com", "/events/ticket/")
    phone_context = browser_context.browser.new_context(
        locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    console_log.watch(phone)
    phone.goto(ticket_url)
    qr = phone.locator(".ticket__qr svg")
    expect(qr).to_be_visible()
    # The code fits the phone's screen and is large enough to scan.
    box = qr.bounding_box()
    assert box and 150 <= box["width"] <= PHONE["width"] and box["x"] >= 0, box
    assert abs(box["width"] - box["height"]) < 1, box
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the ticket page is {overflow}px wider than the phone"

    # The desk's scanner reads the screen.
    screenshot = Image.open(io.BytesIO(qr.screenshot()))
    (scanned,) = read_image(screenshot)
    assert scanned == attendee.code
    phone_context.close()

    # The scanner types what it read into the check-in page and presses Enter.
    desk = browser_context.new_page()
    desk.goto(f"/admin/events/on-site/{event.pk}/checkin/")
    log_in(desk, staff.email, DEMO_PASSWORD)
    desk.locator("select[name=activity]").select_option(str(main(event).pk))
    desk.locator("input[name=code]").fill(scanned)
    desk.locator("input[name=code]").press("Enter")
    expect(desk.locator("[data-checkin-result=ok]")).to_contain_text("李晓梅")
    assert CheckIn.objects.filter(attendee=attendee, activity=main(event)).count() == 1

    # A second scan of the same code: already checked in, counted once.
    desk.locator("input[name=code]").fill(scanned)
    desk.locator("input[name=code]").press("Enter")
    expect(desk.locator("[data-checkin-result=already]")).to_contain_text("李晓梅")
    expect(desk.locator("main")).to_contain_text("已于")
    row = desk.locator(f"#live-counts tr[data-activity='{main(event).pk}']")
    expect(row.locator("[data-count=checked_in]")).to_have_text("1")
    assert CheckIn.objects.filter(attendee=attendee).count() == 1
    assert console_log.errors == []
