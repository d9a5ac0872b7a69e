# ruff: noqa: S311 - seeded pseudo-random data for the demo, not security
"""Demo records: about 200 member organizations, 100 individual members, 10 experts and the
branches with their positions and secretaries, memberships in every status with history.

Idempotent: organizations are keyed by credit code, persons by email, branches by slug, and
what exists is left alone. Built by calling members.services; the status history is then
dated back so that it reads like years of real membership.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from website.core.cache import invalidate_page_cache
from website.core.demo_names import GIVEN_NAMES, SURNAMES
from website.core.states import StatusChange

from . import services
from .models import (
    Branch,
    BranchPosition,
    BusinessCategory,
    Expert,
    ExpertiseField,
    Membership,
    Organization,
    OrganizationContact,
    Person,
)
from .validators import CHARSET, credit_code_check_character

SEED = 2026
ORGANIZATION_COUNT = 200
INDIVIDUAL_COUNT = 100

# province code, administrative division code, city (without 市)
CITIES = [
    ("11", "110105", "北京"),
    ("12", "120104", "天津"),
    ("13", "130102", "石家庄"),
    ("14", "140105", "太原"),
    ("15", "150102", "呼和浩特"),
    ("21", "210102", "沈阳"),
    ("21", "210204", "大连"),
    ("22", "220102", "长春"),
    ("23", "230102", "哈尔滨"),
    ("31", "310115", "上海"),
    ("32", "320106", "南京"),
    ("32", "320505", "苏州"),
    ("32", "320602", "南通"),
    ("33", "330106", "杭州"),
    ("33", "330203", "宁波"),
    ("34", "340104", "合肥"),
    ("35", "350102", "福州"),
    ("35", "350203", "厦门"),
    ("36", "360102", "南昌"),
    ("37", "370102", "济南"),
    ("37", "370202", "青岛"),
    ("41", "410105", "郑州"),
    ("42", "420106", "武汉"),
    ("43", "430104", "长沙"),
    ("44", "440106", "广州"),
    ("44", "440304", "深圳"),
    ("44", "440604", "佛山"),
    ("45", "450103", "南宁"),
    ("46", "460106", "海口"),
    ("50", "500103", "重庆"),
    ("51", "510104", "成都"),
    ("52", "520102", "贵阳"),
    ("53", "530102", "昆明"),
    ("61", "610103", "西安"),
    ("62", "620102", "兰州"),
    ("63", "630102", "西宁"),
    ("64", "640104", "银川"),
    ("65", "650102", "乌鲁木齐"),
]
AREA_CODES = {
    "北京": "010", "天津": "022", "石家庄": "0311", "太原": "0351", "呼和浩特": "0471",
    "沈阳": "024", "大连": "0411", "长春": "0431", "哈尔滨": "0451", "上海": "021",
    "南京": "025", "苏州": "0512", "南通": "0513", "杭州": "0571", "宁波": "0574",
    "合肥": "0551", "福州": "0591", "厦门": "0592", "南昌": "0791", "济南": "0531",
    "青岛": "0532", "郑州": "0371", "武汉": "027", "长沙": "0731", "广州": "020",
    "深圳": "0755", "佛山": "0757", "南宁": "0771", "海口": "0898", "重庆": "023",
    "成都": "028", "贵阳": "0851", "昆明": "0871", "西安": "029", "兰州": "0931",
    "西宁": "0971", "银川": "0951", "乌鲁木齐": "0991",
}  # fmt: skip
DISTRICT_ROADS = [
    "建设路",
    "人民路",
    "环城东路",
    "解放大道",
    "科技园路",
    "工业大道",
    "长江路",
    "滨河路",
]
BRANDS = [
    "绿源", "清源", "洁城", "蓝天", "碧水", "中环", "华清", "康洁", "净美", "恒绿",
    "环宇", "青山", "瀚洁", "明德", "安洁", "鑫洁", "佳洁", "盛禾", "启迪", "卓越",
    "天朗", "润泽", "宏达", "新境", "百川", "嘉园", "城美", "汇清", "德润", "朗洁",
]  # fmt: skip

# name pattern, organization type, credit-code prefix, business category slugs
PATTERNS = [
    ("{city}市环境卫生管理有限公司", "enterprise", "91", ["street-cleaning", "collection"]),
    ("{city}{brand}环境服务有限公司", "enterprise", "91", ["street-cleaning", "toilets"]),
    ("{city}{brand}环保科技股份有限公司", "enterprise", "91", ["smart", "sorting"]),
    ("{city}{brand}环境能源有限公司", "enterprise", "91", ["incineration", "leachate"]),
    ("{city}{brand}再生资源回收利用有限公司", "enterprise", "91", ["recycling", "sorting"]),
    ("{city}{brand}环卫装备制造有限公司", "enterprise", "91", ["equipment"]),
    ("{city}{brand}餐厨废弃物处理有限公司", "enterprise", "91", ["food-waste"]),
    ("{city}市固体废物处置有限公司", "enterprise", "91", ["landfill", "leachate"]),
    (
        "{city}{brand}城市服务集团有限公司",
        "enterprise",
        "91",
        ["street-cleaning", "collection", "toilets"],
    ),
    ("{city}{brand}环境工程设计研究院有限公司", "enterprise", "91", ["consulting"]),
    ("{city}市环境卫生管理中心", "institution", "12", ["street-cleaning", "toilets"]),
    ("{city}市市容环境卫生科学研究所", "research", "12", ["consulting", "smart"]),
    ("{city}市环境卫生协会", "social", "51", ["consulting"]),
]
JOB_TITLES = [
    "总经理",
    "副总经理",
    "总工程师",
    "技术部主任",
    "运营总监",
    "主任",
    "副主任",
    "项目经理",
    "高级工程师",
    "研究员",
]
PROFESSIONAL_TITLES = [
    "senior_full",
    "senior",
    "senior",
    "intermediate",
    "intermediate",
    "junior",
    "",
]

# The organization whose administrator is member@example.org (members.demo_dues may use it).
DEMO_MEMBER_ORGANIZATION = "北京洁城环境服务有限公司"

BRANCHES = [
    ("waste-sorting", "生活垃圾分类与减量专业委员会", "committee", 2019,
     "推动生活垃圾分类与源头减量，组织经验交流、标准宣贯和分类成效评估。"),
    ("public-toilets", "公厕建设管理专业委员会", "committee", 2018,
     "围绕城乡公厕规划建设、运营管理和“厕所革命”开展研究与交流。"),
    ("standardization", "标准化技术委员会", "committee", 2016,
     "组织协会团体标准的立项、起草、征求意见、审查和复审。"),
    ("street-cleaning", "道路清扫保洁专业委员会", "committee", 2012,
     "服务城市道路机械化清扫、作业质量管理和市场化运营单位。"),
    ("food-waste", "餐厨垃圾处理专业委员会", "committee", 2015,
     "关注餐厨和厨余垃圾收运处理技术、项目运营与资源化利用。"),
    ("incineration", "垃圾焚烧专业委员会", "committee", 2014,
     "联系生活垃圾焚烧发电企业，开展运行管理交流和等级评价支持。"),
    ("equipment", "环卫装备分会", "society", 2010,
     "联系环卫车辆与装备制造企业，推动装备新能源化与智能化。"),
    ("smart-sanitation", "智慧环卫分会", "society", 2021,
     "推进环卫作业数字化、信息平台建设和数据共享。"),
    ("member-services", "会员服务工作委员会", "working_committee", 2020,
     "协助秘书处开展会员发展、会员走访和会员权益服务。"),
]  # fmt: skip
BRANCH_FOCUS = {
    "waste-sorting": ["sorting", "recycling", "collection"],
    "public-toilets": ["toilets"],
    "standardization": ["consulting", "smart"],
    "street-cleaning": ["street-cleaning"],
    "food-waste": ["food-waste"],
    "incineration": ["incineration", "leachate"],
    "equipment": ["equipment"],
    "smart-sanitation": ["smart"],
    "member-services": [],
}

EXPERT_FIELDS = [
    ["垃圾焚烧", "环境监测"],
    ["卫生填埋", "环境监测"],
    ["餐厨垃圾处理", "垃圾分类"],
    ["道路清扫保洁", "环卫装备"],
    ["垃圾分类", "企业管理"],
    ["环卫装备", "信息化"],
    ["公厕建设管理", "标准化"],
    ["财务审计", "企业管理"],
    ["标准化", "垃圾焚烧"],
    ["信息化", "道路清扫保洁"],
]
BIOGRAPHIES = [
    "长期从事生活垃圾焚烧厂运行管理和烟气净化技术研究，参与多项行业标准编制。",
    "从事卫生填埋场设计与渗滤液处理工作二十余年，主持多座填埋场封场工程。",
    "研究餐厨垃圾厌氧消化与资源化利用，主持省部级科研项目多项。",
    "熟悉城市道路机械化清扫作业标准和环卫作业市场化管理。",
    "参与多个城市生活垃圾分类实施方案制定和成效评估。",
    "从事环卫车辆与新能源装备研发，具有丰富的产品检测经验。",
    "长期负责城市公厕规划建设和运营管理标准研究。",
    "注册会计师，熟悉企业财务审计与信用评价财务指标分析。",
    "参与协会团体标准审查工作，熟悉标准化工作程序。",
    "从事智慧环卫平台建设与数据治理，具备信息系统审计经验。",
]


def credit_code(prefix: str, region: str, n: int) -> str:
    """A valid, stable 统一社会信用代码 for demo organization n."""
    serial = ""
    value = 7_919 * n + 104_729
    for _position in range(9):
        serial = CHARSET[value % 31] + serial
        value //= 31
    first17 = f"{prefix}{region}{serial}"
    return first17 + credit_code_check_character(first17)


def _tier(index: int) -> str:
    if index == 0:
        return Membership.Tier.PRESIDENT
    if index <= 8:
        return Membership.Tier.VICE_PRESIDENT
    if index <= 28:
        return Membership.Tier.STANDING_DIRECTOR
    if index <= 70:
        return Membership.Tier.DIRECTOR
    return Membership.Tier.MEMBER


def _status(index: int) -> str:
    """Mostly active; a few of every other status, spread over the list."""
    if index < 20:
        return Membership.Status.ACTIVE
    cycle = index % 25
    return {
        3: Membership.Status.GRACE,
        7: Membership.Status.GRACE,
        11: Membership.Status.LAPSED,
        15: Membership.Status.LAPSED,
        18: Membership.Status.SUSPENDED,
        21: Membership.Status.TERMINATED,
        23: Membership.Status.PENDING,
    }.get(cycle, Membership.Status.ACTIVE)


# The route from pending to each status, with the reason the secretariat recorded.
ROUTES = {
    Membership.Status.ACTIVE: [("active", "理事会审议通过入会申请")],
    Membership.Status.GRACE: [
        ("active", "理事会审议通过入会申请"),
        ("grace", "会费到期未缴，进入宽限期"),
    ],
    Membership.Status.LAPSED: [
        ("active", "理事会审议通过入会申请"),
        ("grace", "会费到期未缴，进入宽限期"),
        ("lapsed", "连续一年未缴纳会费，视为自动退会"),
    ],
    Membership.Status.SUSPENDED: [
        ("active", "理事会审议通过入会申请"),
        ("suspended", "被列入经营异常名录，暂停会员权利待核查"),
    ],
    Membership.Status.TERMINATED: [
        ("active", "理事会审议通过入会申请"),
        ("terminated", "单位注销，申请退会"),
    ],
    Membership.Status.PENDING: [],
}


def _open_membership(subject, *, tier: str, status: str, rng: random.Random, today, staff):
    """A membership by the services, then dated back: joined years ago, changes since."""
    joined = datetime.date(
        rng.randint(2006, today.year - 1), rng.randint(1, 12), rng.randint(1, 28)
    )
    if status == Membership.Status.ACTIVE and rng.random() < 0.1:
        joined = today - datetime.timedelta(days=rng.randint(1, today.timetuple().tm_yday - 1))
    if status == Membership.Status.PENDING:
        joined = None
    paid_through = {
        Membership.Status.ACTIVE: datetime.date(today.year, 12, 31),
        Membership.Status.GRACE: datetime.date(today.year - 1, 12, 31),
        Membership.Status.LAPSED: datetime.date(today.year - 2, 12, 31),
        Membership.Status.SUSPENDED: datetime.date(today.year, 12, 31),
        Membership.Status.TERMINATED: datetime.date(today.year - 1, 12, 31),
        Membership.Status.PENDING: None,
    }[status]
    if joined and paid_through and joined > paid_through:
        joined = paid_through.replace(year=paid_through.year - 3)
    membership = services.create_membership(
        subject, tier=tier, user=staff, joined_on=joined, paid_through=paid_through
    )
    dates = _route_dates(status, joined, paid_through, today)
    for (target, reason), when in zip(ROUTES[status], dates, strict=True):
        change = services.change_status(membership, target, user=staff, reason=reason)
        StatusChange.objects.filter(pk=change.pk).update(
            changed_at=timezone.make_aware(datetime.datetime.combine(when, datetime.time(10)))
        )
    return membership


def _route_dates(status, joined, paid_through, today) -> list[datetime.date]:
    if status == Membership.Status.PENDING:
        return []
    after_expiry = paid_through + datetime.timedelta(days=1) if paid_through else today
    return {
        Membership.Status.ACTIVE: [joined],
        Membership.Status.GRACE: [joined, after_expiry],
        Membership.Status.LAPSED: [
            joined,
            after_expiry,
            min(after_expiry + datetime.timedelta(days=365), today),
        ],
        Membership.Status.SUSPENDED: [joined, today - datetime.timedelta(days=40)],
        Membership.Status.TERMINATED: [joined, today - datetime.timedelta(days=120)],
    }[status]


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _phone(n: int) -> str:
    return f"139{(n * 7_654_321 + 1_000_003) % 100_000_000:08d}"


def organization_specs() -> list[dict]:
    """The demo organizations, always the same (seeded), the member contact's first."""
    rng = random.Random(SEED)
    specs: list[dict] = []
    names = {DEMO_MEMBER_ORGANIZATION}
    specs.append(
        {
            "name": DEMO_MEMBER_ORGANIZATION,
            "kind": "enterprise",
            "prefix": "91",
            "city": CITIES[0],
            "categories": ["street-cleaning", "collection", "toilets"],
        }
    )
    attempts = 0
    while len(specs) < ORGANIZATION_COUNT and attempts < 10_000:
        attempts += 1
        pattern, kind, prefix, categories = rng.choice(PATTERNS)
        city = rng.choice(CITIES)
        name = pattern.format(city=city[2], brand=rng.choice(BRANDS))
        if name in names:
            continue
        names.add(name)
        specs.append(
            {"name": name, "kind": kind, "prefix": prefix, "city": city, "categories": categories}
        )
    for index, spec in enumerate(specs):
        province, region, city = spec["city"]
        spec |= {
            "credit_code": credit_code(spec["prefix"], region, index),
            "province": province,
            "city_name": f"{city}市",
            "address": f"{city}市{rng.choice(DISTRICT_ROADS)}{rng.randint(1, 399)}号",
            "legal_representative": _person_name(rng),
            "tier": Membership.Tier.DIRECTOR if index == 0 else _tier(index - 1),
            "status": Membership.Status.ACTIVE if index == 0 else _status(index),
            "opt_out": index % 41 == 40,
            "phone": f"{AREA_CODES[city]}-{rng.randint(5000_0000, 8999_9999)}",
            "founded": datetime.date(rng.randint(1985, 2018), rng.randint(1, 12), 1),
        }
        short = spec["name"].replace(f"{city}市", city).replace("有限公司", "").replace("股份", "")
        spec["short_name"] = short[:12] if spec["kind"] == "enterprise" else ""
    return specs


