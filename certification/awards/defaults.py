"""The award and the achievement evaluation the product ships with (DESIGN §5), as data.

Both are ordinary schemes of the core (installed by `defaults.install`) whose subject is a
project; the award also gets its settings and level caps. Existing schemes are left alone,
so the secretariat's edits survive. Migrations call `install_all` with historical models.
"""

from __future__ import annotations

from typing import Any

from ..defaults import GROUP, SCORED, c, default_get_model, install

SCIENCE_AWARD: dict[str, Any] = {
    "code": "science-award",
    "name": "科学技术奖",
    "name_en": "Science and Technology Award",
    "subject_kind": "project",
    "certificate_prefix": "KJ",
    "certificate_title": "科学技术奖证书",
    "description": (
        "表彰在城市环境卫生领域科学研究、技术创新与推广应用中作出突出贡献的项目、单位和个人。"
        "设科技进步奖，分一等奖、二等奖、三等奖，每年评审一次。申报须经推荐单位在线确认推荐，"
        "经形式审查、受理公示、专家评审、评审委员会表决和拟授奖公示后授奖。"
    ),
    "validity_years": 0,
    "annual_checks": 0,
    "publicity_length": 30,
    "publicity_unit": "days",
    "aggregation": "mean",
    "min_reviews": 3,
    "require_good_standing": False,
    "min_accounting_years": None,
    "min_operation_months": None,
    "sort_order": 30,
    "documents": [
        ("申报书", "按申报通知模板填写，推荐单位和完成单位盖章页扫描件"),
        ("成果信息表", "项目基本信息、主要完成单位和完成人排序"),
        ("技术报告（匿名版）", "隐去完成单位和完成人信息，供专家匿名评审"),
        ("证明材料", "应用证明、经济效益证明、知识产权、检测报告、查新报告等"),
    ],
    "criteria_title": "科学技术奖（科技进步奖）评审指标（2026版）",
    "criteria": [
        c("1", "创新程度", GROUP, 30),
        c(
            "1.1",
            "技术创新点及创新程度",
            SCORED,
            20,
            levels="原始创新、填补国内外空白（17–20分）\n集成创新、显著改进（12–16分）\n一般改进（0–11分）",
        ),
        c("1.2", "知识产权与标准", SCORED, 10, evidence="专利、软件著作权、标准"),
        c("2", "技术经济指标先进程度", GROUP, 25),
        c("2.1", "主要技术经济指标", SCORED, 15, evidence="检测报告、运行数据"),
        c("2.2", "与国内外同类技术比较", SCORED, 10, evidence="查新报告"),
        c("3", "经济社会效益", GROUP, 25),
        c("3.1", "经济效益", SCORED, 10, evidence="近三年经济效益证明"),
        c("3.2", "社会与生态环境效益", SCORED, 15),
        c("4", "推动行业科技进步作用", GROUP, 20),
        c("4.1", "推广应用程度", SCORED, 10, evidence="应用证明"),
        c("4.2", "对行业技术进步的促进作用", SCORED, 10),
    ],
    "bands": [
        ("一等奖", "一等奖", 85, True),
        ("二等奖", "二等奖", 75, True),
        ("三等奖", "三等奖", 65, True),
        ("不授奖", "不授奖", 0, False),
    ],
    # Core settings beyond what defaults.install copies.
    "extra": {
        "self_assessment": False,
        "recommendation_required": True,
        "blind_review": False,
    },
    "blind_documents": ["技术报告（匿名版）"],
    "optional_documents": ["技术报告（匿名版）"],
    "award": {
        "category": "科技进步奖",
        "ban_years": 3,
        "consent_text": (
            "本单位确认申报材料真实有效，同意接受授奖，同意公布项目名称、主要完成单位和主要完成人，"
            "并按授奖等级的名额限制颁发证书。"
        ),
        # level, persons at most, units at most, votes needed
        "levels": [
            ("一等奖", 15, 7, "two_thirds"),
            ("二等奖", 9, 5, "half"),
            ("三等奖", 7, 4, "half"),
        ],
    },
}

