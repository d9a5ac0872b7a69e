"""Group standards: status rules, the public comment form on its own URL, the comments table."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from publications.models import (
    GroupStandardPage,
    PublicationError,
    StandardComment,
    StandardIndexPage,
)
from publications.services import change_standard_status, handle_comment
from tests.publications import factories

pytestmark = pytest.mark.django_db
Status = GroupStandardPage.Status


@pytest.fixture
def standards(home):
    return factories.publish(home, StandardIndexPage(title="团体标准", slug="standards"))


@pytest.fixture
def draft(standards, editor):
    standard = factories.publish(
        standards,
        GroupStandardPage(
            title="生活垃圾焚烧飞灰稳定化处理技术规范",
            slug="fly-ash",
            lead_organization="中国城市环境卫生协会",
            scope="规定焚烧飞灰螯合稳定化处理的工艺要求。",
        ),
    )
    change_standard_status(standard, Status.DRAFTING, user=editor)
    return standard


def _open(standard, editor, days=45):
    change_standard_status(
        standard,
        Status.CONSULTATION,
        user=editor,
        closes_on=timezone.localdate() + datetime.timedelta(days=days),
    )
    standard.refresh_from_db()
    return standard


def test_status_follows_the_rules(draft, editor):
    with pytest.raises(PublicationError):
        change_standard_status(draft, Status.PUBLISHED, user=editor)
    with pytest.raises(PublicationError):  # at least 30 days of comments
        _open(draft, editor, days=10)
    _open(draft, editor)
    with pytest.raises(PublicationError):  # sending back needs a reason
        change_standard_status(draft, Status.DRAFTING, user=editor)
    change_standard_status(draft, Status.REVIEW, user=editor)
    change_standard_status(draft, Status.APPROVED, user=editor)
    with pytest.raises(PublicationError):  # the number has its format
        change_standard_status(draft, Status.PUBLISHED, user=editor, number="HW-7")
    change_standard_status(draft, Status.PUBLISHED, user=editor, number="T/hw 005-2024")
    draft.refresh_from_db()
    assert draft.number == "T/HW 005—2024"
    assert draft.published_on == timezone.localdate()
    assert list(draft.status_history().order_by("pk").values_list("to_status", flat=True)) == [
        Status.PROPOSED,
        Status.DRAFTING,
        Status.CONSULTATION,
        Status.REVIEW,
        Status.APPROVED,
        Status.PUBLISHED,
    ]


def test_publishing_a_draft_revision_keeps_the_status(draft, editor):
    _open(draft, editor)
    stale = draft.get_latest_revision_as_object()
    stale.scope = "修改后的适用范围。"
    stale.save_revision().publish()
    draft.refresh_from_db()
    assert draft.status == Status.CONSULTATION
    assert draft.scope == "修改后的适用范围。"


def test_open_draft_page_shows_deadline_and_links_to_the_form(client, draft, editor):
    _open(draft, editor)
    response = client.get(draft.url)
    html = response.content.decode()
    assert draft.consultation_closes_on.strftime("%Y") in html
    assert reverse("publications:comment_create", args=[draft.pk]) in html
    assert "csrfmiddlewaretoken" not in html  # the form lives on its own URL
    assert "csrftoken" not in response.cookies


def test_visitor_comments_on_an_open_draft(client, draft, editor):
    _open(draft, editor)
    url = reverse("publications:comment_create", args=[draft.pk])
    form = client.get(url)
    assert "csrfmiddlewaretoken" in form.content.decode()
    data = {
        "name": "张伟",
        "organization": "某市城市管理局",
        "contact": "zhangwei@example.com",
        "clause": "4.2",
        "comment": "螯合剂投加比例建议给出调整方法。",
        "proposed_change": "增加动态调整条款。",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    comment = StandardComment.objects.get()
    assert comment.standard_id == draft.pk and comment.decision == StandardComment.Decision.PENDING
    assert client.get(response["Location"]).status_code == 200


def test_bad_comments_are_refused_and_kept(client, draft, editor):
    _open(draft, editor)
    url = reverse("publications:comment_create", args=[draft.pk])
    response = client.post(
        url,
        {
            "name": "张伟",
            "organization": "某局",
            "contact": "abc",
            "clause": "",
            "comment": "意见正文",
        },
    )
    assert response.status_code == 200
    assert "意见正文" in response.content.decode()
    assert not StandardComment.objects.exists()
    client.post(
        url,
        {
            "name": "bot",
            "organization": "x",
            "contact": "a@b.cn",
            "clause": "1",
            "comment": "spam",
            "website": "http://spam",
        },
    )
    assert not StandardComment.objects.exists()


def test_no_comments_when_closed_or_unknown(client, draft):
    url = reverse("publications:comment_create", args=[draft.pk])
    response = client.post(
        url,
        {
            "name": "张伟",
            "organization": "某局",
            "contact": "a@b.cn",
            "clause": "1",
            "comment": "x",
        },
    )
    assert response.status_code == 200 and not StandardComment.objects.exists()
    assert client.get(reverse("publications:comment_create", args=[999999])).status_code == 404


def test_staff_handle_comments_and_export_the_table(client, draft, editor):
    _open(draft, editor)
    comment = StandardComment.objects.create(
        standard=draft,
        name="李娜",
        organization="某再生能源有限公司",
        contact="13800000001",
        clause="6.1",
        comment="检测频次偏低。",
    )
    with pytest.raises(PublicationError):  # a refusal needs its reason
        handle_comment(comment, user=editor, decision=StandardComment.Decision.NOT_ACCEPTED)
    client.force_login(editor)
    edit_url = reverse("publications_comments:edit", args=[comment.pk])
    response = client.post(edit_url, {"decision": "not_accepted", "handling_note": ""})
    assert response.status_code == 200
    response = client.post(
        edit_url, {"decision": "partly_accepted", "handling_note": "按规模分档规定频次。"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.decision == "partly_accepted" and comment.handled_by == editor

    xlsx = client.get(reverse("publications_admin:comments_xlsx", args=[draft.pk]))
    assert xlsx.status_code == 200
    sheet = load_workbook(BytesIO(xlsx.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "意见汇总处理表" in sheet.title
    assert "检测频次偏低。" in values and "部分采纳" in values and "按规模分档规定频次。" in values

    listing = client.get(reverse("publications_comments:index") + "?export=xlsx")
    assert listing.status_code == 200


def test_status_admin_view(client, draft, editor):
    client.force_login(editor)
    url = reverse("publications_admin:standard_status", args=[draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "consultation", "closes_on": "2000-01-01"})
    assert response.status_code == 200  # too short: the form says why
    closes = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    response = client.post(url, {"status": "consultation", "closes_on": closes})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.CONSULTATION


def test_people_without_rights_cannot_change_status(client, draft):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    assert client.get(
        reverse("publications_admin:standard_status", args=[draft.pk])
    ).status_code in (302, 403)
    assert client.get(reverse("publications_admin:comments_xlsx", args=[draft.pk])).status_code in (
        302,
        403,
    )


def test_standard_list_filters(client, standards, draft, editor):
    _open(draft, editor)
    html = client.get("/standards/?status=consultation").content.decode()
    assert draft.title in html
    assert (
        draft.title
        not in client.get("/standards/?status=published").content.decode().split("<tbody>")[1]
    )
    assert client.get("/standards/?status=bogus&page=zz").status_code == 200
