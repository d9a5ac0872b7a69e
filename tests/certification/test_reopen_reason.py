"""A review reopened after an upheld objection tells the expert why: the reason, the
objection and the decision on it, on the scoring page, in the inbox and in the email."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from certification import services
from certification.models import Application

S = Application.Status


@pytest.fixture
def reopened(build, staff, experts, django_capture_on_commit_callbacks):
    application = build(S.PUBLICITY, publicity_start=timezone.localdate())
    objection = services.lodge_objection(
        application,
        name="李明",
        organization="某环卫公司",
        phone="13900000000",
        grounds="申报单位2025年发生过一起安全生产事故，材料未如实说明。",
    )
    services.resolve_objection(
        objection, user=staff, upheld=True, outcome="经核实事故属实，退回专家重新评审。"
    )
    review = application.reviews.get(expert=experts[0])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reopen_review(review, user=staff, reason="请结合异议核实社会信用得分")
    review.refresh_from_db()
    return review, objection


def test_the_review_keeps_the_reason_and_the_objection(reopened):
    review, objection = reopened
    assert review.reopen_reason == "请结合异议核实社会信用得分"
    assert review.reopened_for == objection
    assert review.status_history().first().data == {"objection": objection.pk}


def test_the_email_states_the_reason_the_objection_and_the_decision(reopened):
    review, objection = reopened
    (message,) = [m for m in mail.outbox if review.expert.person.user.email in m.to]
    assert "请结合异议核实社会信用得分" in message.body
    assert objection.grounds in message.body
    assert objection.outcome in message.body


def test_the_expert_sees_it_on_the_scoring_page_and_in_the_inbox(reopened, client):
    review, objection = reopened
    client.force_login(review.expert.person.user)
    page = client.get(f"/certification/reviews/{review.pk}/").content.decode()
    assert "请结合异议核实社会信用得分" in page
    assert objection.grounds in page and objection.outcome in page
    inbox = client.get("/certification/reviews/").content.decode()
    assert "请结合异议核实社会信用得分" in inbox


def test_a_reopening_without_objection_shows_only_the_reason(build, staff, experts):
    application = build(S.PANEL_DECISION)
    services.send_back_to_review(application, user=staff, reason="需要补充意见")
    review = application.reviews.get(expert=experts[1])
    services.reopen_review(review, user=staff, reason="请补充评审意见")
    review.refresh_from_db()
    assert review.reopened_for is None and review.reopen_reason == "请补充评审意见"


def test_the_processing_page_shows_the_new_publicity_window(reopened, staff, client, experts):
    review, _objection = reopened
    application = review.application
    old_start = application.publicity_starts_on
    user = review.expert.person.user
    services.submit_review(review, user=user)
    services.close_expert_review(application, user=staff)
    new_start = timezone.localdate() + datetime.timedelta(days=2)
    services.start_publicity(application, user=staff, starts_on=new_start)
    application.refresh_from_db()
    assert application.publicity_starts_on == new_start != old_start
    client.force_login(staff)
    page = client.get(f"/admin/certification/applications/process/{application.pk}/")
    window = page.content.decode().split('class="publicity-window">')[1].split("</dd>")[0]
    from django.utils.formats import date_format

    assert date_format(new_start) in window
