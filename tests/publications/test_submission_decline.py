"""An editor declines a member's news item with a reason: the workflow ends, the page stays
unpublished, and the submitter reads the reason in the portal and in an email."""

import pytest
from django.db import transaction
from django.urls import reverse
from wagtail.models import WorkflowState

from publications.models import NewsPage, NewsSubmission
from publications.services import decline_submission
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REASON = "稿件内容为企业产品推广，不符合会员动态的刊发要求。"


@pytest.fixture
def submission(client, member_news, member_contact):
    client.force_login(member_contact)
    client.post(
        reverse("publications:submission_create"),
        {"title": "我公司新型洗扫车上市", "text": "欢迎选购。"},
    )
    return NewsSubmission.objects.get()


def _decline_url(submission) -> str:
    return reverse("publications_submissions:decline", args=[submission.pk])


def test_editor_declines_with_a_reason_and_the_member_is_told(
    client, submission, member_contact, editor, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert REASON not in client.get(_decline_url(submission)).content.decode()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_decline_url(submission), {"reason": REASON})
    assert response.status_code == 302
    assert response["Location"] == reverse("publications_submissions:inspect", args=[submission.pk])

    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.DECLINED
    assert submission.reason == REASON
    assert submission.decided_by == editor and submission.decided_at is not None
    change = submission.status_history().first()
    assert (change.from_status, change.to_status, change.reason, change.changed_by) == (
        NewsSubmission.Status.IN_REVIEW,
        NewsSubmission.Status.DECLINED,
        REASON,
        editor,
    )
    page = NewsPage.objects.get(pk=submission.page_id)
    assert not page.live
    assert page.current_workflow_state is None
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "cancelled"

    [mail] = [message for message in mailoutbox if member_contact.email in message.to]
    assert "我公司新型洗扫车上市" in mail.subject
    assert REASON in mail.body
    assert reverse("publications:submission_detail", args=[submission.pk]) in mail.body


def test_a_decline_that_rolls_back_tells_nobody(
    submission, member_contact, editor, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            decline_submission(submission, user=editor, reason=REASON)
            raise RuntimeError("the caller's transaction fails after the decision")
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.IN_REVIEW
    assert not submission.status_history().filter(to_status="declined").exists()
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        decline_submission(submission, user=editor, reason=REASON)
    assert [message.to for message in mailoutbox] == [[member_contact.email]]


def test_the_portal_shows_the_declined_item_and_its_reason(
    client, submission, member_contact, editor
):
    client.force_login(editor)
    client.post(_decline_url(submission), {"reason": REASON})

    client.force_login(member_contact)
    detail = client.get(reverse("publications:submission_detail", args=[submission.pk]))
    html = detail.content.decode()
    assert "未予采用" in html and REASON in html
    assert reverse("publications:submission_revise", args=[submission.pk]) not in html
    listing = client.get(reverse("publications:submission_list")).content.decode()
    assert "未予采用" in listing
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "未予采用" in dashboard
    # A declined item is not revised.
    revise = client.get(reverse("publications:submission_revise", args=[submission.pk]))
    assert revise.status_code == 302
    assert revise["Location"] == reverse("publications:submission_detail", args=[submission.pk])


def test_a_reason_is_required(client, submission, editor, mailoutbox):
    client.force_login(editor)
    mailoutbox.clear()
    response = client.post(_decline_url(submission), {"reason": "   "})
    assert response.status_code == 200
    [error] = response.context["form"].errors["reason"]
    assert error in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.IN_REVIEW
    assert not mailoutbox


def test_a_returned_item_can_be_declined_and_a_decided_one_cannot(
    client, submission, editor, mailoutbox
):
    page = NewsPage.objects.get(pk=submission.page_id)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "请补充图片。"},
    )
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.RETURNED
    client.post(_decline_url(submission), {"reason": REASON})
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.DECLINED

    # A decided item cannot be declined again: the form comes back with the reason why.
    assert client.get(_decline_url(submission)).status_code == 302
    response = client.post(_decline_url(submission), {"reason": "再次拒绝"})
    assert response.status_code == 200
    assert "当前状态下不能执行此操作" in response.content.decode()
    submission.refresh_from_db()
    assert submission.reason == REASON


def test_deleting_a_declined_page_keeps_the_decision(client, submission, editor):
    client.force_login(editor)
    client.post(_decline_url(submission), {"reason": REASON})
    response = client.post(reverse("wagtailadmin_pages:delete", args=[submission.page_id]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.DECLINED and submission.reason == REASON


def test_the_editor_finds_decline_on_the_page_and_the_submission(client, submission, editor):
    client.force_login(editor)
    url = _decline_url(submission)
    assert (
        url
        in client.get(
            reverse("wagtailadmin_pages:edit", args=[submission.page_id])
        ).content.decode()
    )
    inspect = client.get(reverse("publications_submissions:inspect", args=[submission.pk]))
    html = inspect.content.decode()
    assert url in html
    assert reverse("wagtailadmin_pages:edit", args=[submission.page_id]) in html
    assert ">None<" not in " ".join(html.split())  # undecided fields show a dash


@pytest.mark.parametrize("who", ["member", "staff", "branch_secretary", "anonymous"])
def test_only_editors_decline(client, submission, member_contact, who):
    from website.accounts import roles

    if who == "member":
        client.force_login(member_contact)
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True))
    elif who == "branch_secretary":
        user = UserFactory(is_staff=True)
        from django.contrib.auth.models import Group

        user.groups.add(Group.objects.get(name=roles.BRANCH_SECRETARIES))
        client.force_login(user)
    response = client.post(_decline_url(submission), {"reason": REASON})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert (
            reverse("publications_submissions:inspect", args=[submission.pk])
            not in response["Location"]
        )
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.IN_REVIEW
