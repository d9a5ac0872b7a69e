"""Certificate register and verification with 10,000 certificates: register pages filtered by
grade, by province with a Chinese search and deep in the pagination, one certificate's
verification page, and the publicity list.

The data: 8,000 credit-rating and 2,000 plant-grading certificates of a bench organization
(believable Chinese names, every province and grade), bulk-inserted. Every page stays at a
fixed number of queries whatever the size (tests/certification/test_public.py counts them).
"""

from __future__ import annotations

import datetime
import random
from urllib.parse import quote

from tests.perf.scenarios import Context
from tests.perf.workloads import Workload

ORDER = 30
CERTIFICATES = 10_000
PLANT_SHARE = 0.2
PREFIX = "BENCH"
CHUNK = 1000

BRANDS = [
    "绿源",
    "洁城",
    "清源",
    "蓝天",
    "碧水",
    "恒清",
    "城洁",
    "净美",
    "鑫环",
    "卓越",
    "康洁",
    "嘉禾",
]
COMPANIES = ["环境服务有限公司", "环卫科技股份有限公司", "城市服务集团有限公司", "环保工程有限公司"]
PLANTS = ["生活垃圾焚烧发电厂", "再生能源利用中心", "环保能源发电厂", "固废焚烧处理厂"]


def _number(prefix: str, index: int) -> str:
    return f"{prefix}-{PREFIX}-{index:05d}"


def _bench_application(scheme):
    """One approved application per scheme that the bench certificates hang on."""
    from certification.models import Application
    from members.models import Organization
    from members.validators import CHARSET, credit_code_check_character

    body = "91110108" + "".join(CHARSET[(7 * n + 3) % 31] for n in range(9))
    organization, _ = Organization.objects.get_or_create(
        credit_code=body + credit_code_check_character(body),
        defaults={"name": "性能测试环境集团有限公司", "province": "11", "city": "北京市"},
    )
    application, _ = Application.objects.get_or_create(
        number=f"{scheme.certificate_prefix}-{PREFIX}-S0001",
        defaults={
            "scheme": scheme,
            "round": scheme.rounds.first() or _bench_round(scheme),
            "criteria_set": scheme.current_criteria(),
            "organization": organization,
            "subject_name": organization.name,
            "province": organization.province,
            "status": Application.Status.APPROVED,
        },
    )
    return application


def _bench_round(scheme):
    from certification.models import Round

    return Round.objects.create(
        scheme=scheme,
        name="性能测试批次",
        year=2020,
        opens_on=datetime.date(2020, 1, 1),
        closes_on=datetime.date(2020, 12, 31),
        criteria_set=scheme.current_criteria(),
    )


def _certificates(scheme, wanted: int, *, plants: bool):
    from django.utils import timezone

    from certification.models import Certificate
    from certification.services.dates import add_years
    from members.regions import Province

    prefix = scheme.certificate_prefix
    have = Certificate.objects.filter(number__startswith=f"{prefix}-{PREFIX}-").count()
    if have >= wanted:
        return 0
    application = _bench_application(scheme)
    bands = [b for b in scheme.current_criteria().ordered_bands() if b.certified]
    cities = [
        "北京",
        "上海",
        "广州",
        "深圳",
        "杭州",
        "南京",
        "成都",
        "武汉",
        "西安",
        "长沙",
        "青岛",
        "厦门",
    ]
    provinces = [value for value, _ in Province.choices]
    today = timezone.localdate()
    rng = random.Random(f"{prefix}-{wanted}")  # noqa: S311 - same data on every machine
    rows = []
    for index in range(have, wanted):
        city, brand = rng.choice(cities), rng.choice(BRANDS)
        kind = rng.choice(PLANTS if plants else COMPANIES)
        band = bands[min(int(rng.expovariate(1.2)), len(bands) - 1)]
        issued = today - datetime.timedelta(days=rng.randrange(0, 3 * 365 - 30))
        rows.append(
            Certificate(
                number=_number(prefix, index),
                scheme=scheme,
                application=application,
                holder_order=index + 1,
                organization=application.organization,
                subject_name=f"{city}{brand}{kind}（{index:05d}）",
                province=rng.choice(provinces),
                grade=band.code,
                grade_label=band.label,
                issued_on=issued,
                valid_until=add_years(issued, 3) - datetime.timedelta(days=1),
            )
        )
    for start in range(0, len(rows), CHUNK):
        Certificate.objects.bulk_create(rows[start : start + CHUNK])
    return len(rows)


def prepare(ctx: Context) -> None:
    from certification.models import Scheme

    total = ctx.size(CERTIFICATES)
    plants = round(total * PLANT_SHARE)
    created = _certificates(Scheme.objects.get(code="credit-rating"), total - plants, plants=False)
    created += _certificates(Scheme.objects.get(code="plant-grading"), plants, plants=True)
    if created:
        from website.core.cache import invalidate_page_cache

        invalidate_page_cache()
        ctx.log(f"certification: created {created} certificates")


def workloads(ctx: Context) -> list[Workload]:
    from certification.models import Certificate, Scheme

    credit = Scheme.objects.get(code="credit-rating")
    middle = (
        Certificate.objects.filter(number__startswith=f"XY-{PREFIX}-")
        .order_by("number")
        .values_list("number", flat=True)
    )
    count = middle.count()
    number = middle[count // 2] if count else "XY-0000-0000"
    deep_page = max(1, min(50, count // 30))
    return [
        Workload("register, one grade", f"/certification/register/{credit.code}/?grade=AA"),
        Workload(
            "register, province + Chinese search",
            f"/certification/register/plant-grading/?province=44&q={quote('焚烧')}",
        ),
        Workload("register, page 50", f"/certification/register/{credit.code}/?page={deep_page}"),
        Workload("verify a certificate", f"/certification/verify/{number}/"),
        Workload("publicity list", "/certification/publicity/"),
    ]
