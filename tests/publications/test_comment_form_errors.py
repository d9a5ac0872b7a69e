"""The public comment form on a draft standard: errors in the visitor's language, every
answer kept, and no bad input ever turns into a server error."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from publications.models import GroupStandardPage, StandardComment, StandardIndexPage
from publications.services import change_standard_status
from tests.publications import factories

pytestmark = pytest.mark.django_db
Status = GroupStandardPage.Status

ANSWERS = {
    "name": "张伟",
    "organization": "",
    "contact": "abc",
    "clause": "4.2.1",
    "comment": "螯合剂投加比例建议给出调整方法。",
    "proposed_change": "增加按飞灰重金属含量动态调整的条款。",
}


@pytest.fixture
def url(home, editor):
    index = factories.publish(home, StandardIndexPage(title="团体标准", slug="standards"))
    standard = factories.publish(
        index,
        GroupStandardPage(
            title="生活垃圾焚烧飞灰稳定化处理技术规范",
            slug="fly-ash",
            lead_organization="中国城市环境卫生协会",
        ),
    )
    change_standard_status(standard, Status.DRAFTING, user=editor)
    change_standard_status(
        standard,
        Status.CONSULTATION,
        user=editor,
        closes_on=timezone.localdate() + datetime.timedelta(days=40),
    )
    return reverse("publications:comment_create", args=[standard.pk])


def _kept(html: str) -> None:
    for value in ANSWERS.values():
        if value:
            assert value in html, value


def test_chinese_errors_and_answers_kept(client, url):
    response = client.post(url, ANSWERS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写电话号码或电子邮箱。" in html
    assert "This field is required." not in html and "必" in html
    _kept(html)
    assert not StandardComment.objects.exists()


def test_english_errors_and_answers_kept(client, url):
    response = client.post("/en" + url, ANSWERS)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Enter a phone number or an email address." in html
    assert "This field is required." in html
    _kept(html)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"name": ["甲", "乙"], "contact": ["1", "2"]},
        {
            "name": "x" * 500,
            "organization": "o",
            "contact": "a@b.cn",
            "clause": "1" * 200,
            "comment": "长" * 5000,
        },
        {
            "name": "\x00",
            "organization": "\x00",
            "contact": "\x00",
            "clause": "\x00",
            "comment": "\x00",
        },
        {"name": "<script>alert(1)</script>", "organization": "o", "contact": "x"},
    ],
)
def test_bad_posts_never_fail(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert not StandardComment.objects.exists()