def load_organizations(staff, stdout=None) -> list[Organization]:
    specs = organization_specs()
    existing = set(
        Organization.objects.filter(credit_code__in=[s["credit_code"] for s in specs]).values_list(
            "credit_code", flat=True
        )
    )
    categories = {category.slug: category for category in BusinessCategory.objects.all()}
    rng = random.Random(SEED + 1)
    today = timezone.localdate()
    for spec in specs:
        if spec["credit_code"] in existing:
            continue
        organization = Organization.objects.create(
            name=spec["name"],
            short_name=spec["short_name"],
            credit_code=spec["credit_code"],
            kind=spec["kind"],
            province=spec["province"],
            city=spec["city_name"],
            address=spec["address"],
            legal_representative=spec["legal_representative"],
            founded_on=spec["founded"],
            size=rng.choice(["small", "medium", "medium", "large"]),
            phone=spec["phone"],
            profile=f"{spec['name']}主要从事"
            + "、".join(categories[slug].name for slug in spec["categories"] if slug in categories)
            + "等业务，服务城市环境卫生事业。",
            directory_opt_out=spec["opt_out"],
        )
        organization.categories.set([categories[s] for s in spec["categories"] if s in categories])
        _open_membership(
            organization,
            tier=spec["tier"],
            status=spec["status"],
            rng=rng,
            today=today,
            staff=staff,
        )
    if stdout and len(existing) < len(specs):
        stdout.write(f"  {len(specs) - len(existing)} organizations")
    return list(
        Organization.objects.filter(
            credit_code__in=[s["credit_code"] for s in specs]
        ).select_related("membership")
    )


