"""The ISWA column in Chinese and English, linked by Wagtail's translations."""

import pytest
from wagtail.models import Locale

from publications.models import IswaArticlePage, IswaIndexPage
from tests.publications import factories
from website.core.demo import ensure_english_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(home):
    ensure_english_home(home)
    index = factories.publish(home, IswaIndexPage(title="ISWA专栏", slug="iswa"))
    article = factories.publish(
        index,
        IswaArticlePage(
            title="国际固体废物协会关注废物领域气候行动",
            slug="climate",
            iswa_source="ISWA",
            source_url="https://www.iswa.org/",
            summary="ISWA呼吁减少填埋场甲烷排放。",
            body=[("paragraph", "<p>填埋场是甲烷排放的重要来源。</p>")],
        ),
    )
    english = Locale.objects.get(language_code="en")
    translated_index = index.copy_for_translation(english, copy_parents=True)
    translated_index.title = "ISWA column"
    translated_index.save_revision().publish()
    translation = article.copy_for_translation(english)
    translation.title = "ISWA puts climate action on the agenda"
    translation.summary = "ISWA calls for cutting landfill methane."
    translation.body = [("paragraph", "<p>Landfills are a major source of methane.</p>")]
    translation.save_revision().publish()
    return article


def test_chinese_article_links_to_its_english_translation(client, article):
    html = client.get(article.url).content.decode()
    assert "填埋场是甲烷排放的重要来源" in html
    assert 'href="/en/iswa/climate/"' in html
    assert 'hreflang="en"' in html
    assert "ISWA" in html and "https://www.iswa.org/" in html


def test_english_article_and_column(client, article):
    response = client.get("/en/iswa/climate/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Landfills are a major source of methane." in html
    assert "Source: <a" in html and "Source：" not in html
    assert 'href="/iswa/climate/"' in html
    column = client.get("/en/iswa/").content.decode()
    assert "ISWA puts climate action on the agenda" in column
    assert "国际固体废物协会关注" not in column


def test_english_home_shows_the_english_iswa_articles(client, article):
    html = client.get("/en/").content.decode()
    assert "ISWA puts climate action on the agenda" in html
