"""Demo data of certification: both schemes end to end, built by calling the services.

Applications sit in every state; certificates are valid, expired, revoked, superseded after a
downgrade, and one is in its re-evaluation window. The Nantong-style competition table ships
as a third, inactive scheme. Idempotent: each scenario is keyed by scheme, round and subject,
and what exists is left alone.

Organizations come from the members demo when it exists (member enterprises in good
standing); otherwise a few are created here with their memberships.
"""

from __future__ import annotations

import datetime
import functools
import io
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from members.models import (
    Expert,
    ExpertConflict,
    ExpertiseField,
    Membership,
    Organization,
    OrganizationContact,
    Person,
)
from members.regions import Province
from website.accounts import roles
from website.core.demo import ensure_user
from website.core.demo_names import account_name, block_name
from website.core.notify import muted_notifications

from . import defaults, services
from .models import Application, Certificate, Criterion, Plant, Round, Scheme
from .plants import demo as plant_demo
from .services import annual, finance, results

S = Application.Status

# name, short name, credit code, province, city, founded, quality (0..1)
# fmt: off
FALLBACK_ORGANIZATIONS = [
    ("北京环境卫生工程集团有限公司", "北京环卫集团", "91110000101120016M", Province.BEIJING, "北京市", 1999, 0.95),
    ("上海环境集团股份有限公司", "上海环境", "91310000717856004U", Province.SHANGHAI, "上海市", 2004, 0.92),
    ("深圳市玉龙环卫服务有限公司", "玉龙环卫", "91440300MA5DBG1X2L", Province.GUANGDONG, "深圳市", 2012, 0.84),
    ("杭州绿源环境科技有限公司", "绿源环境", "91330100MA2B0R1Y5X", Province.ZHEJIANG, "杭州市", 2010, 0.78),
    ("成都蓉城洁净服务有限公司", "蓉城洁净", "91510100MA61U8X133", Province.SICHUAN, "成都市", 2011, 0.74),
    ("武汉江城环卫科技股份有限公司", "江城环卫", "91420100MA4KL2K06G", Province.HUBEI, "武汉市", 2008, 0.88),
    ("南京秦淮环境服务有限公司", "秦淮环境", "91320100MA1MB5YQ9W", Province.JIANGSU, "南京市", 2013, 0.81),
    ("广州穗清环境工程有限公司", "穗清环境", "91440101MA59F2TL8F", Province.GUANGDONG, "广州市", 2009, 0.86),
    ("西安古都环卫集团有限公司", "古都环卫", "91610100MA6U3N4E74", Province.SHAANXI, "西安市", 2006, 0.69),
    ("长沙湘江环境科技有限公司", "湘江环境", "91430100MA4L1UQ52X", Province.HUNAN, "长沙市", 2015, 0.8),
    ("济南泉城环卫服务有限公司", "泉城环卫", "91370100MA3C4Y8N0A", Province.SHANDONG, "济南市", 2007, 0.77),
    ("郑州中原洁城环境有限公司", "中原洁城", "91410100MA3X5K2T61", Province.HENAN, "郑州市", 2010, 0.72),
    ("厦门鹭岛环境服务有限公司", "鹭岛环境", "91350200MA2XN4JQ1A", Province.FUJIAN, "厦门市", 2014, 0.9),
    ("昆明春城环卫科技有限公司", "春城环卫", "91530100MA6K7P9R3J", Province.YUNNAN, "昆明市", 2016, 0.6),
    ("合肥庐州清洁能源有限公司", "庐州能源", "91340100MA2RX3BU8N", Province.ANHUI, "合肥市", 2012, 0.83),
    ("天津津沽环境服务有限公司", "津沽环境", "91120000MA05K7RT3A", Province.TIANJIN, "天津市", 2011, 0.79),
]