def load_individuals(organizations: list[Organization], staff) -> list[Person]:
    rng = random.Random(SEED + 2)
    today = timezone.localdate()
    members = [o for o in organizations if o.current_membership and o.membership.in_good_standing]
    emails = [f"geren{n:03d}@example.org" for n in range(1, INDIVIDUAL_COUNT + 1)]
    existing = set(Person.objects.filter(email__in=emails).values_list("email", flat=True))
    for n, email in enumerate(emails, start=1):
        name = _person_name(rng)
        employer = rng.choice(members)
        title = rng.choice(PROFESSIONAL_TITLES)
        job = rng.choice(JOB_TITLES)
        status = Membership.Status.ACTIVE if n % 12 else Membership.Status.GRACE
        if n % 31 == 0:
            status = Membership.Status.LAPSED
        if email in existing:
            continue
        person = Person.objects.create(
            name=name,
            organization=employer,
            job_title=job,
            professional_title=title,
            province=employer.province,
            phone=_phone(n),
            email=email,
            expertise="、".join(c.name for c in employer.categories.all()[:2]),
        )
        _open_membership(
            person,
            tier=Membership.Tier.INDIVIDUAL,
            status=status,
            rng=rng,
            today=today,
            staff=staff,
        )
    return list(Person.objects.filter(email__in=emails).select_related("organization"))


