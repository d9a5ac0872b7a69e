"""Bulletins: periodicals and issues; members-only issues show their contents to everyone."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

from publications.models import BulletinIndexPage, BulletinIssuePage
from tests.factories import UserFactory
from tests.publications import factories
from website.accounts import roles

pytestmark = pytest.mark.django_db


def _pdf(title):
    document = get_document_model()(title=title)
    document.file.save(f"{title}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    document.save()
    return document


@pytest.fixture
def periodical(home):
    return factories.publish(
        home, BulletinIndexPage(title="中国环卫", slug="zhongguo-huanwei", frequency="双月刊")
    )


def _issue(periodical, number, *, members_only=False):
    return factories.publish(
        periodical,
        BulletinIssuePage(
            title=f"2024年第{number}期",
            slug=f"2024-{number}",
            year=2024,
            issue_number=number,
            total_number=150 + number,
            cover=factories.image(f"封面{number}"),
            contents=[
                ("column", "行业研究"),
                (
                    "entry",
                    {
                        "title": f"焚烧处理发展展望{number}",
                        "author": "课题组",
                        "page_number": "2",
                        "summary": "",
                    },
                ),
            ],
            body=[("paragraph", f"<p>会员全文{number}</p>")],
            pdf=_pdf(f"issue-{number}"),
            members_only=members_only,
        ),
    )


def test_public_issue_shows_everything(client, periodical):
    issue = _issue(periodical, 1)
    html = client.get(issue.url).content.decode()
    assert "焚烧处理发展展望1" in html and "会员全文1" in html
    assert reverse("publications:bulletin_pdf", args=[issue.pk]) in html
    pdf = client.get(reverse("publications:bulletin_pdf", args=[issue.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_members_only_issue_for_a_visitor(client, periodical):
    issue = _issue(periodical, 3, members_only=True)
    assert issue.get_view_restrictions().exists()  # publishing applied the flag
    response = client.get(issue.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "焚烧处理发展展望3" in html  # the contents are public
    assert "会员全文3" not in html
    assert reverse("publications:bulletin_pdf", args=[issue.pk]) not in html
    assert reverse("account_login") in html and "/members/join/" in html
    assert client.get(issue.url)["X-Page-Cache"] == "hit"  # and cacheable
    pdf = client.get(reverse("publications:bulletin_pdf", args=[issue.pk]))
    assert pdf.status_code == 302 and "/auth/login/" in pdf["Location"]
    assert client.get(issue.pdf.url).status_code in (302, 403)  # the document URL too


def test_members_only_issue_for_a_logged_in_non_member(client, periodical):
    issue = _issue(periodical, 3, members_only=True)
    client.force_login(UserFactory())
    html = client.get(issue.url).content.decode()
    assert "会员全文3" not in html and "/members/join/" in html
    assert client.get(reverse("publications:bulletin_pdf", args=[issue.pk])).status_code == 403


def test_members_only_issue_for_a_member(client, periodical, member_contact):
    issue = _issue(periodical, 3, members_only=True)
    client.force_login(member_contact)  # member rights, not (yet) in the members' group
    response = client.get(issue.url)
    assert "会员全文3" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("publications:bulletin_pdf", args=[issue.pk])).status_code == 200

    grouped = UserFactory()
    grouped.groups.add(Group.objects.get(name=roles.MEMBERS))
    client.force_login(grouped)
    assert "会员全文3" in client.get(issue.url).content.decode()


def test_unticking_members_only_lifts_the_restriction(client, periodical):
    issue = _issue(periodical, 2, members_only=True)
    issue.members_only = False
    issue.save_revision().publish()
    assert not issue.get_view_restrictions().exists()
    assert "会员全文2" in client.get(issue.url).content.decode()


def test_periodical_lists_issues_in_fixed_queries(
    client, periodical, django_assert_max_num_queries
):
    _issue(periodical, 1)
    _issue(periodical, 2, members_only=True)
    client.get(periodical.url)
    with django_assert_max_num_queries(30) as few:
        html = client.get(periodical.url + "?x=1").content.decode()
    assert "2024年第2期" in html and "Members only" in html or "会员专享" in html
    for number in range(3, 9):
        _issue(periodical, number)
    client.get(periodical.url + "?x=2")
    with django_assert_max_num_queries(30) as many:
        client.get(periodical.url + "?x=3")
    assert len(many.captured_queries) == len(few.captured_queries)


def test_unknown_pdf_is_not_found(client):
    assert client.get(reverse("publications:bulletin_pdf", args=[999999])).status_code == 404