# operator index into the organization list, plant name after the operator's city, capacity,
# lines, years in formal operation
PLANTS = [
    (1, "再生能源利用中心", 6000, 8, 6),
    (1, "第二生活垃圾焚烧发电厂", 800, 2, 9),
    (14, "生活垃圾焚烧发电厂", 2250, 3, 5),
    (14, "东部环保能源发电厂", 1200, 2, 4),
    (7, "第三资源热力电厂", 4000, 5, 7),
    (7, "北部生活垃圾焚烧发电厂", 600, 2, 3),
    (5, "新沟垃圾焚烧发电厂", 1000, 2, 8),
    (5, "西部环保发电厂", 500, 1, 2),
    (0, "南宫生活垃圾焚烧厂", 1000, 2, 10),
    (0, "循环经济产业园焚烧厂", 3000, 4, 1),
    (12, "东部垃圾焚烧发电厂", 1500, 2, 6),
    (9, "固废焚烧发电厂", 5100, 6, 7),
    (10, "第二生活垃圾焚烧厂", 2000, 3, 5),
    (13, "西郊垃圾焚烧发电厂", 1000, 2, 6),
    (0, "第二再生能源发电厂", 1500, 2, 4),
]
# fmt: on

EXPERTS = [
    ("expert@example.org", *account_name("expert@example.org"), "清华大学环境学院", "垃圾焚烧"),
    ("expert2@example.org", "钱", "明远", "中国城市建设研究院", "财务"),
    ("expert3@example.org", "郑", "立新", "同济大学环境科学与工程学院", "环卫装备"),
    ("expert4@example.org", "冯", "建华", "住房和城乡建设部科技与产业化发展中心", "垃圾焚烧"),
    ("expert5@example.org", "韩", "志刚", "中国市政工程华北设计研究总院", "环卫装备"),
]


def say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(f"  {message}")


@functools.cache
def demo_pdf(title: str) -> bytes:
    from reportlab.pdfgen import canvas

    from website.core.pdf import register_font

    font = register_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont(font, 18)
    pdf.drawString(72, 760, title)
    pdf.setFont(font, 12)
    pdf.drawString(72, 730, "（演示材料）")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# People -------------------------------------------------------------------------------


def staff_user():
    user = ensure_user(
        "certification@example.org",
        groups=(roles.CERTIFICATION_STAFF,),
        is_staff=True,
    )
    return user


def member_user():
    return ensure_user(
        "member@example.org",
        groups=(roles.MEMBER_CONTACTS, roles.MEMBERS),
    )


def ensure_experts() -> list[Expert]:
    experts = []
    for email, last, first, employer, field_name in EXPERTS:
        user = ensure_user(email, last_name=last, first_name=first, groups=(roles.EXPERTS,))
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = Person.objects.create(
                user=user,
                name=f"{last}{first}",
                job_title="教授级高级工程师",
                professional_title=Person.ProfessionalTitle.SENIOR_FULL,
                email=email,
            )
        expert, _ = Expert.objects.get_or_create(
            person=person,
            defaults={"biography": f"{employer}，长期从事城市环境卫生研究与评审工作。"},
        )
        field, _ = ExpertiseField.objects.get_or_create(name=field_name)
        expert.fields.add(field)
        experts.append(expert)
    group = Group.objects.filter(name=roles.EXPERTS).first()
    if group:
        for expert in experts:
            expert.person.user.groups.add(group)
    return experts


def _quality(organization: Organization) -> float:
    """A stable 0.72–0.95 for each organization: how good its evidence and scores are."""
    return 0.72 + (organization.pk * 37 % 24) / 100