ACHIEVEMENT_EVALUATION: dict[str, Any] = {
    "code": "achievement-evaluation",
    "name": "科技成果评价",
    "name_en": "Evaluation of scientific and technological achievements",
    "subject_kind": "project",
    "certificate_prefix": "CG",
    "certificate_title": "科技成果评价证书",
    "description": (
        "受成果完成单位委托，组织5至9名（单数）同行专家对科技成果的创新性、先进性、成熟度和应用前景"
        "独立评分，形成国际领先、国际先进、国内领先或国内先进的评价结论，出具评价证书和评价报告。"
    ),
    "validity_years": 0,
    "annual_checks": 0,
    "publicity_length": 0,
    "publicity_unit": "days",
    "aggregation": "mean",
    "min_reviews": 5,
    "require_good_standing": False,
    "min_accounting_years": None,
    "min_operation_months": None,
    "sort_order": 40,
    "documents": [
        ("成果评价申请表", "成果完成单位盖章"),
        ("技术研究报告", "研究内容、技术路线、创新点、主要技术指标"),
        ("工作总结报告", "研究过程、组织实施和完成情况"),
        ("科技查新报告", "具有资质的查新机构出具，一年内有效"),
        ("检测报告或测试分析报告", "第三方检测机构出具"),
        ("应用证明", "用户使用报告、经济社会效益证明"),
    ],
    "criteria_title": "科技成果评价指标（2026版）",
    "criteria": [
        c("1", "创新性", SCORED, 30, rule="技术原理、方法或集成方式的新颖程度"),
        c("2", "先进性", SCORED, 30, rule="主要技术经济指标与国内外同类技术比较"),
        c("3", "技术成熟度", SCORED, 15, rule="工程化、产业化程度与稳定运行情况"),
        c("4", "经济社会效益", SCORED, 15),
        c("5", "推广应用前景", SCORED, 10),
    ],
    "bands": [
        ("国际领先", "国际领先", 90, True),
        ("国际先进", "国际先进", 80, True),
        ("国内领先", "国内领先", 70, True),
        ("国内先进", "国内先进", 60, True),
        ("未达到", "未达到国内先进水平", 0, False),
    ],
    "extra": {
        "self_assessment": False,
        "recommendation_required": False,
        "blind_review": False,
        "max_reviews": 9,
        "odd_panel": True,
        "max_experts_per_organization": 2,
    },
}

SHIPPED_PROJECT_SCHEMES = [SCIENCE_AWARD, ACHIEVEMENT_EVALUATION]


def install_project_scheme(spec: dict[str, Any], get_model=default_get_model):
    """Install the scheme (unless its code exists) with its extra settings and award levels."""
    Scheme = get_model("certification", "Scheme")
    if Scheme.objects.filter(code=spec["code"]).exists():
        return Scheme.objects.get(code=spec["code"])
    scheme = install(spec, get_model)
    Scheme.objects.filter(pk=scheme.pk).update(**spec.get("extra", {}))
    RequiredDocument = get_model("certification", "RequiredDocument")
    RequiredDocument.objects.filter(scheme=scheme, name__in=spec.get("blind_documents", [])).update(
        blind_visible=True
    )
    RequiredDocument.objects.filter(
        scheme=scheme, name__in=spec.get("optional_documents", [])
    ).update(is_required=False)
    award = spec.get("award")
    if award:
        AwardScheme = get_model("certification", "AwardScheme")
        AwardLevel = get_model("certification", "AwardLevel")
        settings = AwardScheme.objects.create(
            scheme=scheme,
            category=award["category"],
            ban_years=award["ban_years"],
            consent_text=award["consent_text"],
        )
        for order, (code, persons, units, majority) in enumerate(award["levels"]):
            AwardLevel.objects.create(
                award=settings,
                sort_order=order,
                code=code,
                max_persons=persons,
                max_units=units,
                majority=majority,
            )
    return Scheme.objects.get(pk=scheme.pk)


def install_all(get_model=default_get_model) -> None:
    for spec in SHIPPED_PROJECT_SCHEMES:
        install_project_scheme(spec, get_model)
