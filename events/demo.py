"""Demo data of the events app, built through the services: the coming annual conference and
expo with its forums and registrations in every state, a full forum with a waiting list,
booths in every state, a forum that needs approval, and a past training with certificates.

Idempotent: events are looked up by code, orders by their first attendee's email, booths by
number; what exists is left as it is. Uses the members app's demo organizations when there
are any in good standing, otherwise creates a few.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation
from wagtail.models import Page

from members.models import Membership, Organization, OrganizationContact
from members.regions import Province
from members.validators import credit_code_check_character
from website.core.demo import ensure_page, ensure_user
from website.core.models import HomePage

from . import services
from .models import (
    Activity,
    Booth,
    CheckIn,
    Event,
    EventIndexPage,
    EventPage,
    ExhibitorApplication,
    Hall,
    Order,
    TicketType,
    WaitingListEntry,
)

D = Decimal


def _code(serial: str, region: str = "110105") -> str:
    first17 = f"91{region}{serial}"
    return first17 + credit_code_check_character(first17)


FALLBACK_ORGANIZATIONS = [
    (
        "北京环境卫生工程集团有限公司",
        "北京环卫集团",
        _code("MA01HW001"),
        Province.BEIJING,
        "北京市",
    ),
    (
        "上海城投环境（集团）有限公司",
        "上海城投环境",
        _code("MA01HW002", "310115"),
        Province.SHANGHAI,
        "上海市",
    ),
    (
        "深圳市玉龙环卫服务有限公司",
        "玉龙环卫",
        _code("MA01HW003", "440305"),
        Province.GUANGDONG,
        "深圳市",
    ),
    (
        "杭州绿源再生资源有限公司",
        "绿源再生",
        _code("MA01HW004", "330106"),
        Province.ZHEJIANG,
        "杭州市",
    ),
]
EXHIBITOR_COMPANIES = [
    ("长沙中联环境装备有限公司", _code("MA01JB101", "430104")),
    ("福建龙马环卫装备股份有限公司", _code("MA01JB102", "350800")),
    ("宇通重工环卫科技有限公司", _code("MA01JB103", "410100")),
    ("盈峰智慧环境科技有限公司", _code("MA01JB104", "440606")),
    ("江苏维尔利环保装备有限公司", _code("MA01JB105", "320400")),
    ("光大环保能源技术有限公司", _code("MA01JB106", "440300")),
]


def _organizations() -> list[Organization]:
    """Member organizations in good standing: the members demo's, or a few of our own."""
    good = Organization.objects.filter(membership__status__in=Membership.Status.good_standing())
    # member@example.org's own organization first, as the members demo set it up.
    mine = list(good.filter(contacts__user__email="member@example.org").order_by("pk")[:1])
    others = good.exclude(pk__in=[o.pk for o in mine]).order_by("pk")[: 4 - len(mine)]
    found = mine + list(others)
    if len(found) >= 3:
        return found
    from members.services import create_membership

    result = []
    for name, short, code, province, city in FALLBACK_ORGANIZATIONS:
        organization, _ = Organization.objects.get_or_create(
            credit_code=code,
            defaults={"name": name, "short_name": short, "province": province, "city": city},
        )
        if organization.current_membership is None:
            create_membership(
                organization,
                tier=Membership.Tier.DIRECTOR,
                status=Membership.Status.ACTIVE,
                joined_on=datetime.date(2019, 3, 1),
                paid_through=datetime.date(timezone.localdate().year, 12, 31),
            )
        result.append(organization)
    return result


def _contact(organization: Organization, email: str):
    user = ensure_user(email)
    OrganizationContact.objects.get_or_create(
        organization=organization, user=user, defaults={"role": OrganizationContact.Role.ADMIN}
    )
    return user


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _index_page() -> EventIndexPage:
    home = (
        HomePage.objects.filter(locale__language_code="zh-hans").first()
        or Page.get_first_root_node()
    )
    return ensure_page(
        home,
        EventIndexPage,
        "events",
        title="会议活动",
        intro="<p>协会年会暨环卫博览会、专题论坛和职业培训。会员单位代表享受会员价格。</p>",
    )