def load_accounts(organizations: list[Organization], staff) -> None:
    """member@example.org administers an active member organization; person@example.org is an
    individual member. Keyed by user, so members.demo_dues may make the same links."""
    user_model = get_user_model()
    member_user = user_model.objects.filter(email="member@example.org").first()
    if member_user and not OrganizationContact.objects.filter(user=member_user).exists():
        organization = next(o for o in organizations if o.name == DEMO_MEMBER_ORGANIZATION)
        OrganizationContact.objects.get_or_create(
            organization=organization,
            user=member_user,
            defaults={"role": OrganizationContact.Role.ADMIN},
        )
        Person.objects.get_or_create(
            user=member_user,
            defaults={
                "name": member_user.get_full_name() or "刘联系人",
                "organization": organization,
                "job_title": "综合办公室主任",
                "email": member_user.email,
                "phone": "13900001001",
            },
        )
    person_user = user_model.objects.filter(email="person@example.org").first()
    if person_user:
        person, _created = Person.objects.get_or_create(
            user=person_user,
            defaults={
                "name": person_user.get_full_name() or "吴个人会员",
                "organization": organizations[3],
                "job_title": "高级工程师",
                "professional_title": "senior",
                "email": person_user.email,
                "phone": "13900001002",
            },
        )
        if not Membership.objects.filter(person=person).exists():
            _open_membership(
                person,
                tier=Membership.Tier.INDIVIDUAL,
                status=Membership.Status.ACTIVE,
                rng=random.Random(SEED + 3),
                today=timezone.localdate(),
                staff=staff,
            )


