"""Member news submission (信息报送): portal form → draft in moderation → editors decide →
the submitter sees the outcome in the portal and by email."""

import pytest
from django.urls import reverse

from publications.models import NewsPage, NewsSubmission
from tests.factories import UserFactory
from tests.publications import factories

pytestmark = pytest.mark.django_db


def _submit(client, user, **data):
    client.force_login(user)
    payload = {"title": "我公司厨余垃圾处理项目投入试运行", "text": "第一段。\n\n第二段。", **data}
    return client.post(reverse("publications:submission_create"), payload)


def _decide(client, editor, submission, action, comment=""):
    page = NewsPage.objects.get(pk=submission.page_id)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(editor)
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )


def test_member_submits_news_with_an_image(client, member_news, member_contact):
    response = _submit(client, member_contact, images=[factories.png_upload()])
    submission = NewsSubmission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("publications:submission_detail", args=[submission.pk])
    page = submission.page
    assert not page.live and page.get_parent().pk == member_news.pk
    assert page.current_workflow_state.workflow.name == "秘书处审核"
    assert [block.block_type for block in page.get_latest_revision_as_object().body] == [
        "paragraph",
        "paragraph",
        "image",
    ]
    assert submission.status == NewsSubmission.Status.IN_REVIEW
    assert submission.status_history().get().to_status == NewsSubmission.Status.IN_REVIEW
    detail = client.get(response["Location"]).content.decode()
    assert "审核中" in detail or "In review" in detail


def test_the_portal_shows_the_submissions_section(client, member_news, member_contact):
    _submit(client, member_contact)
    html = client.get(reverse("portal:dashboard")).content.decode()
    assert "我公司厨余垃圾处理项目投入试运行" in html
    assert reverse("publications:submission_create") in html


def test_not_an_image_is_refused_and_the_text_kept(client, member_news, member_contact):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = _submit(client, member_contact, images=[fake])
    assert response.status_code == 200
    assert "我公司厨余垃圾处理项目投入试运行" in response.content.decode()
    assert not NewsSubmission.objects.exists()


def test_users_without_a_member_organization_cannot_submit(client, member_news):
    response = _submit(client, UserFactory())
    assert response.status_code == 403
    assert not NewsPage.objects.filter(live=False).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, member_news):
    response = client.get(reverse("publications:submission_create"))
    assert response.status_code == 302 and "/auth/login/" in response["Location"]


def test_editor_publishes_and_the_member_is_told(
    client, member_news, member_contact, editor, mailoutbox, django_capture_on_commit_callbacks
):
    _submit(client, member_contact)
    submission = NewsSubmission.objects.get()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, editor, submission, "approve")
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.PUBLISHED
    assert submission.decided_by == editor
    assert submission.page.live
    assert [message.to for message in mailoutbox if member_contact.email in message.to]
    client.logout()
    assert client.get(submission.page.url).status_code == 200


def test_editor_returns_with_a_reason_and_the_member_revises(
    client, member_news, member_contact, editor, mailoutbox, django_capture_on_commit_callbacks
):
    _submit(client, member_contact)
    submission = NewsSubmission.objects.get()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, editor, submission, "reject", comment="请补充项目投运时间和处理规模。")
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.RETURNED
    assert submission.reason == "请补充项目投运时间和处理规模。"
    mail = [m for m in mailoutbox if member_contact.email in m.to]
    assert mail and "请补充项目投运时间和处理规模。" in mail[0].body

    client.force_login(member_contact)
    detail = client.get(reverse("publications:submission_detail", args=[submission.pk]))
    assert "请补充项目投运时间和处理规模。" in detail.content.decode()
    revise_url = reverse("publications:submission_revise", args=[submission.pk])
    form = client.get(revise_url).content.decode()
    assert "第一段。" in form
    response = client.post(
        revise_url, {"title": "厨余垃圾处理项目投入试运行", "text": "项目于5月投运，日处理300吨。"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.IN_REVIEW
    page = NewsPage.objects.get(pk=submission.page_id)
    assert page.current_workflow_state.status == "in_progress"
    assert page.get_latest_revision_as_object().title == "厨余垃圾处理项目投入试运行"


def test_submissions_of_others_are_not_found(client, member_news, member_contact):
    _submit(client, member_contact)
    submission = NewsSubmission.objects.get()
    client.force_login(UserFactory())
    assert (
        client.get(reverse("publications:submission_detail", args=[submission.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("publications:submission_revise", args=[submission.pk])).status_code
        == 404
    )