def _event_page(index, event: Event, slug: str, summary: str, body: list) -> EventPage:
    page = index.get_children().filter(slug=slug).first()
    if page is None:
        page = EventPage(
            title=event.title,
            slug=slug,
            event=event,
            summary=summary,
            body=json.dumps([{"type": kind, "value": value} for kind, value in body]),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    return page.specific


def _activity(
    event,
    name,
    kind,
    capacity,
    *,
    start=None,
    end=None,
    location="",
    optional=False,
    hours=None,
    order=0,
    description="",
):
    activity, _ = Activity.objects.get_or_create(
        event=event,
        name=name,
        defaults={
            "kind": kind,
            "capacity": capacity,
            "starts_at": start,
            "ends_at": end,
            "location": location,
            "is_optional": optional,
            "hours": hours or D("0"),
            "sort_order": order,
            "description": description,
        },
    )
    return activity


def _ticket(event, name, activities, **fields):
    ticket, created = TicketType.objects.get_or_create(event=event, name=name, defaults=fields)
    if created:
        ticket.activities.set(activities)
    return ticket


def _attendee(ticket, name, org, email, mobile, title="", forums=(), dietary=""):
    return services.AttendeeData(
        ticket_type=ticket,
        name=name,
        organization_name=org,
        job_title=title,
        mobile=mobile,
        email=email,
        dietary=dietary,
        activities=list(forums),
    )


def _once(event: Event, first_email: str, build) -> Order | None:
    existing = Order.objects.filter(event=event, attendees__email=first_email).first()
    if existing is not None:
        return existing
    return build()


# --- the annual conference and expo --------------------------------------------------------------


def annual_conference(index, organizations, staff) -> Event:
    today = timezone.localdate()
    start = today + datetime.timedelta(days=75)
    event, created = Event.objects.get_or_create(
        code="nh2026",
        defaults={
            "title": "2026中国城市环境卫生协会年会暨环卫装备博览会",
            "kind": Event.Kind.CONFERENCE,
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=2),
            "city": "杭州市",
            "venue": "杭州国际博览中心",
            "address": "杭州市萧山区奔竞大道353号",
            "contact_email": "huiwu@example.org",
            "contact_phone": "010-5893 0010",
            "registration_opens_at": timezone.now() - datetime.timedelta(days=30),
            "registration_closes_at": _at(start - datetime.timedelta(days=3), 18),
            "payment_days": 7,
            "payment_instructions": "汇款请注明订单号和参会单位名称；发票在会后十个工作日内开具。",
            "cancellation_deadline": _at(start - datetime.timedelta(days=10), 18),
            "cancellation_fee_kind": Event.FeeKind.PERCENT,
            "cancellation_fee_value": D("20"),
            "has_expo": True,
            "expo_applications_open": True,
            "booth_payment_days": 10,
            "standard_booth_price": D("12800"),
            "raw_space_price_per_sqm": D("1200"),
            "corner_surcharge_percent": D("10"),
        },
    )
    day1, day2 = start, start + datetime.timedelta(days=1)
    main = _activity(
        event,
        "开幕式暨主论坛",
        Activity.Kind.MAIN,
        800,
        start=_at(day1, 9),
        end=_at(day1, 12),
        location="A厅",
        order=1,
        description="部委领导致辞、协会工作报告、行业高质量发展主旨演讲",
    )
    sorting = _activity(
        event,
        "分论坛一：生活垃圾分类与资源化利用",
        Activity.Kind.FORUM,
        200,
        start=_at(day1, 14),
        end=_at(day1, 17, 30),
        location="B1会议室",
        optional=True,
        order=2,
    )
    incineration = _activity(
        event,
        "分论坛二：垃圾焚烧发电与飞灰处置",
        Activity.Kind.FORUM,
        150,
        start=_at(day1, 14),
        end=_at(day1, 17, 30),
        location="B2会议室",
        optional=True,
        order=3,
    )
    smart = _activity(
        event,
        "分论坛三：智慧环卫与新能源环卫装备",
        Activity.Kind.FORUM,
        6,
        start=_at(day2, 9),
        end=_at(day2, 12),
        location="C1会议室",
        optional=True,
        order=4,
        description="小型闭门研讨，名额有限，满额后可登记候补。",
    )
    visit = _activity(
        event,
        "技术参观：九峰垃圾焚烧发电厂",
        Activity.Kind.VISIT,
        40,
        start=_at(day2, 14),
        end=_at(day2, 17),
        location="集合地点：展馆北门",
        optional=True,
        order=5,
    )
    forums = [sorting, incineration, smart, visit]
    delegate = _ticket(
        event,
        "代表通票",
        [main, *forums],
        description="含主论坛、分论坛、资料和两日午餐。",
        badge_label="参会代表",
        member_price=D("1800"),
        non_member_price=D("2500"),
        early_bird_member_price=D("1500"),
        early_bird_non_member_price=D("2200"),
        early_bird_until=start - datetime.timedelta(days=30),
        sort_order=1,
    )
    _ticket(
        event,
        "理事单位代表（限会员）",
        [main, sorting, incineration, smart],
        description="理事及以上会员单位代表专享价格。",
        badge_label="会员代表",
        member_price=D("1200"),
        non_member_price=D("1200"),
        members_only=True,
        sort_order=2,
    )
    _ticket(
        event,
        "主论坛单日票",
        [main],
        badge_label="参会代表",
        member_price=D("800"),
        non_member_price=D("1200"),
        sort_order=3,
    )
    _event_page(
        index,
        event,
        "nh2026",
        "年会以“推动环卫高质量发展，建设美丽中国”为主题，同期举办环卫装备博览会。",
        [
            ("heading", "大会日程"),
            (
                "paragraph",
                "<p>第一天上午举行开幕式暨主论坛，下午三个分论坛同时进行；第二天上午为智慧环卫闭门研讨，下午组织技术参观。博览会同期开放三天。</p>",
            ),
            ("heading", "报名须知"),
            (
                "paragraph",
                "<p>会员单位代表享受会员价，早鸟优惠截止于会前30日。报名后7日内未付款的订单自动失效，名额释放。会前10日之前可取消，收取20%手续费。</p>",
            ),
        ],
    )
    _conference_orders(event, organizations, delegate, main, forums)
    _expo(event, organizations, staff)
    return event