def load_experts(organizations: list[Organization], staff) -> list[Expert]:
    rng = random.Random(SEED + 4)
    fields = {field.name: field for field in ExpertiseField.objects.all()}
    active = [o for o in organizations if o.current_membership and o.membership.in_good_standing]
    user_model = get_user_model()
    expert_user = user_model.objects.filter(email="expert@example.org").first()
    experts = []
    for n in range(10):
        email = f"zhuanjia{n + 1:02d}@example.org"
        employer = active[(n * 17 + 5) % len(active)]
        if n == 0 and expert_user is not None:
            person = Person.objects.filter(user=expert_user).first()
            if person is None:
                person = Person.objects.create(
                    user=expert_user,
                    name="孙立新",
                    organization=employer,
                    job_title="总工程师",
                    professional_title="senior_full",
                    email=expert_user.email,
                    phone="13900002001",
                )
        else:
            person, _created = Person.objects.get_or_create(
                email=email,
                defaults={
                    "name": _person_name(rng),
                    "organization": employer,
                    "job_title": rng.choice(["总工程师", "教授", "研究员", "高级工程师", "副院长"]),
                    "professional_title": rng.choice(["senior_full", "senior"]),
                    "phone": _phone(500 + n),
                },
            )
        if hasattr(person, "expert"):
            experts.append(person.expert)
            continue
        expert = services.make_expert(
            person,
            fields=[fields[name] for name in EXPERT_FIELDS[n] if name in fields],
            availability=Expert.Availability.LIMITED
            if n in (3, 7)
            else Expert.Availability.AVAILABLE,
            biography=BIOGRAPHIES[n],
            user=staff,
        )
        if person.organization_id:
            services.declare_conflict(
                expert, person.organization, reason="本人工作单位", user=staff
            )
        for other in rng.sample(active, 2):
            if other.pk != person.organization_id:
                services.declare_conflict(
                    expert,
                    other,
                    reason=rng.choice(["近三年提供过咨询服务", "亲属在该单位任职"]),
                    user=staff,
                )
        experts.append(expert)
    return experts


