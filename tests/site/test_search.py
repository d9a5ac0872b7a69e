"""Site search: Chinese segmentation, ranking, snippets, and the /search/ page."""

import json
from io import StringIO
from itertools import count

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from website.core.models import FormPage, StandardPage
from website.search.highlight import snippet, terms_pattern
from website.search.segment import index_text, query_terms

pytestmark = pytest.mark.django_db

_slugs = count()


def add_page(parent, title, *, intro="", body="", model=StandardPage, publish=True):
    """A child page with an introduction and one rich-text paragraph, published by default."""
    fields = {"introduction": intro, "body": json.dumps([{"type": "paragraph", "value": body}])}
    if model is FormPage:
        fields = {"intro": body}
    page = model(title=title, slug=f"page-{next(_slugs)}", live=False, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def search_titles(query, **kwargs):
    return [page.title for page in Page.objects.live().specific().search(query, **kwargs)]


@pytest.fixture
def plant(site_home):
    return add_page(
        site_home,
        "项目介绍",
        intro="本市新建项目通过验收。",
        body="<p>该生活垃圾焚烧发电厂日处理能力3000吨，采用炉排炉工艺。</p>",
    )


# Segmentation


def test_index_text_keeps_every_word_inside_a_compound():
    tokens = index_text("生活垃圾焚烧发电厂").split()
    for word in ("生活", "垃圾", "焚烧", "发电厂", "发电", "电厂", "厂"):
        assert word in tokens


def test_query_terms_cut_chinese_and_drop_punctuation():
    assert query_terms("焚烧发电厂") == ["焚烧", "发电厂"]
    assert query_terms("餐厨垃圾，垃圾分类！") == ["餐厨垃圾", "垃圾分类"]
    assert query_terms('Waste "plants"') == ["Waste", "plants"]
    assert query_terms("！？…【】") == []
    assert query_terms("的") == ["的"]  # a function word alone is still searched for


# The backend on the current database (SQLite FTS5 or PostgreSQL)


@pytest.mark.parametrize(
    "query", ["焚烧", "发电厂", "垃圾焚烧", "生活垃圾焚烧发电厂", "焚烧 3000吨"]
)
def test_a_word_inside_a_chinese_sentence_finds_the_page(plant, query):
    assert search_titles(query) == ["项目介绍"]


def test_words_absent_from_the_page_do_not_match(plant):
    assert search_titles("填埋场") == []
    assert search_titles("焚烧 填埋场") == []  # every word must occur


def test_english_words_are_found(site_home):
    add_page(site_home, "ISWA column", body="<p>Waste-to-energy plants in Shanghai.</p>")
    assert search_titles("Shanghai") == ["ISWA column"]
    assert search_titles("shanghai plants") == ["ISWA column"]
    assert search_titles("Beijing") == []


def test_scores_and_unranked_searches(site_home, plant):
    add_page(site_home, "焚烧厂运行", body="<p>运行管理。</p>")
    ranked = Page.objects.live().search("焚烧").annotate_score("_score")
    assert [(p.title, isinstance(p._score, float)) for p in ranked] == [
        ("焚烧厂运行", True),
        ("项目介绍", True),
    ]
    unranked = Page.objects.live().order_by("title").search("焚烧", order_by_relevance=False)
    assert sorted(p.title for p in unranked) == ["焚烧厂运行", "项目介绍"]


def test_autocomplete_as_used_by_the_admin_understands_chinese(plant):
    assert [p.title for p in Page.objects.autocomplete("项目")] == ["项目介绍"]


def test_title_match_ranks_above_body_matches(site_home):
    add_page(site_home, "行业动态", body="<p>" + "渗滤液处理达标排放。" * 8 + "</p>")
    add_page(site_home, "渗滤液处理技术指南", body="<p>介绍处理工艺。</p>")
    add_page(site_home, "年度报告", body="<p>全年完成渗滤液处理。</p>")
    assert search_titles("渗滤液")[0] == "渗滤液处理技术指南"


def test_unpublished_draft_and_private_pages_are_not_found(client, site_home, plant):
    add_page(site_home, "焚烧草稿", body="<p>焚烧</p>", publish=False)
    withdrawn = add_page(site_home, "焚烧旧闻", body="<p>焚烧</p>")
    withdrawn.unpublish()
    private = add_page(site_home, "焚烧会员专区", body="<p>焚烧</p>")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    response = client.get("/search/", {"q": "焚烧"})

    assert [result.page.title for result in response.context["results"]] == ["项目介绍"]


def test_republished_page_is_reindexed(plant):
    plant.introduction = "改为餐厨垃圾资源化项目。"
    plant.body = json.dumps([{"type": "paragraph", "value": "<p>厌氧消化。</p>"}])
    plant.save_revision().publish()
    assert search_titles("餐厨垃圾") == ["项目介绍"]
    assert search_titles("焚烧") == []


def test_update_index_rebuilds_the_index(plant):
    call_command("update_index", stdout=StringIO())
    assert search_titles("发电厂") == ["项目介绍"]


# Snippets


def test_snippet_marks_terms_and_escapes_html():
    pattern = terms_pattern(["焚烧"])
    text = "<b>前言</b> & " + "说明" * 100 + "生活垃圾焚烧发电" + "结语" * 100
    html = snippet(text, pattern)
    assert "<mark>焚烧</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert 100 <= len(html.replace("<mark>", "").replace("</mark>", "")) <= 125
    assert "<b>" not in snippet("<b>前言</b> 焚烧", pattern)
    assert "&lt;b&gt;前言&lt;/b&gt;" in snippet("<b>前言</b> 焚烧", pattern)


def test_snippet_marks_whole_english_words():
    html = snippet("Two waste-to-energy plants opened.", terms_pattern(["plant"]))
    assert html == "Two waste-to-energy <mark>plants</mark> opened."


# The search page


def test_search_page_shows_count_highlighted_title_and_snippet(client, site_home, plant):
    add_page(site_home, "<i>焚烧</i>厂运行指南", intro="<script>alert(1)</script>焚烧厂")

    response = client.get("/search/", {"q": "焚烧"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "2 条结果" in content
    assert "生活垃圾<mark>焚烧</mark>发电厂" in content
    assert "&lt;i&gt;<mark>焚烧</mark>&lt;/i&gt;厂运行指南" in content
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert 'href="/page-' in content


def test_search_page_in_english(client, site_home, plant):
    response = client.get("/en/search/", {"q": "发电厂"})
    assert response.status_code == 200
    assert "1 result for" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "搜索"),
        ("   ", "搜索"),
        ("!!! ？？", "请输入要搜索的词语"),
        ('"焚烧" (*', "生活垃圾<mark>焚烧</mark>发电厂"),
        ("焚烧\x00\x07", "生活垃圾<mark>焚烧</mark>发电厂"),
        ("' OR 1=1 --", "没有找到"),
        ("焚烧" * 200, "只使用了搜索内容的前 100 个字符"),
    ],
)
def test_odd_queries_get_a_page_not_an_error(client, plant, query, expected):
    response = client.get("/search/", {"q": query, "page": "x", "section": "no"})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_search_can_be_narrowed_to_a_section(client, site_home):
    about = add_page(site_home, "关于协会")
    add_page(about, "协会章程", body="<p>会员单位应当遵守章程。</p>")
    add_page(site_home, "会员服务", body="<p>会员单位名录。</p>")

    everywhere = client.get("/search/", {"q": "会员单位"})
    in_about = client.get("/search/", {"q": "会员单位", "section": about.pk})

    assert len(everywhere.context["results"]) == 2
    assert [r.page.title for r in in_about.context["results"]] == ["协会章程"]
    assert in_about.context["results"][0].section == "关于协会"