def _conference_orders(event, organizations, delegate, main, forums):
    sorting, incineration, smart, visit = forums
    org1, org2, org3 = organizations[:3]
    member_user = ensure_user("member@example.org")
    OrganizationContact.objects.get_or_create(
        organization=org1, user=member_user, defaults={"role": OrganizationContact.Role.ADMIN}
    )
    user2 = _contact(org2, "contact2@example.org")
    user3 = _contact(org3, "contact3@example.org")
    person_user = ensure_user("person@example.org")
    staff = ensure_user("events@example.org")
    invoice = services.InvoiceData(
        kind="special",
        title=org1.name,
        tax_number=org1.credit_code,
        email="caiwu@example.com",
        address=org1.address or "北京市朝阳区东三环中路1号",
        phone="010-6500 1234",
        bank_name="中国建设银行北京朝阳支行",
        bank_account="1105 0161 3600 0000 0123",
    )

    # Confirmed: three delegates of a member organization, paid by transfer, invoice issued.
    def confirmed():
        order = services.place_order(
            event,
            user=member_user,
            organization=org1,
            contact=services.ContactData("刘联系人", "13800138000", "member@example.org"),
            attendees=[
                _attendee(
                    delegate,
                    "张建国",
                    org1.name,
                    "zhang.jg@example.com",
                    "13911110001",
                    "副总经理",
                    [sorting, smart],
                ),
                _attendee(
                    delegate,
                    "李晓梅",
                    org1.name,
                    "li.xm@example.com",
                    "13911110002",
                    "技术部部长",
                    [incineration, smart],
                ),
                _attendee(
                    delegate,
                    "王磊",
                    org1.name,
                    "wang.lei@example.com",
                    "13911110003",
                    "工程师",
                    [sorting, visit],
                    dietary="halal",
                ),
            ],
            invoice=invoice,
        )
        services.record_payment(
            order, user=staff, amount=order.total, reference="HX20261101-0088", payer=org1.name
        )
        services.issue_invoice(order.invoice_request, user=staff, number="24112000000012345678")
        return order

    _once(event, "zhang.jg@example.com", confirmed)

    # Pending payment: a second member organization, transfer slip not yet matched.
    _once(
        event,
        "zhou.f@example.com",
        lambda: services.place_order(
            event,
            user=user2,
            organization=org2,
            contact=services.ContactData(
                user2.get_full_name(), "13800138002", "contact2@example.org"
            ),
            attendees=[
                _attendee(
                    delegate,
                    "周芳",
                    org2.name,
                    "zhou.f@example.com",
                    "13922220001",
                    "办公室主任",
                    [sorting],
                ),
                _attendee(
                    delegate,
                    "吴强",
                    org2.name,
                    "wu.q@example.com",
                    "13922220002",
                    "车队队长",
                    [smart],
                ),
            ],
        ),
    )

    # Confirmed, single member individual; fills the small forum together with the others.
    def individual():
        order = services.place_order(
            event,
            user=person_user,
            contact=services.ContactData("吴个人会员", "13800138003", "person@example.org"),
            attendees=[
                _attendee(
                    delegate,
                    "吴个人会员",
                    "中国城市建设研究院有限公司",
                    "person@example.org",
                    "13800138003",
                    "高级工程师",
                    [smart],
                )
            ],
        )
        services.record_payment(order, user=staff, amount=order.total, reference="HX20261102-0021")
        return order

    _once(event, "person@example.org", individual)

    # Confirmed, non-member company; fills the last places of the small forum.
    def non_member():
        user = ensure_user("guest@example.org")
        order = services.place_order(
            event,
            user=user,
            contact=services.ContactData("郑来宾", "13800138004", "guest@example.org"),
            attendees=[
                _attendee(
                    delegate,
                    "郑来宾",
                    "江南环境咨询有限公司",
                    "guest@example.org",
                    "13800138004",
                    "项目经理",
                    [smart],
                )
            ],
        )
        services.record_payment(order, user=staff, amount=order.total, reference="HX20261103-0007")
        return order

    _once(event, "guest@example.org", non_member)

    # Expired: placed long ago and never paid; its places went back.
    def expired():
        placed = timezone.now() - datetime.timedelta(days=12)
        order = services.place_order(
            event,
            user=user3,
            organization=org3,
            contact=services.ContactData("黄会务", "13800138005", "contact3@example.org"),
            attendees=[
                _attendee(
                    delegate,
                    "黄海",
                    org3.name,
                    "huang.h@example.com",
                    "13933330001",
                    "经理",
                    [incineration],
                )
            ],
            now=placed,
        )
        services.expire_overdue_orders()
        return order

    _once(event, "huang.h@example.com", expired)

    # Registered for the small forum, cancelled below once others queue for it.
    he_ping = _once(
        event,
        "he.p@example.com",
        lambda: services.place_order(
            event,
            user=user3,
            organization=org3,
            contact=services.ContactData("黄会务", "13800138005", "contact3@example.org"),
            attendees=[
                _attendee(
                    delegate, "何平", org3.name, "he.p@example.com", "13933330002", "科员", [smart]
                )
            ],
        ),
    )

    # Cancelled with fee after payment (20 %), the rest refunded; invoice reversal requested.
    def cancelled_fee():
        order = services.place_order(
            event,
            user=user2,
            organization=org2,
            contact=services.ContactData(
                user2.get_full_name(), "13800138002", "contact2@example.org"
            ),
            attendees=[
                _attendee(
                    delegate,
                    "孙伟",
                    org2.name,
                    "sun.w@example.com",
                    "13922220003",
                    "副主任",
                    [incineration],
                )
            ],
            invoice=services.InvoiceData(
                kind="normal", title=org2.name, tax_number=org2.credit_code, email="fp@example.com"
            ),
        )
        services.record_payment(order, user=staff, amount=order.total, reference="HX20261104-0100")
        services.issue_invoice(order.invoice_request, user=staff, number="24112000000012349999")
        order = services.cancel_order(order, user=user2, reason="单位临时工作安排冲突")
        services.record_refund(
            order,
            user=staff,
            amount=order.refund_due(),
            reference="TK20261110-0003",
            reason="扣除20%取消手续费后退款",
        )
        return order

    _once(event, "sun.w@example.com", cancelled_fee)

    # Waiting list for the full forum: two waiting, the first one gets an offer after a
    # cancellation frees a place (the pending order's forum seat is given back).
    if not WaitingListEntry.objects.filter(activity=smart).exists():
        waiting = Order.objects.filter(event=event, attendees__email="zhou.f@example.com").first()
        attendee = waiting.attendees.get(email="zhou.f@example.com") if waiting else None
        if attendee is not None and not smart.places.filter(attendee=attendee).exists():
            services.join_waiting_list(smart, user=user2, attendee=attendee)
        guest = ensure_user("visitor@example.org")
        services.join_waiting_list(
            smart,
            user=guest,
            name=guest.get_full_name(),
            email="visitor@example.org",
            phone="13800138006",
            organization_name="苏州市市容环境卫生管理处",
        )
    # Cancelled before payment: its forum seat is offered to the first in line.
    if he_ping.holds_places:
        services.cancel_order(he_ping, user=user3, reason="人员调整，不再参会")


