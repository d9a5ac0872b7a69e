"""News centre with 10,000 news pages: the index's first page, a deep page, filters by section,
year and tag, a news page and the RSS feed.

Data: 10,000 live NewsPages of Chinese text spread over the demo's sections (协会动态,
通知公告, 行业资讯, 会员动态 and the branches' news), ten years of dates, one or two of 20 tags
each and a featured image on two in five (eight shared pictures), built in bulk
(tests/perf/data.py). Every page stays at a fixed number of queries whatever the number of
news (tests/publications/test_news_query_counts.py counts them).
"""

from __future__ import annotations

import datetime
import random
from urllib.parse import quote

from tests.perf.scenarios import Context
from tests.perf.workloads import Workload

ORDER = 50
NEWS = 10_000
SLUG_PREFIX = "bench-"
IMAGES = 8
YEARS = 10
DEEP_PAGE = 200
# The share of the news each section gets; the branches' share is split between their indexes.
WEIGHTS = {"association": 0.3, "notices": 0.2, "industry": 0.3, "members": 0.1, "branch": 0.1}
TAGS = [
    "垃圾分类",
    "焚烧发电",
    "道路清扫",
    "智慧环卫",
    "市场化",
    "环卫装备",
    "新能源",
    "餐厨垃圾",
    "公厕革命",
    "标准化",
    "培训",
    "信用评价",
    "等级评价",
    "干净城市",
    "环卫工人",
    "农村环境",
    "建筑垃圾",
    "再生资源",
    "国际交流",
    "年会",
]
MEMBER_COMPANIES = [
    "绿源环境服务有限公司",
    "洁城环卫科技股份有限公司",
    "清源城市服务集团有限公司",
    "蓝天环保工程有限公司",
    "恒清环境能源有限公司",
    "中环装备制造有限公司",
]
TITLES = {
    "association": [
        "协会{subject}专业委员会在{city}召开年度工作会议",
        "协会赴{city}开展{subject}专题调研",
        "协会举办{subject}技术交流会",
        "协会领导走访{city}环卫一线",
    ],
    "notices": [
        "关于开展{year}年度{subject}工作的通知",
        "关于举办{subject}培训班的通知",
        "关于征集{subject}典型案例的通知",
        "关于{year}年度{subject}评价结果的公示",
    ],
    "industry": [
        "{city}出台{subject}实施方案",
        "{city}{subject}工作取得新进展",
        "{city}召开{subject}推进会",
        "{city}{subject}项目建成投运",
    ],
    "members": [
        "{company}中标{city}{subject}项目",
        "{company}开展{subject}岗位练兵",
        "{company}{subject}经验获推广",
    ],
    "branch": [
        "{branch}召开{subject}研讨会",
        "{branch}赴{city}开展{subject}调研",
        "{branch}举办{subject}培训",
    ],
}


def _centre():
    from publications.models import NewsIndexPage, NewsSection

    return NewsIndexPage.objects.get(
        section=NewsSection.ALL, slug="news", locale__language_code="zh-hans"
    )


def _targets(centre, wanted: int) -> list[tuple[object, int]]:
    """Each section index with the number of bench news it should hold (summing to wanted)."""
    from publications.models import NewsIndexPage, NewsSection

    indexes = list(
        NewsIndexPage.objects.descendant_of(centre.get_parent())
        .filter(locale_id=centre.locale_id)
        .exclude(section=NewsSection.ALL)
        .order_by("path")
    )
    weights: list[tuple[object, float]] = []
    branches = [index for index in indexes if index.section == NewsSection.BRANCH]
    for index in indexes:
        if index.section == NewsSection.BRANCH:
            weights.append((index, WEIGHTS["branch"] / len(branches)))
        elif index.get_parent().pk == centre.pk and index.section in WEIGHTS:
            weights.append((index, WEIGHTS[index.section]))
    total = sum(weight for _, weight in weights)
    shares = [(index, wanted * weight / total) for index, weight in weights]
    counts = [int(share) for _, share in shares]
    # Largest remainders take the rows rounding left over, so the counts sum to `wanted`.
    order = sorted(range(len(shares)), key=lambda n: shares[n][1] - counts[n], reverse=True)
    for n in order[: wanted - sum(counts)]:
        counts[n] += 1
    return [(index, count) for (index, _), count in zip(shares, counts, strict=True)]


def _images() -> list[int]:
    from publications.demo.media import demo_image

    return [demo_image(f"新闻配图（{number}）", label="").pk for number in range(1, IMAGES + 1)]


def _body(rng: random.Random, city: str, subject: str) -> list[dict]:
    from tests.perf.data import body_blocks

    return body_blocks(
        rng,
        ("基本情况", "主要做法", "下一步工作"),
        city=city,
        subject=subject,
        sentences=(3, 5),
        paragraphs=(1, 2),
    )


