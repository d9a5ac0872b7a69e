"""An editor edits a member's submitted item before publishing it: the edited text goes
live, the submission counts as published by that editor, and the member is told."""

import pytest
from django.conf import settings
from django.urls import reverse

from publications.models import NewsPage, NewsSubmission
from tests.publications import factories

pytestmark = pytest.mark.django_db


def test_editor_edits_then_publishes_directly(
    client, member_news, member_contact, editor, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member_contact)
    client.post(
        reverse("publications:submission_create"),
        {"title": "我公司厨余项目试运行", "text": "项目日处理300吨。"},
    )
    submission = NewsSubmission.objects.get()
    page = NewsPage.objects.get(pk=submission.page_id)

    client.force_login(editor)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            factories.news_form_data(
                "北京洁城厨余垃圾处理项目投入试运行", slug=page.slug, **{"action-publish": "1"}
            ),
        )
    assert response.status_code == 302

    page.refresh_from_db()
    assert page.live and page.title == "北京洁城厨余垃圾处理项目投入试运行"
    assert page.current_workflow_state is None  # publishing ended the review
    submission.refresh_from_db()
    assert submission.status == NewsSubmission.Status.PUBLISHED
    assert submission.decided_by == editor
    [mail] = [message for message in mailoutbox if member_contact.email in message.to]
    # The link is on BASE_URL, whatever host name the Wagtail Site record holds.
    assert f"{settings.BASE_URL}{page.url}" in mail.body

    client.force_login(member_contact)
    html = client.get(reverse("publications:submission_detail", args=[submission.pk])).content
    assert page.url in html.decode()
    client.logout()
    assert "北京洁城厨余垃圾处理项目投入试运行" in client.get(page.url).content.decode()