def _expo(event, organizations, staff):
    hall1, _ = Hall.objects.get_or_create(
        event=event, name="1号馆", defaults={"description": "环卫车辆与作业装备", "sort_order": 1}
    )
    hall2, _ = Hall.objects.get_or_create(
        event=event,
        name="2号馆",
        defaults={"description": "垃圾处理技术与智慧环卫", "sort_order": 2},
    )
    booths = {}
    for number in range(1, 13):
        code = f"A{number:02d}"
        booths[code], _ = Booth.objects.get_or_create(
            hall=hall1,
            number=code,
            defaults={"kind": Booth.Kind.STANDARD, "is_corner": number in (1, 12)},
        )
    for code, width, depth in (
        ("B01", D("6"), D("6")),
        ("B02", D("9"), D("8")),
        ("B03", D("12"), D("9")),
    ):
        booths[code], _ = Booth.objects.get_or_create(
            hall=hall2,
            number=code,
            defaults={
                "kind": Booth.Kind.RAW,
                "width": width,
                "depth": depth,
                "is_corner": code == "B03",
            },
        )
    if booths["A12"].status == Booth.Status.AVAILABLE:
        booths["A12"].transition(Booth.Status.BLOCKED, user=staff, reason="主办方服务台")
    if ExhibitorApplication.objects.filter(event=event).exists():
        return
    owner = ensure_user("exhibitor@example.org")
    plans = [
        # company index, wanted kind/area, booth to allocate, paid, final step
        (0, Booth.Kind.RAW, D("72"), "B02", True, "confirmed"),
        (1, Booth.Kind.STANDARD, D("9"), "A01", True, "confirmed"),
        (2, Booth.Kind.STANDARD, D("18"), "A03", False, "allocated"),
        (3, Booth.Kind.STANDARD, D("9"), "A05", False, "released"),
        (4, Booth.Kind.RAW, D("36"), None, False, "approved"),
        (5, Booth.Kind.STANDARD, D("9"), None, False, "submitted"),
    ]
    catalogue = {
        0: "专业从事环卫装备研发制造，产品涵盖新能源环卫车辆、智能清扫机器人和垃圾转运设备，服务全国三百余个城市。",
        1: "国内领先的环卫装备与环卫一体化运营服务商，提供纯电动洗扫车、压缩式垃圾车及智慧环卫平台。",
    }
    for index, kind, area, booth_number, paid, step in plans:
        name, code = EXHIBITOR_COMPANIES[index]
        application = services.apply_for_booth(
            event,
            user=owner,
            data=services.ApplicationData(
                company_name=name,
                credit_code=code,
                contact_name=owner.get_full_name(),
                contact_phone="13700137000",
                contact_email="exhibitor@example.org",
                wanted_kind=kind,
                wanted_area=area,
                products="新能源环卫车辆、智能清扫设备",
                website="https://www.example.com/",
            ),
        )
        if step == "submitted":
            continue
        services.approve_application(application, user=staff)
        if booth_number is None:
            continue
        application = services.allocate_booth(application, booths[booth_number], user=staff)
        if step == "released":
            services.release_application(application, user=staff, reason="超过付款期限未付款")
            continue
        if paid:
            services.record_booth_payment(
                application,
                user=staff,
                amount=application.amount,
                reference=f"ZL2026{index:04d}",
                payer=name,
            )
            services.save_catalogue_entry(application, user=owner, text=catalogue.get(index, ""))
            services.set_exhibitor_passes(
                application,
                user=owner,
                people=[
                    services.PassData("林展商", "13700137000", "市场总监"),
                    services.PassData("方工", "13700137001", "技术支持"),
                ],
            )
    rejected_name = "某某贸易有限公司"
    rejected = services.apply_for_booth(
        event,
        user=owner,
        data=services.ApplicationData(
            company_name=rejected_name,
            credit_code=_code("MA01JB199", "110101"),
            contact_name=owner.get_full_name(),
            contact_phone="13700137000",
            contact_email="exhibitor@example.org",
        ),
    )
    services.reject_application(rejected, user=staff, reason="展品与本届展会主题不符")


