"""Demo data of the science and technology award and the achievement evaluation.

Last year's round is decided: winners of every level with their certificates, one project not
awarded by the committee and one nomination rejected for fraud (its applicant is barred).
This year's round is open with nominations in every state: drafts, awaiting a recommending
unit, declined by one, submitted, in formal review, returned, resubmitted, rejected,
withdrawn, in expert review (the demo expert has an assignment to score), at the committee,
in pre-award publicity (one with an objection) and awarded. Two achievement evaluations
(one concluded, one in expert review) and a submitted one complete the picture. Each year has
its call page on the site. Built by calling the services; idempotent by round and title.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from members.models import Branch, Expert, ExpertiseField, Person
from website.accounts import roles
from website.core.demo import ensure_user
from website.core.demo_names import account_name, block_name
from website.core.models import HomePage
from website.core.notify import muted_notifications

from .. import services
from ..demo import Builder, demo_pdf, say
from ..models import (
    Application,
    AwardCallPage,
    AwardPanel,
    Criterion,
    Objection,
    Project,
    RecommendingUnit,
    Round,
    Scheme,
)
from ..services import projects
from . import defaults as defaults_awards
from . import services as awards

S = Application.Status

RECOMMENDING_UNITS = [
    # name, kind, province, branch slug, user email, user name
    ("生活垃圾分类与减量专业委员会", "branch", "", "waste-sorting", None, None),
    ("垃圾焚烧专业委员会", "branch", "", "incineration", None, None),
    (
        "广东省住房和城乡建设厅",
        "authority",
        "44",
        None,
        "recommender@example.org",
        account_name("recommender@example.org"),
    ),
    (
        "上海市绿化和市容管理局",
        "authority",
        "31",
        None,
        "recommender2@example.org",
        account_name("recommender2@example.org"),
    ),
    (
        "北京市环境卫生协会",
        "association",
        "11",
        None,
        "recommender3@example.org",
        account_name("recommender3@example.org"),
    ),
    (
        "同济大学",
        "university",
        "31",
        None,
        "recommender4@example.org",
        account_name("recommender4@example.org"),
    ),
]

JURY = [
    ("jury06@example.org", "周", "振华", "哈尔滨工业大学环境学院"),
    ("jury07@example.org", "陈", "海峰", "中国科学院生态环境研究中心"),
    ("jury08@example.org", "林", "晓燕", "华南理工大学环境与能源学院"),
    ("jury09@example.org", "马", "国庆", "中国城市建设研究院有限公司"),
]

PANELS = [
    ("固废处理与资源化评审组", ["垃圾焚烧", "餐厨垃圾处理", "卫生填埋", "垃圾分类"]),
    ("环卫装备与智慧环卫评审组", ["环卫装备", "信息化", "道路清扫保洁", "公厕建设管理"]),
]

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗"
GIVEN = [
    "建国",
    "海涛",
    "丽娟",
    "志强",
    "晓东",
    "红梅",
    "伟",
    "敏",
    "立新",
    "文博",
    "雪峰",
    "婷",
    "宏伟",
    "静",
    "国栋",
]
TITLES = ["教授级高级工程师", "高级工程师", "工程师", "研究员", "副教授"]
CONTRIBUTIONS = [
    "项目总负责人，提出总体技术路线，主持关键技术攻关和工程示范。",
    "负责核心工艺研发与中试，解决了工艺稳定运行的关键问题。",
    "负责工程设计与系统集成，完成示范工程建设。",
    "负责运行数据采集、分析和工艺参数优化。",
    "负责设备研制与调试，获得相关发明专利。",
    "负责标准编制和成果推广应用。",
    "参与技术方案论证和现场试验。",
    "负责经济效益和环境效益评估。",
    "参与示范工程运行管理和技术培训。",
]
PARTNERS = [
    ("清华大学", "11"),
    ("同济大学", "31"),
    ("中国城市建设研究院有限公司", "11"),
    ("哈尔滨工业大学", "23"),
    ("华南理工大学", "44"),
    ("中国科学院生态环境研究中心", "11"),
    ("上海市环境工程设计科学研究院有限公司", "31"),
]


@dataclass
class Nominee:
    title: str
    expertise: str
    target: str
    org: int
    level: str = "二等奖"
    unit: int = 0  # index into RECOMMENDING_UNITS
    share: float = 0.82  # how good the experts find it
    voted: str = ""  # the level the committee votes; "" → as applied for
    persons: int = 6
    units: int = 3
    extra: dict = field(default_factory=dict)


PAST = [
    Nominee(
        "生活垃圾焚烧烟气多污染物协同超低排放关键技术与工程应用",
        "垃圾焚烧",
        S.APPROVED,
        0,
        "一等奖",
        1,
        0.9,
        persons=12,
        units=5,
    ),
    Nominee(
        "大型城市厨余垃圾高效厌氧消化与沼渣资源化成套技术",
        "餐厨垃圾处理",
        S.APPROVED,
        5,
        "二等奖",
        0,
        0.84,
    ),
    Nominee(
        "纯电动环卫作业车辆与智能调度平台研发及应用",
        "环卫装备",
        S.APPROVED,
        7,
        "一等奖",
        2,
        0.8,
        voted="二等奖",
        persons=11,
        units=4,
    ),
    Nominee(
        "生活垃圾卫生填埋场封场生态修复与渗滤液全量处理技术",
        "卫生填埋",
        S.APPROVED,
        3,
        "三等奖",
        4,
        0.74,
    ),
    Nominee(
        "城市公厕智慧化运维管理系统研究与示范",
        "公厕建设管理",
        S.APPROVED,
        12,
        "三等奖",
        3,
        0.72,
        persons=5,
        units=2,
    ),
    Nominee(
        "道路机械化清扫降尘作业质量评价方法研究",
        "道路清扫保洁",
        S.REJECTED,
        9,
        "三等奖",
        2,
        0.6,
        extra={"not_awarded": True},
    ),
    Nominee(
        "县域生活垃圾分类收运一体化模式研究",
        "垃圾分类",
        S.REJECTED,
        14,
        "三等奖",
        0,
        0.7,
        extra={"fraud": True},
    ),
]

CURRENT = [
    Nominee("垃圾焚烧飞灰低温热解无害化与资源化技术", "垃圾焚烧", S.DRAFT, 0, "二等奖", 1),
    Nominee("社区生活垃圾分类智能投放与积分激励系统", "垃圾分类", S.ENDORSEMENT, 10, "三等奖", 0),
    Nominee(
        "粤港澳大湾区环卫一体化作业标准体系研究", "道路清扫保洁", S.ENDORSEMENT, 7, "二等奖", 2
    ),
    Nominee(
        "餐厨废油制备生物柴油清洁工艺",
        "餐厨垃圾处理",
        S.DRAFT,
        11,
        "三等奖",
        4,
        extra={"declined": True},
    ),
    Nominee("生活垃圾转运站臭气源头收集与生物除臭技术", "垃圾分类", S.SUBMITTED, 1, "三等奖", 3),
    Nominee("超大城市环卫车辆新能源替代路径与示范", "环卫装备", S.FORMAL_REVIEW, 8, "二等奖", 2),
    Nominee("填埋场存量垃圾开挖筛分与资源化利用技术", "卫生填埋", S.RETURNED, 13, "二等奖", 4),
    Nominee("城市道路冬季除冰雪智能作业系统", "道路清扫保洁", S.RESUBMITTED, 15, "三等奖", 4),
    Nominee("农村公厕粪污就地资源化处理装置", "公厕建设管理", S.REJECTED, 6, "三等奖", 5),
    Nominee("建筑垃圾再生骨料路基应用技术", "卫生填埋", S.WITHDRAWN, 4, "三等奖", 2),
    Nominee(
        "焚烧炉渣高值化利用与重金属稳定化技术", "垃圾焚烧", S.EXPERT_REVIEW, 2, "二等奖", 1, 0.8
    ),
    Nominee("智慧环卫大数据监管平台关键技术", "信息化", S.EXPERT_REVIEW, 5, "二等奖", 3, 0.78),
    Nominee(
        "厨余垃圾就地生化处理一体化设备研制",
        "餐厨垃圾处理",
        S.PANEL_DECISION,
        12,
        "一等奖",
        0,
        0.86,
        extra={"failed_vote": True},
    ),
    Nominee(
        "垃圾焚烧厂渗滤液浓缩液全量化处理技术", "垃圾焚烧", S.PANEL_DECISION, 3, "二等奖", 1, 0.77
    ),
    Nominee(
        "环卫作业人员职业健康防护技术与装备",
        "环卫装备",
        S.PUBLICITY,
        9,
        "三等奖",
        2,
        0.7,
        extra={"objection": True},
    ),
    Nominee(
        "生活垃圾分类成效第三方评估方法与应用",
        "垃圾分类",
        S.PUBLICITY,
        1,
        "二等奖",
        0,
        0.8,
        extra={"closed": True},
    ),
    Nominee(
        "小型化生活垃圾热解气化装备研发与示范",
        "垃圾焚烧",
        S.APPROVED,
        8,
        "二等奖",
        1,
        0.83,
        extra={"early": True},
    ),
]

ACHIEVEMENTS = [
    ("基于机器视觉的垃圾分类质量智能识别系统", "信息化", S.APPROVED, 5, 0.78),
    ("焚烧厂烟气脱硝催化剂再生技术", "垃圾焚烧", S.EXPERT_REVIEW, 7, 0.85),
    ("新能源洗扫车高效吸尘系统", "环卫装备", S.SUBMITTED, 2, 0.8),
]


class AwardBuilder:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.today = timezone.localdate()
        self.base = Builder(stdout)
        self.staff = self.base.staff
        self.organizations = [organization for organization, _quality in self.base.organizations]
        self.scheme = Scheme.objects.get(code="science-award")
        self.evaluation = Scheme.objects.get(code="achievement-evaluation")
        self.fields = {f.name: f for f in ExpertiseField.objects.all()}
        self.units = self.ensure_recommending_units()
        self.jury = self.ensure_jury()

    # Setup ----------------------------------------------------------------------------

    def field(self, name: str) -> ExpertiseField:
        if name not in self.fields:
            self.fields[name] = ExpertiseField.objects.get_or_create(name=name)[0]
        return self.fields[name]

    def ensure_recommending_units(self) -> list[RecommendingUnit]:
        units = []
        for number, (name, kind, province, branch_slug, email, person) in enumerate(
            RECOMMENDING_UNITS
        ):
            unit, _created = RecommendingUnit.objects.get_or_create(
                name=name,
                defaults={
                    "kind": kind,
                    "province": province,
                    "branch": Branch.objects.filter(slug=branch_slug).first()
                    if branch_slug
                    else None,
                    "contact": "科技与标准部",
                },
            )
            if email:
                user = ensure_user(email, last_name=person[0], first_name=person[1])
                unit.users.add(user)
            elif not unit.confirmers().exists():
                # A branch without a secretary in the members demo gets a user of its own, so
                # the branch secretary of another branch never confirms in its name.
                last, first = block_name("awards", number)
                user = ensure_user(
                    f"recommender-{branch_slug}@example.org", last_name=last, first_name=first
                )
                unit.users.add(user)
            units.append(unit)
        return units

    def ensure_jury(self) -> list:
        experts = list(self.base.experts)
        for email, last, first, employer in JURY:
            user = ensure_user(email, last_name=last, first_name=first, groups=(roles.EXPERTS,))
            person = Person.objects.filter(user=user).first() or Person.objects.create(
                user=user,
                name=f"{last}{first}",
                employer_name=employer,
                job_title="教授",
                professional_title=Person.ProfessionalTitle.SENIOR_FULL,
                email=email,
            )
            expert, _created = Expert.objects.get_or_create(
                person=person, defaults={"biography": f"{employer}，长期从事固体废物处理研究。"}
            )
            experts.append(expert)
        for index, expert in enumerate(experts):
            panel_fields = PANELS[index % 2][1]
            expert.fields.add(self.field(panel_fields[index % len(panel_fields)]))
        return [expert for expert in experts if expert.person.user_id]

    def ensure_round(self, scheme: Scheme, year: int, *, current: bool) -> Round:
        round = Round.objects.filter(scheme=scheme, year=year).first()
        if round is None:
            opens = (
                datetime.date(year, 3, 1) if not current else self.today.replace(month=1, day=15)
            )
            closes = datetime.date(year, 6, 30) if not current else datetime.date(year, 12, 31)
            round = Round.objects.create(
                scheme=scheme,
                name=f"{year}年度",
                year=year,
                opens_on=min(opens, self.today),
                closes_on=closes,
                criteria_set=scheme.current_criteria(),
                description=f"{year}年度{scheme.name}申报：申报单位在线填报，经推荐单位确认后提交。"
                if scheme == self.scheme
                else f"{year}年度科技成果评价全年受理，委托单位在线提交评价材料。",
            )
        if scheme == self.scheme:
            settings = awards.award_round(round)
            if settings.committee_meets_on is None:
                settings.recommendation_deadline = round.closes_on
                settings.paper_copy_deadline = round.closes_on + datetime.timedelta(days=7)
                settings.committee_meets_on = (
                    datetime.date(year, 9, 20) if not current else round.closes_on
                )
                settings.committee_size = 15
                settings.save()
            for name, field_names in PANELS:
                panel, created = AwardPanel.objects.get_or_create(round=round, name=name)
                if created:
                    panel.fields.add(*[self.field(n) for n in field_names])
                    index = [p[0] for p in PANELS].index(name)
                    panel.experts.add(*self.jury[index::2])
        return round

    def ensure_call_page(self, round: Round) -> None:
        if AwardCallPage.objects.filter(round=round).exists():
            return
        home = HomePage.objects.filter(locale__language_code="zh-hans").first()
        parent = home or Page.get_first_root_node()
        page = AwardCallPage(
            title=f"关于开展{round.year}年度中国城市环境卫生协会科学技术奖推荐申报工作的通知",
            slug=f"science-award-{round.year}",
            round=round,
            intro=(
                "<p>为贯彻落实创新驱动发展战略，表彰在城市环境卫生领域科技创新中作出突出贡献的单位和个人，"
                f"协会现组织开展{round.year}年度科学技术奖推荐申报工作。</p>"
            ),
            body=[
                (
                    "paragraph",
                    "<h2>申报条件</h2><p>申报项目应完成两年以上并经实际应用，知识产权清晰，无争议；"
                    "同一项目不得同时申报其他社会力量设立的科学技术奖。</p>"
                    "<h2>申报程序</h2><p>申报单位在会员服务平台在线填报，选择推荐单位；推荐单位在线确认推荐后，"
                    "申报材料即提交协会。纸质材料一式两份寄送协会秘书处。</p>"
                    "<h2>诚信要求</h2><p>经查实弄虚作假的，撤销奖励，三年内不再受理其申报。</p>",
                )
            ],
        )
        parent.add_child(instance=page)
        page.save_revision().publish()

    # Nominations ------------------------------------------------------------------------

    def persons(self, count: int, rng: random.Random) -> list[dict]:
        # Distinct names: one project never lists the same person twice.
        names = rng.sample([surname + given for surname in SURNAMES for given in GIVEN], count)
        rows = []
        for position, name in enumerate(names):
            rows.append(
                {
                    "name": name,
                    "unit_name": "",
                    "professional_title": rng.choice(TITLES),
                    "contribution": CONTRIBUTIONS[position % len(CONTRIBUTIONS)],
                }
            )
        return rows

    def prepare(self, round, nominee: Nominee, organization, user, award: bool) -> Application:
        rng = random.Random(nominee.title)
        application = projects.start_project(
            round,
            organization,
            user=user,
            title=nominee.title,
            field=self.field(nominee.expertise),
            level=nominee.level if award else "",
            recommending_unit=self.units[nominee.unit] if award else None,
        )
        if nominee.target == S.DRAFT and not nominee.extra.get("declined"):
            return application
        completed = self.today.replace(year=self.today.year - 2, month=12, day=31)
        projects.update_project(
            application,
            user=user,
            data={
                "innovations": f"围绕“{nominee.title}”，突破了工艺稳定控制、装备国产化和智能运行等关键技术，"
                "形成了自主知识产权的成套技术，获授权发明专利多项。",
                "application_and_benefits": "成果已在多个城市推广应用，近三年新增产值和节支总额显著，"
                "污染物减排和资源化效益明显。",
                "started_on": completed.replace(year=completed.year - 4, month=1, day=1),
                "completed_on": completed,
            },
            application_data={
                "contact_name": user.get_full_name(),
                "contact_phone": "010-6391 2288",
                "contact_email": user.email,
                "summary": f"{nominee.title}项目针对行业共性技术难题开展系统研究，成果经第三方检测和用户应用验证，"
                "主要技术指标达到国内领先水平。",
                "declaration": True,
            },
        )
        partners = rng.sample(PARTNERS, max(nominee.units - 1, 0))
        unit_rows = [
            {
                "name": organization.name,
                "organization": organization,
                "province": organization.province,
            }
        ]
        unit_rows += [{"name": name, "province": province} for name, province in partners]
        projects.save_units(application, user=user, rows=unit_rows)
        person_rows = self.persons(nominee.persons, rng)
        names = [row["name"] for row in unit_rows]
        for index, row in enumerate(person_rows):
            row["unit_name"] = names[0] if index < 2 else names[index % len(names)]
        projects.save_persons(application, user=user, rows=person_rows)
        for document in round.scheme.required_documents.all():
            services.add_attachment(
                application,
                user=user,
                file=ContentFile(demo_pdf(document.name), name=f"{document.name}.pdf"),
                requirement=document,
            )
        return application

    def review(
        self,
        application: Application,
        share: float,
        *,
        finish: int | None = None,
        due_on: datetime.date | None = None,
    ) -> None:
        rng = random.Random(application.number)
        panel = (
            AwardPanel.objects.filter(
                round=application.round, fields=application.project.field
            ).first()
            or AwardPanel.objects.filter(round=application.round).first()
        )
        if panel is not None:
            awards.assign_panel(
                application,
                panel,
                user=self.staff,
                due_on=due_on or self.today + datetime.timedelta(days=21),
            )
        reviews = list(application.reviews.active().select_related("expert__person__user"))
        # The demo expert's assignment is the one left to declare and score.
        reviews.sort(key=lambda review: review.expert.person.user.email == "expert@example.org")
        levels = [level.code for level in self.scheme.award.levels.all()]
        for index, review in enumerate(reviews):
            user = review.expert.person.user
            if finish is not None and index >= finish:
                if (
                    index == finish
                    and user.email != "expert@example.org"
                    and len(reviews) > finish + 1
                ):
                    services.declare_conflict(
                        review, user=user, reason="本人曾参与该项目第二完成单位的课题评审咨询。"
                    )
                continue  # left open for the expert to declare and score
            services.declare_no_conflict(review, user=user)
            entries = {}
            for criterion in application.criteria_set.criteria.all():
                if criterion.kind == Criterion.Kind.INDICATOR:
                    value = max(0.0, min(1.0, share + rng.uniform(-0.05, 0.04)))
                    entries[criterion.pk] = (
                        (criterion.max_points * Decimal(str(value))).quantize(Decimal("0.5")),
                        "",
                    )
            bands = application.criteria_set.ordered_bands()
            total = sum(v for v, _c in entries.values())
            recommended = next((b.code for b in bands if total >= b.min_score), "")
            services.save_scores(
                review,
                user=user,
                entries=entries,
                opinion="技术路线合理，创新点明确，工程应用效果良好；建议补充长期运行数据。",
                recommendation=recommended
                if recommended in levels or recommended == "不授奖"
                else "",
            )
            services.submit_review(review, user=user)

    def nominate(self, round: Round, nominee: Nominee, *, historical: bool) -> Application | None:
        if Project.objects.filter(title=nominee.title, application__round=round).exists():
            return None
        organization = self.organizations[nominee.org % len(self.organizations)]
        contact = self.base.contact_for(organization)
        actor = self.staff if historical else contact
        unit = self.units[nominee.unit]
        unit_user = unit.confirmers().first()
        application = self.prepare(round, nominee, organization, actor, award=True)
        target = nominee.target
        if target == S.DRAFT and not nominee.extra.get("declined"):
            return application
        awards.request_recommendation(application, user=actor)
        if nominee.extra.get("declined"):
            awards.decline_recommendation(
                application,
                user=unit_user,
                reason="项目应用证明仅有一家用户单位，推广应用情况不足以支撑申报等级，请补充后再申请推荐。",
            )
            return application
        if target == S.ENDORSEMENT:
            return application
        recommender = self.staff if historical else unit_user
        awards.confirm_recommendation(
            application,
            user=recommender,
            opinion=f"经审核，该项目材料真实，技术水平和应用效益突出，同意推荐申报{nominee.level}。",
        )
        if target == S.WITHDRAWN:
            services.withdraw(
                application, user=actor, reason="项目核心专利权属正在办理变更，暂缓申报。"
            )
            return application
        if target == S.SUBMITTED:
            return application
        awards.record_paper_copy(
            application, user=self.staff, on=round.closes_on if historical else self.today
        )
        services.start_formal_review(application, user=self.staff)
        if nominee.extra.get("fraud"):
            awards.record_fraud(
                application,
                user=self.staff,
                reason="经核查，申报材料中三家用户单位的应用证明及盖章系伪造。",
                starts_on=round.closes_on,
            )
            return application
        if target == S.FORMAL_REVIEW:
            return application
        if target in (S.RETURNED, S.RESUBMITTED):
            services.return_for_correction(
                application,
                user=self.staff,
                reason="成果信息表中第三完成单位未盖章，经济效益证明缺少财务部门签章，请补正。",
                due_on=self.today + datetime.timedelta(days=15),
            )
            if target == S.RESUBMITTED:
                services.resubmit(application, user=contact, reason="已补充盖章页和财务签章。")
            return application
        if target == S.REJECTED and not nominee.extra.get("not_awarded"):
            services.reject(
                application,
                user=self.staff,
                reason="项目完成时间不足两年，且尚未经实际应用验证，不符合申报条件。",
            )
            return application
        checklist = {str(d.pk): True for d in application.scheme.required_documents.all()}
        services.accept_for_expert_review(application, user=self.staff, checklist=checklist)
        if target == S.EXPERT_REVIEW:
            self.review(application, nominee.share, finish=1)
            return application
        # Last year's experts had until the committee met.
        self.review(
            application,
            nominee.share,
            due_on=awards.award_round(round).committee_meets_on if historical else None,
        )
        services.close_expert_review(application, user=self.staff)
        if nominee.extra.get("not_awarded"):
            awards.record_committee_vote(
                application,
                user=self.staff,
                level="三等奖",
                members_present=13,
                votes_for=4,
                votes_against=8,
                abstentions=1,
                note="多数委员认为创新性不足。",
            )
            services.reject(application, user=self.staff, reason="评审委员会表决未通过，不予授奖。")
            return application
        if nominee.extra.get("failed_vote"):
            awards.record_committee_vote(
                application,
                user=self.staff,
                level="一等奖",
                members_present=14,
                votes_for=8,
                votes_against=5,
                abstentions=1,
                note="未达到三分之二，拟在下次会议表决二等奖。",
            )
            return application
        if target == S.PANEL_DECISION:
            return application
        level = nominee.voted or nominee.level
        awards.record_committee_vote(
            application,
            user=self.staff,
            level=level,
            members_present=14,
            votes_for=12,
            votes_against=1,
            abstentions=1,
        )
        if historical:
            starts_on = round.closes_on + datetime.timedelta(days=100)
        elif nominee.extra.get("closed") or nominee.extra.get("early"):
            starts_on = self.today - datetime.timedelta(days=35)
        else:
            starts_on = self.today - datetime.timedelta(days=3)
        awards.start_award_publicity(application, user=self.staff, starts_on=starts_on)
        if nominee.extra.get("objection"):
            services.lodge_objection(
                application,
                name="陈志强",
                organization="某环保设备有限公司",
                phone="139 1234 5678",
                email="chen.zq@example.com",
                grounds="该项目的防护装备检测报告出具时间晚于项目完成时间，请核实检测数据的真实性。",
            )
        if target == S.PUBLICITY:
            return application
        awards.record_consent(application, user=actor, signatory="王建国")
        decided = starts_on + datetime.timedelta(days=35)
        services.approve(application, user=self.staff, today=min(decided, self.today))
        return application

    def evaluate(self, round: Round, item) -> Application | None:
        title, field_name, target, org, share = item
        if Project.objects.filter(title=title, application__round=round).exists():
            return None
        organization = self.organizations[org % len(self.organizations)]
        contact = self.base.contact_for(organization)
        nominee = Nominee(title, field_name, target, org, persons=5, units=2)
        application = self.prepare(round, nominee, organization, contact, award=False)
        services.submit(application, user=contact)
        if target == S.SUBMITTED:
            return application
        services.start_formal_review(application, user=self.staff)
        checklist = {str(d.pk): True for d in application.scheme.required_documents.all()}
        services.accept_for_expert_review(application, user=self.staff, checklist=checklist)
        rng = random.Random(title)
        size = 5 if target == S.APPROVED else 7
        panel = [
            expert
            for expert in self.jury
            if not expert.has_conflict_with(organization)
            and not expert.is_same_organization(organization)
        ][:size]
        for index, expert in enumerate(panel):
            review = services.assign_expert(application, expert, user=self.staff)
            if target != S.APPROVED and (
                index >= 3 or expert.person.user.email == "expert@example.org"
            ):
                continue
            user = expert.person.user
            services.declare_no_conflict(review, user=user)
            entries = {
                criterion.pk: (
                    (
                        criterion.max_points
                        * Decimal(str(max(0.0, min(1.0, share + rng.uniform(-0.04, 0.04)))))
                    ).quantize(Decimal("0.5")),
                    "",
                )
                for criterion in application.criteria_set.criteria.all()
                if criterion.kind == Criterion.Kind.INDICATOR
            }
            services.save_scores(
                review, user=user, entries=entries, opinion="成果技术先进，应用前景广阔。"
            )
            services.submit_review(review, user=user)
        if target == S.EXPERT_REVIEW:
            return application
        services.close_expert_review(application, user=self.staff)
        services.approve_without_publicity(application, user=self.staff)
        return application


def load(stdout=None) -> None:
    defaults_awards.install_all()
    created = 0
    with muted_notifications():
        builder = AwardBuilder(stdout)
        # The demo shows blind review: experts of the award see the project, not its people.
        Scheme.objects.filter(pk=builder.scheme.pk).update(blind_review=True)
        year = builder.today.year
        past = builder.ensure_round(builder.scheme, year - 1, current=False)
        current = builder.ensure_round(builder.scheme, year, current=True)
        evaluation = builder.ensure_round(builder.evaluation, year, current=True)
        for round in (past, current):
            builder.ensure_call_page(round)
        for round, nominees, historical in ((past, PAST, True), (current, CURRENT, False)):
            for nominee in nominees:
                with transaction.atomic():
                    if builder.nominate(round, nominee, historical=historical) is not None:
                        created += 1
        for item in ACHIEVEMENTS:
            with transaction.atomic():
                if builder.evaluate(evaluation, item) is not None:
                    created += 1
    # Objections on demo data are left open for staff to resolve.
    say(
        stdout,
        f"awards and evaluations: {created} created, {Objection.objects.filter(application__nomination__isnull=False).count()} objections\n",
    )