def load_branches(organizations: list[Organization], persons: list[Person], staff) -> None:
    user_model = get_user_model()
    active = [o for o in organizations if o.current_membership and o.membership.in_good_standing]
    member_persons = [p for p in persons if p.organization_id in {o.pk for o in active}]
    by_category: dict[str, list[Organization]] = {}
    for organization in active:
        for category in organization.categories.all():
            by_category.setdefault(category.slug, []).append(organization)
    rng = random.Random(SEED + 5)
    for slug, name, kind, year, description in BRANCHES:
        branch, created = Branch.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "established_on": datetime.date(year, 6, 1),
                "description": description,
                "supervising_staff": staff,
                "publish_directly": slug == "standardization",
            },
        )
        if not created and branch.positions.exists():
            continue
        pool = [o for focus in BRANCH_FOCUS[slug] for o in by_category.get(focus, [])] or active
        pool = list(dict.fromkeys(pool))
        rng.shuffle(pool)
        people = [p for p in member_persons if p.organization in pool] or member_persons
        rng.shuffle(people)
        seats = [(BranchPosition.Position.CHAIR, people[0], None)]
        seats += [(BranchPosition.Position.VICE_CHAIR, person, None) for person in people[1:3]]
        seats.append((BranchPosition.Position.SECRETARY_GENERAL, people[3 % len(people)], None))
        seats += [(BranchPosition.Position.MEMBER, None, org) for org in pool[:6]]
        seats += [(BranchPosition.Position.MEMBER, person, None) for person in people[4:8]]
        for position, person, organization in seats:
            try:
                services.add_position(
                    branch,
                    position=position,
                    person=person,
                    organization=organization,
                    since=branch.established_on,
                    user=staff,
                )
            except services.MembershipError:
                continue  # the same holder twice in a small pool: skip the seat
    secretary = user_model.objects.filter(email="branch@example.org").first()
    sorting = Branch.objects.get(slug="waste-sorting")
    if secretary and not sorting.secretaries.filter(pk=secretary.pk).exists():
        services.add_secretary(sorting, secretary, user=staff)


@transaction.atomic
def load(stdout=None) -> None:
    staff = get_user_model().objects.filter(email="membership@example.org").first()
    organizations = load_organizations(staff, stdout)
    persons = load_individuals(organizations, staff)
    load_accounts(organizations, staff)
    load_experts(organizations, staff)
    load_branches(organizations, persons, staff)
    invalidate_page_cache()