# --- a forum that needs approval ---------------------------------------------------------------


def approval_forum(index, organizations) -> Event:
    today = timezone.localdate()
    start = today + datetime.timedelta(days=40)
    event, _ = Event.objects.get_or_create(
        code="aqsc2026",
        defaults={
            "title": "2026全国环卫作业安全生产专题研讨会",
            "kind": Event.Kind.FORUM,
            "starts_on": start,
            "ends_on": start,
            "city": "南京市",
            "venue": "南京国际会议中心",
            "registration_opens_at": timezone.now() - datetime.timedelta(days=10),
            "requires_approval": True,
            "cancellation_requires_approval": True,
            "cancellation_fee_kind": Event.FeeKind.FIXED,
            "cancellation_fee_value": D("200"),
            "contact_phone": "010-5893 0012",
            "payment_instructions": "培训费请以单位名义汇款，备注“培训+订单号”。",
        },
    )
    main = _activity(
        event,
        "专题研讨",
        Activity.Kind.MAIN,
        120,
        start=_at(start, 9),
        end=_at(start, 17),
        location="二楼多功能厅",
    )
    ticket = _ticket(event, "研讨会代表", [main], member_price=D("600"), non_member_price=D("900"))
    _event_page(
        index,
        event,
        "aqsc2026",
        "聚焦环卫作业人员道路作业安全、车辆安全和职业健康。报名经秘书处审核后付款。",
        [("paragraph", "<p>报名需经秘书处审核，审核通过后7日内付款。</p>")],
    )
    org = organizations[3] if len(organizations) > 3 else organizations[0]
    user = _contact(org, "contact4@example.org")
    _once(
        event,
        "ma.aq@example.com",
        lambda: services.place_order(
            event,
            user=user,
            organization=org,
            contact=services.ContactData(
                user.get_full_name(), "13800138007", "contact4@example.org"
            ),
            attendees=[
                _attendee(
                    ticket, "马爱群", org.name, "ma.aq@example.com", "13944440001", "安全科科长"
                )
            ],
        ),
    )
    return event