def ensure_organizations(count: int) -> list[tuple[Organization, float]]:
    """Member enterprises for the scenarios: the members demo's first (the demo member
    contact's organization leading), topped up with this module's own when there are few."""
    today = timezone.localdate()
    good = Membership.Status.good_standing()
    own = Organization.objects.filter(
        contacts__user__email="member@example.org", membership__status__in=good
    ).first()
    candidates = list(
        Organization.objects.filter(
            kind=Organization.Kind.ENTERPRISE,
            membership__status__in=good,
            founded_on__lte=today.replace(year=today.year - 5),
            name__contains="公司",
        )
        .exclude(pk=own.pk if own else None)
        .order_by("pk")[:count]
    )
    result = [(own, 0.93)] if own is not None else []
    result += [(organization, _quality(organization)) for organization in candidates]
    for name, short, code, province, city, founded, quality in FALLBACK_ORGANIZATIONS:
        if len(result) >= count:
            break
        organization = (
            Organization.objects.filter(name=name).first()
            or Organization.objects.filter(credit_code=code).first()
        )
        if organization is None:
            organization = Organization.objects.create(
                name=name,
                short_name=short,
                credit_code=code,
                province=province,
                city=city,
                kind=Organization.Kind.ENTERPRISE,
                founded_on=datetime.date(founded, 3, 18),
                legal_representative="王建国",
                size=Organization.Size.LARGE,
            )
        if organization.current_membership is None:
            from members.services import create_membership

            create_membership(
                organization,
                tier=Membership.Tier.MEMBER,
                status=Membership.Status.ACTIVE,
                joined_on=datetime.date(max(founded, 2015), 6, 1),
                reason="演示数据",
            )
        elif not organization.current_membership.in_good_standing:
            continue
        if organization.founded_on is None:
            organization.founded_on = datetime.date(founded, 3, 18)
            organization.save(update_fields=["founded_on"])
        if all(organization.pk != other.pk for other, _ in result):
            result.append((organization, quality))
    return result


# Application scenarios ----------------------------------------------------------------


@dataclass
class Scenario:
    scheme: str
    org: int
    target: str
    plant: int | None = None
    issued_days_ago: int | None = None  # approved in the past, on this day
    after: str = ""  # what happens to the certificate afterwards
    objection: bool = False


SCENARIOS = [
    # Credit rating: every state of the machine.
    # The demo member's own: first re-check kept, the second one now open for material.
    Scenario("credit-rating", 0, S.APPROVED, issued_days_ago=700, after="recheck_keep"),
    Scenario("credit-rating", 1, S.APPROVED, issued_days_ago=380, after="recheck_downgrade"),
    Scenario("credit-rating", 2, S.APPROVED, issued_days_ago=1160, after="expired"),
    Scenario("credit-rating", 3, S.APPROVED, issued_days_ago=210, after="revoked"),
    Scenario("credit-rating", 4, S.APPROVED, issued_days_ago=1010, after="reevaluate"),
    Scenario("credit-rating", 5, S.APPROVED, issued_days_ago=30),
    Scenario("credit-rating", 6, S.PUBLICITY, objection=True),
    Scenario("credit-rating", 7, S.PUBLICITY, issued_days_ago=-1),
    Scenario("credit-rating", 8, S.PANEL_DECISION),
    Scenario("credit-rating", 9, S.EXPERT_REVIEW),
    Scenario("credit-rating", 10, S.RESUBMITTED),
    Scenario("credit-rating", 11, S.RETURNED),
    Scenario("credit-rating", 12, S.FORMAL_REVIEW),
    Scenario("credit-rating", 13, S.REJECTED),
    Scenario("credit-rating", 14, S.SUBMITTED),
    Scenario("credit-rating", 15, S.WITHDRAWN),
    Scenario("credit-rating", 15, S.WITHDRAWN),
    # Annual check material submitted from the portal, waiting for staff review.
    Scenario("credit-rating", 16, S.APPROVED, issued_days_ago=300, after="annual_material"),
    # Plant grading.
    Scenario("plant-grading", 1, S.APPROVED, plant=0, issued_days_ago=300, after="plaque"),
    Scenario("plant-grading", 1, S.APPROVED, plant=1, issued_days_ago=1200, after="expired"),
    Scenario("plant-grading", 14, S.APPROVED, plant=2, issued_days_ago=90, after="suspended"),
    Scenario("plant-grading", 7, S.APPROVED, plant=4, issued_days_ago=150, after="plaque"),
    # member@example.org's plant in the middle of rectification after the on-site inspection.
    Scenario("plant-grading", 0, S.ON_SITE_INSPECTION, plant=14),
    Scenario("plant-grading", 14, S.PUBLICITY, plant=3),
    Scenario("plant-grading", 7, S.PANEL_DECISION, plant=5),
    Scenario("plant-grading", 5, S.EXPERT_REVIEW, plant=6),
    Scenario("plant-grading", 0, S.FORMAL_REVIEW, plant=8),
    Scenario("plant-grading", 12, S.RETURNED, plant=10),
    Scenario("plant-grading", 9, S.SUBMITTED, plant=11),
    Scenario("plant-grading", 5, S.WITHDRAWN, plant=7),
    Scenario("plant-grading", 0, S.DRAFT, plant=9),
    Scenario("plant-grading", 10, S.RESUBMITTED, plant=12),
    Scenario("plant-grading", 13, S.REJECTED, plant=13),
    Scenario("plant-grading", 10, S.RESUBMITTED, plant=12),
    Scenario("plant-grading", 13, S.REJECTED, plant=13),
]


