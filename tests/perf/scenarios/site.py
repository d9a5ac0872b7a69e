"""The website itself: home page, a content page deep in a large page tree, search.

Data: a 资料库 (library) section under the home page with 50 topics of 100 articles each,
5,000 StandardPages of Chinese text, built in bulk (tests/perf/data.py).
"""

from __future__ import annotations

import random
from urllib.parse import quote

from tests.perf.scenarios import Context
from tests.perf.workloads import Workload

ORDER = 0
TOPICS = 50
ARTICLES_PER_TOPIC = 100
LIBRARY_SLUG = "library"
SEARCH_QUERY = "焚烧"


def _home():
    from website.core.models import HomePage

    return HomePage.objects.get(locale__language_code="zh-hans")


def prepare(ctx: Context) -> None:
    from tests.perf.data import article_fields, bulk_create_pages
    from website.core.demo import ensure_page
    from website.core.models import StandardPage

    home = _home()
    library = ensure_page(
        home,
        StandardPage,
        LIBRARY_SLUG,
        title="行业资料库",
        introduction="各地环卫工作经验、调研报告和技术资料汇编。",
    )
    topics = max(1, round(TOPICS * min(ctx.scale, 1.0)))
    per_topic = ctx.size(ARTICLES_PER_TOPIC * TOPICS) // topics
    created = 0
    for number in range(1, topics + 1):
        topic = ensure_page(
            library,
            StandardPage,
            f"topic-{number:02d}",
            title=f"专题资料（{number:02d}）",
            introduction="本专题收录相关地区和单位的工作资料。",
        )
        have = topic.get_children().count()
        if have >= per_topic:
            continue
        rng = random.Random(number)  # noqa: S311 - same text on every machine
        rows = []
        for index in range(have + 1, per_topic + 1):
            row = article_fields(rng)
            row["slug"] = f"article-{index:03d}"
            rows.append(row)
        created += len(bulk_create_pages(topic, StandardPage, rows))
    if created:
        ctx.log(f"site: created {created} library articles")


def workloads(ctx: Context) -> list[Workload]:
    from website.core.models import StandardPage

    library = _home().get_children().get(slug=LIBRARY_SLUG)
    # A leaf article halfway through the tree: a real page among thousands of siblings.
    article = (
        StandardPage.objects.descendant_of(library)
        .filter(depth=library.depth + 2, slug="article-050")
        .live()
        .order_by("path")
        .first()
    ) or StandardPage.objects.descendant_of(library).live().order_by("-path").first()
    return [
        # The anchor: what stock Wagtail costs for a page on the same server and settings.
        Workload("stock Wagtail page (anchor)", "/__bench__/wagtail", public_page=False),
        Workload("home page", "/"),
        Workload("content page", article.get_url()),
        Workload("search", f"/search/?q={quote(SEARCH_QUERY)}"),
    ]
