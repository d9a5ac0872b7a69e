"""A group standard's page: where it stands among the stages, its documents per stage, its
history, and (while open for comment) the deadline."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.documents import get_document_model

from publications.models import GroupStandardPage, StandardDocument, StandardIndexPage
from publications.services import change_standard_status
from tests.publications import factories

pytestmark = pytest.mark.django_db
Status = GroupStandardPage.Status


def _document(title: str):
    document = get_document_model()(title=title)
    document.file.save("draft.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    return document


def test_documents_are_grouped_by_stage_with_the_history(client, home, editor):
    index = factories.publish(home, StandardIndexPage(title="团体标准", slug="standards"))
    standard = factories.publish(
        index,
        GroupStandardPage(
            title="城市公厕智慧化管理技术规范",
            slug="smart-toilets",
            lead_organization="中国城市环境卫生协会",
            scope="适用于城市公厕智慧化管理系统。",
        ),
    )
    StandardDocument.objects.create(
        page=standard, stage=Status.PROPOSED, title="立项书", document=_document("立项书")
    )
    StandardDocument.objects.create(
        page=standard,
        stage=Status.CONSULTATION,
        title="征求意见稿及编制说明",
        document=_document("征求意见稿"),
    )
    change_standard_status(standard, Status.DRAFTING, user=editor)
    closes = timezone.localdate() + datetime.timedelta(days=35)
    change_standard_status(standard, Status.CONSULTATION, user=editor, closes_on=closes)
    standard.refresh_from_db()

    html = " ".join(client.get(standard.url).content.decode().split())
    documents = html[html.index("<h2>文件</h2>") :]
    assert re.search(r"<h3>立项</h3> <ul[^>]*><li><a[^>]*>立项书</a>", documents)
    assert re.search(r"<h3>征求意见</h3> <ul[^>]*><li><a[^>]*>征求意见稿及编制说明</a>", documents)
    text = strip_tags(html)
    assert "还剩35天" in text.replace(" ", "")
    assert closes.strftime("%Y") in text
    history = text[text.rindex("历程") :].replace(" ", "")
    assert history.index("立项") < history.index("起草") < history.index("征求意见")
