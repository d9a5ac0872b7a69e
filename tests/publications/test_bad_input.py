"""Whatever a visitor types into the query string, every public list answers normally and
shows nothing of it unescaped."""

import datetime

import pytest

from publications.models import (
    BulletinIndexPage,
    IswaIndexPage,
    NewsSection,
    PolicyDocumentPage,
    PolicyIndexPage,
    StandardIndexPage,
)
from tests.publications import factories

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
QUERIES = [
    "?page=abc",
    "?page=0",
    "?page=-1",
    "?page=99999999999999999999",
    "?year=xyz",
    "?year=1e9",
    "?year=%00",
    "?tag=" + SCRIPT,
    "?tag=%00",
    "?section=" + SCRIPT,
    "?q=" + SCRIPT,
    "?q=%00",
    "?status=" + SCRIPT + "&category=x&ordering=-evil",
    "?page=2&page=x&year=2024&year=y",
]


@pytest.fixture
def lists(home, sections):
    factories.news(sections[NewsSection.NOTICES], tags=["会费"])
    library = factories.publish(home, PolicyIndexPage(title="政策法规", slug="policies"))
    factories.publish(
        library,
        PolicyDocumentPage(
            title="城市生活垃圾管理办法",
            slug="measures",
            issuing_body="建设部",
            category="departmental_rule",
            issued_on=datetime.date(2007, 4, 28),
        ),
    )
    factories.publish(home, StandardIndexPage(title="团体标准", slug="standards"))
    factories.publish(home, IswaIndexPage(title="ISWA专栏", slug="iswa"))
    factories.publish(home, BulletinIndexPage(title="中国环卫", slug="bulletin"))
    return [
        "/news/",
        "/news/notices/",
        "/news/feed/",
        "/news/notices/feed/atom/",
        "/policies/",
        "/standards/",
        "/iswa/",
        "/bulletin/",
        "/search/",
    ]


@pytest.mark.parametrize("query", QUERIES)
def test_lists_answer_any_query(client, lists, query):
    for url in lists:
        response = client.get(url + query)
        assert response.status_code == 200, url + query
        assert SCRIPT not in response.content.decode(), url + query
