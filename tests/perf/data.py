"""Building large data sets fast, for the scenarios' prepare() functions.

Wagtail's `add_child()` + `save_revision().publish()` costs tens of queries per page, which
is minutes for ten thousand pages. `bulk_create_pages` writes the tree rows directly
(treebeard paths computed here), inserts the specific table with one multi-row statement per
chunk and indexes the new pages for search. The pages are live and published, without
revisions, which is what the public site reads.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

CHUNK = 500

CITIES = [
    "北京市",
    "上海市",
    "天津市",
    "重庆市",
    "广州市",
    "深圳市",
    "杭州市",
    "南京市",
    "苏州市",
    "成都市",
    "武汉市",
    "西安市",
    "长沙市",
    "郑州市",
    "济南市",
    "青岛市",
    "厦门市",
    "福州市",
    "合肥市",
    "南昌市",
    "昆明市",
    "贵阳市",
    "南宁市",
    "海口市",
    "沈阳市",
    "大连市",
    "长春市",
    "哈尔滨市",
    "石家庄市",
    "太原市",
    "呼和浩特市",
    "兰州市",
    "西宁市",
    "银川市",
    "乌鲁木齐市",
]
SUBJECTS = [
    "生活垃圾分类",
    "道路清扫保洁",
    "垃圾收运体系",
    "生活垃圾焚烧发电",
    "卫生填埋场封场",
    "餐厨垃圾资源化",
    "厨余垃圾处理",
    "公厕建设管理",
    "环卫装备更新",
    "智慧环卫平台",
    "建筑垃圾治理",
    "渗滤液处理",
    "飞灰安全处置",
    "环卫作业市场化",
    "农村生活垃圾治理",
    "新能源环卫车辆",
    "再生资源回收",
    "大件垃圾拆解",
    "园林绿化垃圾利用",
    "环卫工人职业健康",
]
KINDS = [
    "工作经验交流",
    "调研报告",
    "技术指南解读",
    "典型案例",
    "运行管理实践",
    "专题研讨会综述",
    "标准宣贯",
    "年度进展",
    "问题与对策",
    "试点总结",
]
SENTENCES = [
    "{city}围绕{subject}，建立了覆盖全市的长效管理机制。",
    "近年来，{subject}工作坚持政府推动、全民参与、市场运作、城乡统筹的原则。",
    "据统计，{city}生活垃圾日均清运量已超过{n}吨，无害化处理率保持在百分之百。",
    "项目采用机械炉排炉焚烧工艺，设计处理规模为每日{n}吨，配套余热发电机组。",
    "各区按照“一区一策”的要求，细化{subject}的作业标准和考核办法。",
    "协会组织专家赴现场调研，听取运营单位关于{subject}的情况介绍。",
    "下一步，将继续推进{subject}与智慧城市建设的深度融合，提升精细化管理水平。",
    "会议指出，环卫行业要坚持问题导向，补齐设施短板，完善收费和补偿机制。",
    "运营单位建立了覆盖收集、运输、处理全过程的台账制度，实现数据可追溯。",
    "渗滤液经预处理、生化处理和膜深度处理后达标排放，飞灰经稳定化后安全填埋。",
    "环卫作业人员实行网格化管理，道路机械化清扫率提高到百分之{pct}。",
    "通过引入第三方考核，{city}{subject}服务质量和群众满意度明显提升。",
]


def chinese_text(rng: random.Random, *, sentences: int, city: str, subject: str) -> str:
    parts = [
        rng.choice(SENTENCES).format(
            city=city, subject=subject, n=rng.randrange(300, 6000, 50), pct=rng.randrange(70, 99)
        )
        for _ in range(sentences)
    ]
    return "".join(parts)


def body_blocks(
    rng: random.Random,
    headings: tuple[str, ...],
    *,
    city: str,
    subject: str,
    sentences: tuple[int, int],
    paragraphs: tuple[int, int],
) -> list[dict]:
    """Raw StreamField data: each heading followed by a few paragraphs of Chinese text."""
    body = []
    for heading in headings:
        body.append(
            {"type": "heading", "value": heading, "id": str(uuid.UUID(int=rng.getrandbits(128)))}
        )
        text = "".join(
            f"<p>{chinese_text(rng, sentences=rng.randint(*sentences), city=city, subject=subject)}</p>"
            for _ in range(rng.randint(*paragraphs))
        )
        body.append(
            {"type": "paragraph", "value": text, "id": str(uuid.UUID(int=rng.getrandbits(128)))}
        )
    return body


def article_fields(rng: random.Random) -> dict[str, Any]:
    """Title, introduction and a StreamField body of believable Chinese text."""
    city, subject, kind = rng.choice(CITIES), rng.choice(SUBJECTS), rng.choice(KINDS)
    body = body_blocks(
        rng,
        ("基本情况", "主要做法", "成效与经验"),
        city=city,
        subject=subject,
        sentences=(3, 6),
        paragraphs=(1, 3),
    )
    return {
        "title": f"{city}{subject}{kind}",
        "introduction": chinese_text(rng, sentences=2, city=city, subject=subject),
        "body": body,
    }


def _specific_columns(model: type[Page]) -> list[Any]:
    """The model's own columns below Page (its parent link included)."""
    fields = []
    for parent in reversed(model._meta.get_parent_list()):
        if parent is Page or not issubclass(parent, Page):
            continue
        fields += parent._meta.local_concrete_fields
    return fields + list(model._meta.local_concrete_fields)