class Builder:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.today = timezone.localdate()
        self.staff = staff_user()
        self.member = member_user()
        self.experts = ensure_experts()
        self.organizations = ensure_organizations(len(FALLBACK_ORGANIZATIONS))
        self.contacts: dict[int, object] = {}
        self.plants: list[Plant] = []

    # Setup ---------------------------------------------------------------------------

    def contact_for(self, organization: Organization):
        """A contact user acting for the organization (member@example.org for the first)."""
        if organization.pk in self.contacts:
            return self.contacts[organization.pk]
        existing = organization.contacts.select_related("user").first()
        if existing is not None:
            user = existing.user
        else:
            index = [o.pk for o, _ in self.organizations].index(organization.pk)
            user = (
                self.member
                if index == 0
                else ensure_user(
                    f"contact{index:02d}@example.org",
                    last_name=block_name("certification", index)[0],
                    first_name=block_name("certification", index)[1],
                    groups=(roles.MEMBER_CONTACTS, roles.MEMBERS),
                )
            )
            OrganizationContact.objects.get_or_create(
                organization=organization,
                user=user,
                defaults={"role": OrganizationContact.Role.ADMIN},
            )
        self.contacts[organization.pk] = user
        return user

    def ensure_plants(self) -> None:
        for operator, suffix, capacity, lines, years in PLANTS:
            organization = self.organizations[operator % len(self.organizations)][0]
            city = organization.city or "市"
            started = self.today.replace(day=1) - datetime.timedelta(days=365 * years + 20)
            plant, _ = Plant.objects.get_or_create(
                organization=organization,
                name=f"{city}{suffix}",
                defaults={
                    "province": organization.province,
                    "city": city,
                    "address": f"{city}循环经济产业园",
                    "design_capacity": Decimal(capacity),
                    "lines": lines,
                    "technology": Plant.Technology.GRATE,
                    "commissioned_on": started - datetime.timedelta(days=120),
                    "formal_operation_on": started,
                },
            )
            self.plants.append(plant)

    def round_for(self, scheme: Scheme, year: int) -> Round:
        round, _ = Round.objects.get_or_create(
            scheme=scheme,
            name=f"{year}年度",
            defaults={
                "year": year,
                "opens_on": datetime.date(year, 1, 1),
                "closes_on": datetime.date(year, 12, 31),
                "criteria_set": scheme.current_criteria(),
                "description": f"{year}年度{scheme.name}申报工作全年受理，请会员单位在线填报并上传证明材料。",
            },
        )
        return round

    # Steps ---------------------------------------------------------------------------

    def fill(self, application: Application, quality: float, user) -> None:
        services.update_details(
            application,
            user=user,
            data={
                "contact_name": user.get_full_name(),
                "contact_phone": "010-6391 2288",
                "contact_email": user.email,
                "accounting_years": 6,
                "summary": f"{application.subject_name}依法经营、管理规范，近三年未发生重大安全生产事故，"
                "现按评价办法要求提交申报材料并完成自评。",
                "declaration": True,
            },
        )
        entries = {}
        # Items assessed on site are the inspection team's, not the applicant's.
        for criterion in application.criteria_set.criteria.filter(on_site=False):
            if criterion.kind == Criterion.Kind.INDICATOR:
                value = (criterion.max_points * Decimal(str(min(quality + 0.04, 1)))).quantize(
                    Decimal("0.5")
                )
                entries[criterion.pk] = (value, "对照评分标准逐项自评，证明材料见附件。")
            elif criterion.kind in (Criterion.Kind.DEDUCTION, Criterion.Kind.VETO):
                entries[criterion.pk] = (Decimal("0"), "")
        services.save_self_assessment(application, user=user, entries=entries)
        if finance.needs_financials(application.scheme):
            finance.save_financials(
                application,
                user=user,
                figures=demo_figures(finance.required_years(application), quality),
            )
        for document in application.scheme.required_documents.all():
            services.add_attachment(
                application,
                user=user,
                file=ContentFile(demo_pdf(document.name), name=f"{document.name}.pdf"),
                requirement=document,
            )

    def review(self, application: Application, quality: float, *, finish: int = 3) -> None:
        """Assign three experts; the first `finish` of them submit their scores."""
        rng = random.Random(application.number)
        # Only experts with an account can declare and score.
        available = [
            expert
            for expert in services.assignable_experts(application)
            if expert.person.user_id and not expert.same_organization
        ]
        # When the review is unfinished, the demo expert gets the assignment left to declare.
        demo = [e for e in available if e.person.user.email == "expert@example.org"]
        others = [e for e in available if e not in demo]
        available = others[:2] + demo if finish < 3 and demo else available
        for index, expert in enumerate(available[:3]):
            review = services.assign_expert(
                application,
                expert,
                user=self.staff,
                due_on=self.today + datetime.timedelta(days=14),
            )
            if index >= finish and expert.person.user.email == "expert@example.org":
                continue  # left for the demo expert to declare and score
            user = expert.person.user
            services.declare_no_conflict(review, user=user)
            entries = {}
            for criterion in application.criteria_set.criteria.filter(on_site=False):
                if criterion.kind == Criterion.Kind.INDICATOR:
                    share = max(0.0, min(1.0, quality + rng.uniform(-0.06, 0.04)))
                    value = (criterion.max_points * Decimal(str(share))).quantize(Decimal("0.5"))
                    entries[criterion.pk] = (value, "")
                elif criterion.kind == Criterion.Kind.DEDUCTION:
                    entries[criterion.pk] = (Decimal("0") if quality > 0.75 else Decimal("1"), "")
                elif criterion.kind == Criterion.Kind.VETO:
                    entries[criterion.pk] = (Decimal("0"), "")
            if index >= finish:
                # Half done: saved, not submitted.
                entries = dict(list(entries.items())[: len(entries) // 2])
            services.save_scores(
                review,
                user=user,
                entries=entries,
                opinion="材料齐全，管理体系运行有效；建议进一步加强信息化监管和人员培训。",
                recommendation="",
            )
            if index < finish:
                services.submit_review(review, user=user)

    def run(self, scenario: Scenario) -> Application | None:
        scheme = Scheme.objects.get(code=scenario.scheme)
        organization, quality = self.organizations[scenario.org % len(self.organizations)]
        plant = self.plants[scenario.plant] if scenario.plant is not None else None
        historical = scenario.issued_days_ago is not None and scenario.issued_days_ago > 0
        decided_on = self.today - datetime.timedelta(days=scenario.issued_days_ago or 0)
        round = self.round_for(scheme, decided_on.year if historical else self.today.year)
        existing = Application.objects.filter(
            scheme=scheme, round=round, organization=organization, plant=plant
        ).first()
        if existing is not None:
            return None
        if services.open_application_for(scheme, organization, plant) is not None:
            return None
        contact = self.contact_for(organization)
        creator = self.staff if historical else contact
        application = services.create_application(round, organization, user=creator, subject=plant)
        if scenario.target == S.DRAFT:
            services.update_details(
                application,
                user=contact,
                data={"summary": "正在准备申报材料。", "declaration": False},
            )
            return application
        self.fill(application, quality, contact)
        services.submit(application, user=creator)
        if scenario.target == S.WITHDRAWN:
            reason = (
                "该厂正在进行提标改造，改造完成后重新申报。"
                if plant
                else "企业正在重组，暂缓申报。"
            )
            services.withdraw(application, user=contact, reason=reason)
            return application
        if scenario.target == S.SUBMITTED:
            return application
        services.start_formal_review(application, user=self.staff)
        if scenario.target == S.FORMAL_REVIEW:
            return application
        if scenario.target in (S.RETURNED, S.RESUBMITTED):
            services.return_for_correction(
                application,
                user=self.staff,
                reason="近三年财务报表缺少审计报告签章页，请补充完整后重新提交。",
            )
            if scenario.target == S.RETURNED:
                return application
            services.resubmit(application, user=contact, reason="已补充审计报告签章页。")
            return application
        if scenario.target == S.REJECTED:
            services.reject(
                application,
                user=self.staff,
                reason="经形式审查，申报单位近三年内存在重大行政处罚记录，不符合申报条件。",
            )
            return application
        checklist = {str(d.pk): True for d in scheme.required_documents.all()}
        services.accept_for_expert_review(application, user=self.staff, checklist=checklist)
        if scheme.on_site_inspection:
            plant_demo.inspect(
                application,
                staff=self.staff,
                experts=self.experts,
                contact=contact,
                stop=scenario.target == S.ON_SITE_INSPECTION,
            )
            if scenario.target == S.ON_SITE_INSPECTION:
                return application
        if scenario.target == S.EXPERT_REVIEW:
            self.review(application, quality, finish=1)
            return application
        self.review(application, quality)
        services.close_expert_review(application, user=self.staff)
        if scenario.target == S.PANEL_DECISION:
            return application
        application.refresh_from_db()
        bands = {band.code: band for band in application.criteria_set.grade_bands.all()}
        proposed = bands.get(application.proposed_grade)
        if proposed is None or not proposed.certified:
            services.reject(application, user=self.staff, reason="评分未达到最低等级。")
            return application
        if historical:
            starts_on = decided_on - datetime.timedelta(days=21)
        elif scenario.issued_days_ago == -1:
            starts_on = self.today - datetime.timedelta(days=16)  # closed, waiting for approval
        else:
            starts_on = self.today
        services.start_publicity(application, user=self.staff, starts_on=starts_on)
        if scenario.objection:
            services.lodge_objection(
                application,
                name="陈志强",
                organization="某环卫作业分包单位",
                phone="139 1234 5678",
                email="chen.zq@example.com",
                grounds="该单位在2025年某区道路保洁项目中存在拖欠分包款项的情况，请核实其合同履约情况。",
            )
            return application
        if scenario.target == S.PUBLICITY:
            return application
        results.consolidate_result(
            application,
            user=self.staff,
            reasoning=f"综合得分{application.score}分，达到{application.grade_label}标准；"
            "各维度表现均衡，未发现否决项。",
            advice="一、完善应收账款管理，缩短回款周期；\n二、加大智慧环卫平台投入，提高作业监管覆盖率；"
            "\n三、加强一线作业人员安全培训并保留培训记录。",
        )
        certificate = services.approve(application, user=self.staff, today=decided_on)
        self.after(certificate, scenario.after)
        return application

    def after(self, certificate: Certificate, what: str) -> None:
        if what == "plaque":
            plant_demo.plaque(certificate, staff=self.staff)
        elif what == "expired":
            services.expire_certificates(today=self.today)
        elif what == "revoked":
            services.revoke_certificate(
                certificate,
                user=self.staff,
                reason="经核查，该企业被列入严重失信主体名单，依据评价办法撤销其信用等级证书。",
            )
        elif what == "suspended":
            services.suspend_certificate(
                certificate,
                user=self.staff,
                reason="在线监测数据显示烟气排放连续超标，暂停证书，待整改复核。",
            )
        elif what in ("recheck_keep", "recheck_downgrade"):
            check = certificate.annual_checks.order_by("sequence").first()
            if check is None:
                return
            if what == "recheck_keep":
                services.record_annual_check(
                    check,
                    user=self.staff,
                    outcome="keep",
                    reason="年度复查：财务状况稳定，未发现失信记录，维持原等级。",
                )
            else:
                bands = [b.code for b in certificate.application.criteria_set.ordered_bands()]
                lower = bands[min(bands.index(certificate.grade) + 1, len(bands) - 1)]
                services.record_annual_check(
                    check,
                    user=self.staff,
                    outcome="downgrade",
                    grade=lower,
                    reason="年度复查：资产负债率明显上升，且发生一起行政处罚，下调一级。",
                )
        elif what == "annual_material":
            check = certificate.annual_checks.order_by("sequence").first()
            if check is None:
                return
            annual.submit_annual_check(
                check,
                user=self.contact_for(certificate.organization),
                figures={
                    "revenue": Decimal("18650.00"),
                    "profit": Decimal("1210.50"),
                    "total_assets": Decimal("26300.00"),
                    "total_liabilities": Decimal("14120.00"),
                },
                changes="2026年3月法定代表人变更，已完成工商变更登记。",
                incidents="本年度未发生安全生产责任事故，未受到行政处罚。",
                statements=[
                    ContentFile(
                        demo_pdf("年度财务报表"), name=f"{check.due_on.year - 1}年度财务报表.pdf"
                    )
                ],
            )
        elif what == "reevaluate":
            user = self.contact_for(certificate.organization)
            if services.can_reevaluate(certificate):
                services.start_reevaluation(certificate, user=user)


def demo_figures(years, quality: float) -> dict:
    """Believable figures in 10k yuan: a better enterprise grows faster and borrows less."""
    figures = {}
    revenue = Decimal(12000 + int(quality * 8000))
    for year in years:
        revenue = (revenue * Decimal(str(1 + (quality - 0.6) / 3))).quantize(Decimal("0.01"))
        assets = (revenue * Decimal("1.6")).quantize(Decimal("0.01"))
        liabilities = (assets * Decimal(str(round(1.15 - quality, 2)))).quantize(Decimal("0.01"))
        figures[year] = {
            "revenue": revenue,
            "profit": (revenue * Decimal(str(round(quality / 10, 3)))).quantize(Decimal("0.01")),
            "total_assets": assets,
            "total_liabilities": liabilities,
            "current_assets": (assets * Decimal("0.45")).quantize(Decimal("0.01")),
            "current_liabilities": (liabilities * Decimal("0.6")).quantize(Decimal("0.01")),
        }
    return figures


def load(stdout=None) -> None:
    roles.sync_roles()
    defaults.install(defaults.CREDIT_RATING)
    defaults.install(defaults.PLANT_GRADING)
    defaults.install(defaults.CLEAN_CITY_COMPETITION)
    builder = Builder(stdout)
    builder.ensure_plants()
    plant_demo.fill_facts(builder.plants, builder.today)
    # One declared conflict, so the assignment list visibly leaves an expert out.
    ExpertConflict.objects.get_or_create(
        expert=builder.experts[3],
        organization=builder.organizations[6][0],
        defaults={"reason": "曾任该单位技术顾问（2023–2025年）"},
    )
    created = 0
    # Demo accounts get no email for what the loader does in their name.
    with muted_notifications():
        for scenario in SCENARIOS:
            with transaction.atomic():
                if builder.run(scenario) is not None:
                    created += 1
        # Expiry is a scheduled sweep; run it so the demo's past certificates are up to date.
        services.expire_certificates()
        # Experts without an account and a recorded panel draw.
        from . import demo_panels

        demo_panels.load(builder, stdout)
    say(stdout, f"certification: {created} applications created\n")
    # Awards and achievement evaluations, on the same organizations and experts.
    from .awards import demo as demo_awards

    demo_awards.load(stdout)
