"""An enterprise holding a valid credit rating, in a browser: a first evaluation is refused
while the certificate is valid (a re-evaluation is what it may start).

Reading the score per dimension, the reasoning and the advice, the result letter and the next
year's annual check kept by staff are part of the full round in
test_rating_round_experts_journey.py, on the application that round approved."""

import re

import pytest
from playwright.sync_api import expect

from certification import services
from certification.models import Application, Scheme
from tests.certification.factories import (
    advance,
    expert_with_account,
    member_organization,
    open_round,
    staff_member,
)
from tests.factories import PASSWORD, UserFactory
from tests.members.factories import ContactFactory

from .helpers import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

S = Application.Status


def logged_in(browser, live_server, console_log, email):
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    context.on("page", console_log.watch)
    page = context.new_page()
    page.goto("/auth/login/")
    log_in(page, email, PASSWORD)
    expect(page).to_have_url(re.compile(r"/account/$"))
    return page


@pytest.fixture
def rated(site_home):
    """An approved credit rating of 无锡市洁城环境服务有限公司."""
    scheme = Scheme.objects.get(code="credit-rating")
    scheme.min_reviews = 1
    scheme.save()
    round = open_round(scheme)
    organization = member_organization(name="无锡市洁城环境服务有限公司")
    member = ContactFactory(
        organization=organization, user=UserFactory(email="contact@example.com")
    ).user
    staff = staff_member(email="staff@example.com")
    application = services.create_application(round, organization, user=member)
    application = advance(
        application, S.PUBLICITY, contact=member, staff=staff, experts=[expert_with_account()]
    )
    certificate = services.approve(application, user=staff)
    return {"application": application, "certificate": certificate}


def test_a_first_evaluation_is_refused_while_the_rating_is_valid(
    browser, live_server, console_log, rated
):
    application = rated["application"]
    certificate = rated["certificate"]

    member = logged_in(browser, live_server, console_log, "contact@example.com")
    member.goto("/certification/my/")
    member.get_by_role("link", name="申报", exact=True).click()
    expect(member.locator("main")).to_contain_text(certificate.number)
    member.get_by_role("button", name="开始申报").click()
    expect(member.locator(".messages")).to_contain_text("复评")
    assert Application.objects.filter(organization=application.organization).count() == 1

    assert console_log.errors == []