@transaction.atomic
def bulk_create_pages(
    parent: Page, model: type[Page], rows: Iterable[dict[str, Any]], *, index: bool = True
) -> list[int]:
    """Append live pages of `model` under `parent`; each row gives title, slug and fields.

    Returns the new pages' ids. The caller keeps slugs unique among the parent's children.
    """
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    own_columns = _specific_columns(model)
    created: list[int] = []
    numchild = parent.numchild
    last_child = parent.get_last_child()
    next_step = (int(last_child.path[-Page.steplen :], 36) + 1) if last_child else 1
    rows = list(rows)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        pages = []
        for offset, row in enumerate(chunk):
            slug = row["slug"]
            pages.append(
                Page(
                    path=Page._get_path(parent.path, parent.depth + 1, next_step + start + offset),
                    depth=parent.depth + 1,
                    numchild=0,
                    title=row["title"],
                    draft_title=row["title"],
                    slug=slug,
                    url_path=f"{parent.url_path}{slug}/",
                    content_type=content_type,
                    locale_id=parent.locale_id,
                    translation_key=uuid.uuid4(),
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    seo_title="",
                    search_description=row.get("search_description", ""),
                )
            )
        Page.objects.bulk_create(pages)
        values = []
        for page, row in zip(pages, chunk, strict=True):
            instance = model(page_ptr_id=page.pk)
            for field in own_columns:
                if field.attname in row:
                    setattr(instance, field.attname, row[field.attname])
                elif field.name in row:
                    setattr(instance, field.name, row[field.name])
            for field in own_columns:
                if field.primary_key or field.remote_field and field.remote_field.parent_link:
                    values.append(page.pk)
                else:
                    values.append(
                        field.get_db_prep_save(field.pre_save(instance, True), connection)
                    )
        _insert(model, own_columns, values, len(chunk))
        created += [page.pk for page in pages]
        numchild += len(chunk)
    Page.objects.filter(pk=parent.pk).update(numchild=numchild)
    if index and created:
        index_pages(model, created)
    return created


def _insert(model: type[Page], fields: list[Any], values: list[Any], count: int) -> None:
    # Several tables when the model inherits from another page model; one table is the rule.
    tables: dict[str, list[int]] = {}
    for position, field in enumerate(fields):
        tables.setdefault(field.model._meta.db_table, []).append(position)
    width = len(fields)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, positions in tables.items():
            columns = ", ".join(quote(fields[p].column) for p in positions)
            placeholders = "(" + ", ".join(["%s"] * len(positions)) + ")"
            sql = f"INSERT INTO {quote(table)} ({columns}) VALUES " + ", ".join(  # noqa: S608
                [placeholders] * count
            )
            params = [values[row * width + p] for row in range(count) for p in positions]
            cursor.execute(sql, params)


def index_pages(model: type[Page], ids: list[int]) -> None:
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    search_index = backend.get_index_for_model(model)
    for start in range(0, len(ids), CHUNK):
        objects = list(model.objects.filter(pk__in=ids[start : start + CHUNK]))
        search_index.add_items(model, objects)


def logged_in_headers(user) -> dict[str, str]:
    """Headers that make requests come from `user`: a session cookie and a CSRF token.

    For workloads of logged-in users (a POST by each of 50 buyers, say): the session is
    stored through the configured engine, so every gunicorn worker finds it. Send the
    token as the form's csrfmiddlewaretoken or in the X-CSRFToken header.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    token = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={token}",
        "X-CSRFToken": token,
    }
