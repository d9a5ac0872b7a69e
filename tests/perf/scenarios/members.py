"""Member directory with 100,000 member organizations: first page, a deep page, filters,
a Chinese name search and organization profiles.

Data: 100,000 organizations with valid credit codes, active memberships across the tiers
and one or two business categories each, inserted in batches of 5,000 (bulk_create).
"""

from __future__ import annotations

import random
from urllib.parse import quote

from tests.perf.scenarios import Context
from tests.perf.workloads import BROWSER_HEADERS, Workload

ORDER = 10
ORGANIZATIONS = 100_000
BATCH = 5_000
REGION = "659001"  # the bench's organizations share a region code of their own
NUMBER_PREFIX = "BENCH"
SEARCH_QUERY = "环保"

CITIES = [
    ("11", "北京"), ("31", "上海"), ("44", "广州"), ("44", "深圳"), ("33", "杭州"),
    ("32", "南京"), ("32", "苏州"), ("37", "青岛"), ("42", "武汉"), ("51", "成都"),
    ("50", "重庆"), ("61", "西安"), ("43", "长沙"), ("41", "郑州"), ("35", "厦门"),
    ("21", "沈阳"), ("23", "哈尔滨"), ("53", "昆明"), ("45", "南宁"), ("65", "乌鲁木齐"),
]  # fmt: skip
BRANDS = ["绿源", "清源", "洁城", "蓝天", "碧水", "中环", "华清", "康洁", "净美", "恒绿"]
KINDS = [
    ("环境卫生管理有限公司", ["street-cleaning", "collection"]),
    ("环保科技股份有限公司", ["smart", "sorting"]),
    ("环境能源有限公司", ["incineration"]),
    ("再生资源回收利用有限公司", ["recycling"]),
    ("环卫装备制造有限公司", ["equipment"]),
    ("城市服务集团有限公司", ["street-cleaning", "toilets"]),
]
TIERS = ["member"] * 6 + ["director"] * 3 + ["standing_director"]


def _credit_code(n: int) -> str:
    from members.validators import CHARSET, credit_code_check_character

    serial, value = "", n
    for _position in range(9):
        serial = CHARSET[value % 31] + serial
        value //= 31
    first17 = f"91{REGION}{serial}"
    return first17 + credit_code_check_character(first17)


def prepare(ctx: Context) -> None:
    from members.models import BusinessCategory, Membership, Organization

    wanted = ctx.size(ORGANIZATIONS)
    have = Membership.objects.filter(number__startswith=NUMBER_PREFIX).count()
    if have >= wanted:
        return
    categories = dict(BusinessCategory.objects.values_list("slug", "pk"))
    through = Organization.categories.through
    rng = random.Random(have)  # noqa: S311 - generated data, not security
    for start in range(have, wanted, BATCH):
        stop = min(start + BATCH, wanted)
        organizations, slugs = [], []
        for n in range(start, stop):
            province, city = CITIES[n % len(CITIES)]
            suffix, kind_categories = KINDS[(n // len(CITIES)) % len(KINDS)]
            organizations.append(
                Organization(
                    name=f"{city}{rng.choice(BRANDS)}{suffix}（{n + 1:06d}）",
                    short_name=f"{city}{rng.choice(BRANDS)}",
                    credit_code=_credit_code(n),
                    province=province,
                    city=f"{city}市",
                    profile="从事城市环境卫生相关业务。",
                )
            )
            slugs.append(kind_categories)
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
        if organizations[0].pk is None:  # SQLite without RETURNING: look the ids up
            ids = dict(
                Organization.objects.filter(
                    credit_code__in=[o.credit_code for o in organizations]
                ).values_list("credit_code", "pk")
            )
            for organization in organizations:
                organization.pk = ids[organization.credit_code]
        Membership.objects.bulk_create(
            [
                Membership(
                    number=f"{NUMBER_PREFIX}{n + 1:07d}",
                    organization=organization,
                    tier=rng.choice(TIERS),
                    status="active",
                )
                for n, organization in zip(range(start, stop), organizations, strict=True)
            ],
            batch_size=BATCH,
        )
        through.objects.bulk_create(
            [
                through(organization_id=organization.pk, businesscategory_id=categories[slug])
                for organization, names in zip(organizations, slugs, strict=True)
                for slug in names
                if slug in categories
            ],
            batch_size=BATCH,
        )
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh statistics, as a database in service would have: the planner picks hash joins.
        with connection.cursor() as cursor:
            for table in ("members_organization", "members_membership", through._meta.db_table):
                cursor.execute(f"ANALYZE {table}")  # noqa: S608 - fixed table names
    ctx.log(f"members: created {wanted - have} directory organizations")


def _profiles(count: int) -> list[str]:
    from members.models import Organization

    ids = list(
        Organization.objects.filter(membership__number__startswith=NUMBER_PREFIX)
        .order_by("pk")
        .values_list("pk", flat=True)[: count * 97 : 97]
    )
    return [f"/members/directory/{pk}/" for pk in ids]


def workloads(ctx: Context) -> list[Workload]:
    from tests.perf.loadgen import Request

    profiles = _profiles(64)

    def profile_requests(number: int) -> list[Request]:
        # Each connection cycles through its own eight profiles.
        mine = profiles[number * 8 : number * 8 + 8] or profiles
        return [Request(path, headers=BROWSER_HEADERS) for path in mine]

    return [
        Workload("directory, first page", "/members/directory/"),
        Workload("directory, page 2000", "/members/directory/?page=2000"),
        Workload("directory, province + tier", "/members/directory/?province=44&tier=director"),
        Workload("directory, category", "/members/directory/?category=incineration"),
        Workload("directory, name search", f"/members/directory/?q={quote(SEARCH_QUERY)}"),
        Workload("organization profiles", profile_requests),
    ]