def test_results_are_paginated_in_constant_queries(client, site_home, settings):
    """A page of 2 results and a page of 10 cost the same queries (growth, not a ceiling)."""
    settings.PAGE_CACHE_SECONDS = 0  # measure the view, not the page cache

    def add_notices(numbers) -> None:
        for number in numbers:
            model = FormPage if number % 3 == 0 else StandardPage
            add_page(
                site_home,
                f"第{number}号通知",
                body=f"<p>关于垃圾分类工作的第{number}号通知。</p>",
                model=model,
            )

    def queries(**params) -> tuple[int, int]:
        """Queries of the search rendered afresh (nothing kept), then of the same again."""
        cache.clear()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                client.get("/search/", {"q": "垃圾分类", **params})
            counts.append(len(captured.captured_queries))
        return counts[0], counts[1]

    add_notices(range(3))  # a FormPage and two StandardPages: both page types from the start
    client.get("/search/", {"q": "垃圾分类"})  # warm up per-process caches (site, settings)
    few = queries()
    add_notices(range(3, 25))
    assert queries() == few
    assert queries(page=3) == few
    cold, kept = few
    assert kept < cold  # the rendered results are kept: no count, rows or sections read

    first = client.get("/search/", {"q": "垃圾分类"})
    last = client.get("/search/", {"q": "垃圾分类", "page": 3})

    assert first.context["page_obj"].paginator.count == 25
    assert len(first.context["results"]) == 10
    assert len(last.context["results"]) == 5
    assert {type(r.page) for r in first.context["results"]} == {FormPage, StandardPage}
    assert "page=2" in first.content.decode()


def test_search_page_is_cached_for_anonymous_visitors(client, plant):
    client.get("/")  # the first request creates the site settings, which empties the cache
    first = client.get("/search/", {"q": "焚烧"})
    second = client.get("/search/", {"q": "焚烧"})
    assert not first.cookies
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