def _row(
    index, branch: str, number: int, images: list[int], today: datetime.date
) -> tuple[dict, list[str]]:
    """One news item of `index` (same text on every machine) and its tags."""
    from tests.perf.data import CITIES, SUBJECTS, chinese_text

    section = index.section
    # Seeded by the section's path, not its id: the same text on every machine and database
    # (ids differ between databases and between test orders).
    rng = random.Random(f"{index.url_path}-{number}")  # noqa: S311 - reproducible
    city, subject = rng.choice(CITIES), rng.choice(SUBJECTS)
    date = today - datetime.timedelta(days=rng.randrange(0, YEARS * 365))
    title = rng.choice(TITLES[section]).format(
        city=city,
        subject=subject,
        year=date.year,
        company=rng.choice(MEMBER_COMPANIES),
        branch=branch,
    )
    row = {
        "title": title,
        "slug": f"{SLUG_PREFIX}{number:05d}",
        "date": date,
        "summary": chinese_text(rng, sentences=2, city=city, subject=subject)[:300],
        "body": _body(rng, city, subject),
        "source": {
            "association": "协会秘书处",
            "notices": "中国城市环境卫生协会",
            "industry": f"{city}城市管理局",
            "members": "会员单位报送",
            "branch": branch,
        }[section],
        "author": "信息宣传部" if section == "association" else "",
        "document_number": (
            f"中环卫〔{date.year}〕{rng.randint(1, 60)}号" if section == "notices" else ""
        ),
        # Two in five, the first of each section among them, so every list shows pictures.
        "featured_image_id": images[number % len(images)] if number % 5 in (1, 3) else None,
    }
    tags = rng.sample(TAGS, rng.choice((1, 1, 2, 2, 3)))
    return row, tags


def prepare(ctx: Context) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from taggit.models import Tag

    from publications.models import NewsPage, NewsPageTag
    from tests.perf.data import bulk_create_pages, index_pages

    centre = _centre()
    targets = _targets(centre, ctx.size(NEWS))
    have = {
        index.pk: NewsPage.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX).count()
        for index, _ in targets
    }
    if all(have[index.pk] >= count for index, count in targets):
        return
    images = _images()
    tag_ids = {}
    for name in TAGS:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        tag_ids[name] = tag.pk
    today = timezone.localdate()
    created = 0
    for index, count in targets:
        if have[index.pk] >= count:
            continue
        branch = index.get_parent().title if index.section == "branch" else ""
        rows, tags = [], []
        for number in range(have[index.pk] + 1, count + 1):
            row, row_tags = _row(index, branch, number, images, today)
            rows.append(row)
            tags.append(row_tags)
        with transaction.atomic():
            ids = bulk_create_pages(index, NewsPage, rows, index=False)
            NewsPageTag.objects.bulk_create(
                [
                    NewsPageTag(content_object_id=page_id, tag_id=tag_ids[name])
                    for page_id, names in zip(ids, tags, strict=True)
                    for name in names
                ],
                batch_size=2000,
            )
        index_pages(NewsPage, ids)  # after the tags, which the index holds too
        created += len(ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk loads leave the planner's statistics behind
    from website.core.cache import invalidate_page_cache

    invalidate_page_cache()
    ctx.log(f"publications: created {created} news pages")


def _busy_filter(index) -> tuple[int, str]:
    """The year with the most news of `index`, and that year's most used tag."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from publications.models import NewsPage, NewsPageTag

    news = NewsPage.objects.child_of(index).filter(slug__startswith=SLUG_PREFIX)
    busiest = (
        news.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .first()
    )
    year = busiest["year"] if busiest else 2024
    tag = (
        NewsPageTag.objects.filter(content_object__in=news.filter(date__year=year))
        .values("tag__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "tag__name")
        .values_list("tag__name", flat=True)
        .first()
    )
    return year, tag or TAGS[0]


def workloads(ctx: Context) -> list[Workload]:
    from publications.models import NewsIndexPage

    centre = _centre()
    news = centre.news()
    total = news.count()
    deep = max(1, min(DEEP_PAGE, -(-total // NewsIndexPage.PER_PAGE)))
    industry = NewsIndexPage.objects.child_of(centre).get(slug="industry")
    association = NewsIndexPage.objects.child_of(centre).get(slug="association")
    year, tag = _busy_filter(industry)
    # A bench item with a picture halfway down the centre's list, among thousands of others.
    pictured = news.filter(slug__startswith=SLUG_PREFIX, featured_image__isnull=False)
    item = pictured[pictured.count() // 2] if pictured.exists() else news.first()
    return [
        Workload("news centre, first page", centre.url),
        Workload("news centre, deep page", f"{centre.url}?page={deep}"),
        Workload("news centre, section + year", f"{centre.url}?section=industry&year={year}"),
        Workload("news section, year + tag", f"{industry.url}?year={year}&tag={quote(tag)}"),
        Workload("news section, first page", association.url),
        Workload("news page", item.url),
        Workload("news feed (RSS)", f"{centre.url}feed/"),
    ]