# --- a past training with certificates ---------------------------------------------------------


def past_training(index, organizations, staff) -> Event:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    event, _ = Event.objects.get_or_create(
        code="px2026-1",
        defaults={
            "title": "2026年环卫作业安全与垃圾分类管理培训班（第一期）",
            "kind": Event.Kind.TRAINING,
            "starts_on": start,
            "ends_on": start + datetime.timedelta(days=1),
            "city": "成都市",
            "venue": "协会培训基地",
            "registration_opens_at": timezone.now() - datetime.timedelta(days=90),
            "registration_closes_at": _at(start - datetime.timedelta(days=2), 18),
            "contact_phone": "010-5893 0015",
        },
    )
    day2 = start + datetime.timedelta(days=1)
    sessions = [
        _activity(
            event,
            "第一讲：环卫作业安全规范",
            Activity.Kind.SESSION,
            60,
            start=_at(start, 9),
            end=_at(start, 12),
            hours=D("3"),
            order=1,
        ),
        _activity(
            event,
            "第二讲：生活垃圾分类管理与考核",
            Activity.Kind.SESSION,
            60,
            start=_at(start, 14),
            end=_at(start, 17),
            hours=D("3"),
            order=2,
        ),
        _activity(
            event,
            "第三讲：现场教学与案例研讨",
            Activity.Kind.SESSION,
            60,
            start=_at(day2, 9),
            end=_at(day2, 12),
            hours=D("4"),
            order=3,
        ),
    ]
    ticket = _ticket(
        event,
        "学员",
        sessions,
        badge_label="学员",
        member_price=D("1600"),
        non_member_price=D("2000"),
    )
    _event_page(
        index,
        event,
        "px2026-1",
        "面向环卫企事业单位安全管理和分类管理人员的两天培训，考勤合格颁发结业证书。",
        [("paragraph", "<p>培训共10学时，按签到记录计算学时，考勤合格者颁发结业证书。</p>")],
    )
    if Order.objects.filter(event=event).exists():
        return event
    trainees = [
        ("赵明", "zhao.m@example.com", "13955550001", 3),
        ("钱丽", "qian.l@example.com", "13955550002", 3),
        ("孙涛", "sun.t@example.com", "13955550003", 2),
        ("李娜", "li.n@example.com", "13955550004", 0),
    ]
    org = organizations[1]
    user = _contact(org, "contact2@example.org")
    placed = timezone.make_aware(
        datetime.datetime.combine(start - datetime.timedelta(days=20), datetime.time(10))
    )
    order = services.place_order(
        event,
        user=user,
        organization=org,
        contact=services.ContactData(user.get_full_name(), "13800138002", "contact2@example.org"),
        attendees=[
            _attendee(ticket, name, org.name, email, mobile, "班组长")
            for name, email, mobile, _n in trainees
        ],
        now=placed,
    )
    services.record_payment(
        order, user=staff, amount=order.total, reference="PX20260101", now=placed
    )
    for attendee, (_name, _email, _mobile, attended) in zip(
        order.attendees.order_by("pk"), trainees, strict=True
    ):
        for session in sessions[:attended]:
            services.check_in(event, attendee.code, activity=session, user=staff)
            CheckIn.objects.filter(attendee=attendee, activity=session).update(
                checked_in_at=session.starts_at - datetime.timedelta(minutes=10)
            )
    services.issue_training_certificates(event, user=staff)
    return event


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def load(stdout=None) -> None:
    # Reasons recorded by the services are stored as text: in Chinese, as on the site.
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        staff = ensure_user("events@example.org")
        organizations = _organizations()
        index = _index_page()
        annual_conference(index, organizations, staff)
        approval_forum(index, organizations)
        past_training(index, organizations, staff)
        # Whoever left a place since the last run: offer it to the first in line.
        services.offer_all_free_places()
    if stdout is not None:
        stdout.write(f"  events: {Event.objects.count()} events, {Order.objects.count()} orders")
