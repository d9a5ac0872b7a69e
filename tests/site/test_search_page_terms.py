"""PostgreSQL search reads the page-term table: same matches and one-word ranking as
modelsearch's tsvector scan, rows that follow the pages, and modelsearch for the rest."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.query import Phrase
from wagtail.models import Page

from tests.site.test_search import add_page
from website.search.backends import postgres as backend
from website.search.models import PageTerm

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the page-term table is PostgreSQL's"
    ),
]


def ranked(query, **kwargs):
    results = Page.objects.live().search(query, **kwargs).annotate_score("_score")
    return [(page.title, page._score) for page in results]


@pytest.fixture
def modelsearch_only(monkeypatch):
    """Searches answered by modelsearch's own compiler (the tsvector scan), for comparison."""

    def use_modelsearch():
        monkeypatch.setattr(
            backend.PostgresSearchQueryCompiler, "page_term_words", lambda self, config: None
        )

    return use_modelsearch


@pytest.fixture
def corpus(site_home):
    add_page(site_home, "渗滤液处理技术指南", intro="渗滤液", body="<p>介绍渗滤液处理工艺。</p>")
    add_page(site_home, "行业动态", body="<p>" + "渗滤液处理达标排放。" * 8 + "</p>")
    add_page(site_home, "年度报告", intro="全年工作", body="<p>全年完成渗滤液处理，焚烧发电。</p>")
    add_page(site_home, "焚烧发电厂运行", body="<p>炉排炉运行稳定，渗滤液回喷。</p>")
    add_page(site_home, "Waste to energy", body="<p>Plants treating leachate and waste.</p>")
    add_page(site_home, "无关页面", body="<p>道路清扫保洁。</p>")
    return site_home


def test_a_search_of_pages_reads_the_page_term_table_not_the_tsvectors(corpus):
    with CaptureQueriesContext(connection) as queries:
        assert [title for title, _ in ranked("焚烧")]
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "site_search_pageterm" in sql
    assert "wagtailsearch_indexentry" not in sql


@pytest.mark.parametrize("query", ["渗滤液", "焚烧", "处理", "waste", "plants", "清扫"])
def test_one_word_finds_and_ranks_pages_exactly_as_modelsearch(corpus, modelsearch_only, query):
    ours = ranked(query)
    modelsearch_only()
    theirs = ranked(query)

    assert [title for title, _ in ours] == [title for title, _ in theirs]
    assert [score for _, score in ours] == pytest.approx([score for _, score in theirs], rel=1e-5)


@pytest.mark.parametrize("query", ["渗滤液 焚烧", "处理 发电", "waste plants", "焚烧 填埋"])
def test_several_words_match_the_same_pages_as_modelsearch(corpus, modelsearch_only, query):
    ours = {title for title, _ in ranked(query)}
    ours_any = {title for title, _ in ranked(query, operator="or")}
    modelsearch_only()

    assert ours == {title for title, _ in ranked(query)}
    assert ours_any == {title for title, _ in ranked(query, operator="or")}


def test_several_words_rank_pages_holding_them_more_often_first(corpus):
    titles = [title for title, _ in ranked("渗滤液 处理")]
    assert titles[0] == "渗滤液处理技术指南"  # both words in the title
    assert set(titles) == {"渗滤液处理技术指南", "行业动态", "年度报告"}


def test_a_page_counts_once_and_pages_of_results_do_not_overlap(corpus):
    results = Page.objects.live().search("渗滤液")
    assert results.count() == 4
    first, second = list(results[:2]), list(results[2:4])
    assert len({page.pk for page in first + second}) == 4


def test_stop_words_alone_find_nothing_without_an_error(corpus):
    assert ranked("the") == []
    assert ranked("the of") == []
    assert [title for title, _ in ranked("the waste")] == ["Waste to energy"]


def test_phrases_and_field_searches_are_left_to_modelsearch(corpus):
    with CaptureQueriesContext(connection) as queries:
        assert [p.title for p in Page.objects.live().search(Phrase("waste"))]
    assert "wagtailsearch_indexentry" in " ".join(q["sql"] for q in queries.captured_queries)


def test_the_rows_follow_the_page_when_it_is_edited_and_deleted(site_home):
    page = add_page(site_home, "项目介绍", body="<p>焚烧发电厂。</p>")
    assert PageTerm.objects.filter(page_id=page.pk, term="焚烧").exists()

    page = page.specific
    page.body = '[{"type": "paragraph", "value": "<p>餐厨垃圾。</p>"}]'
    page.save_revision().publish()
    assert not PageTerm.objects.filter(page_id=page.pk, term="焚烧").exists()
    assert PageTerm.objects.filter(page_id=page.pk, term="餐厨").exists()
    assert [title for title, _ in ranked("餐厨")] == ["项目介绍"]

    pk = page.pk
    page.delete()
    assert not PageTerm.objects.filter(page_id=pk).exists()


def test_update_index_rebuilds_the_rows(corpus):
    before = set(PageTerm.objects.values_list("page_id", "term", "score"))
    PageTerm.objects.all().delete()
    assert ranked("渗滤液") == []

    call_command("update_index", stdout=StringIO())

    after = set(PageTerm.objects.values_list("page_id", "term"))
    assert {(page, term) for page, term, _ in before} <= after
    assert len(ranked("渗滤液")) == 4
