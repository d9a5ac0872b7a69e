"""The schemes the product ships with (DESIGN §5), as data the secretariat can change later.

`install(spec, get_model)` creates a scheme with its checklist, a first published criteria set
and a first round if the scheme does not exist yet; it never touches an existing scheme, so
the secretariat's edits survive. Migrations call it with historical models, the demo with
the real ones.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

GROUP, SCORED, DEDUCT, VETO = "group", "indicator", "deduction", "veto"


def c(code, name, kind=SCORED, points=None, **extra) -> dict[str, Any]:
    return {"code": code, "name": name, "kind": kind, "max_points": points, **extra}


CREDIT_RATING: dict[str, Any] = {
    "code": "credit-rating",
    "name": "企业信用评价",
    "name_en": "Enterprise credit rating",
    "subject_kind": "organization",
    "certificate_prefix": "XY",
    "certificate_title": "企业信用等级证书",
    "description": (
        "依据商务部、国务院国资委行业信用评价工作有关规定，对会员企业的综合素质、财务状况、"
        "管理水平、竞争力和社会信用进行评价，评价结果分为三等九级，证书有效期三年，"
        "有效期内进行两次年度复查。"
    ),
    "validity_years": 3,
    "annual_checks": 2,
    "publicity_length": 10,
    "publicity_unit": "days",
    "aggregation": "mean",
    "min_reviews": 3,
    "require_good_standing": True,
    "min_accounting_years": 3,
    "min_operation_months": None,
    "sort_order": 10,
    "documents": [
        ("信用评价申报书", "加盖单位公章的申报书原件扫描件"),
        ("营业执照副本", "统一社会信用代码清晰可辨"),
        ("近三年经审计的财务报表", "含审计报告、资产负债表、利润表和现金流量表"),
        ("资质证书及管理体系认证证书", "作业资质、ISO 9001/14001/45001 等"),
        ("纳税及信用证明", "纳税信用等级证明、信用报告或无违法违规证明"),
        ("信用承诺书", "法定代表人签字并加盖公章"),
    ],
    "criteria_title": "企业信用评价指标（2026版）",
    "criteria": [
        c("1", "综合素质", GROUP, 15),
        c(
            "1.1",
            "企业资质与规模",
            SCORED,
            4,
            evidence="营业执照、资质证书、从业人员名册",
            levels="优：资质齐全、规模居行业前列（4分）\n良：资质齐全（3分）\n一般：资质基本满足（1–2分）",
        ),
        c("1.2", "主要负责人素质", SCORED, 3, evidence="主要负责人简历、职称证书"),
        c("1.3", "员工素质与培训", SCORED, 4, evidence="专业技术人员名册、持证上岗与培训记录"),
        c("1.4", "发展战略与企业文化", SCORED, 4, evidence="发展规划、企业文化建设材料"),
        c("2", "财务状况", GROUP, 30),
        c(
            "2.1",
            "盈利能力",
            SCORED,
            8,
            evidence="近三年审计报告",
            rule="营业收入、营业利润率、净资产收益率",
        ),
        c(
            "2.2",
            "偿债能力",
            SCORED,
            8,
            evidence="近三年审计报告",
            rule="资产负债率、流动比率、速动比率",
        ),
        c(
            "2.3",
            "营运能力",
            SCORED,
            7,
            evidence="近三年审计报告",
            rule="应收账款周转率、总资产周转率",
        ),
        c(
            "2.4",
            "成长能力",
            SCORED,
            7,
            evidence="近三年审计报告",
            rule="营业收入增长率、净利润增长率",
        ),
        c("3", "管理水平", GROUP, 20),
        c("3.1", "质量管理体系", SCORED, 5, evidence="ISO 9001 证书及内审记录"),
        c("3.2", "环境与职业健康安全管理", SCORED, 5, evidence="ISO 14001、ISO 45001 证书"),
        c("3.3", "作业规范与标准化", SCORED, 5, evidence="作业标准、台账、监督考核记录"),
        c("3.4", "信息化与智慧环卫", SCORED, 5, evidence="信息化平台截图、车辆定位与作业监管记录"),
        c("4", "竞争力", GROUP, 15),
        c("4.1", "市场占有与服务规模", SCORED, 5, evidence="在履行合同清单、服务面积或处理规模"),
        c("4.2", "技术创新与装备水平", SCORED, 5, evidence="专利、科技奖励、机械化作业率"),
        c("4.3", "品牌与荣誉", SCORED, 5, evidence="近三年获得的表彰和荣誉"),
        c("5", "社会信用", GROUP, 20, cap=10),
        c("5.1", "纳税信用", SCORED, 6, evidence="纳税信用等级证明"),
        c("5.2", "合同履约与银行信用", SCORED, 7, evidence="银行资信证明、主要客户履约评价"),
        c("5.3", "社会责任", SCORED, 7, evidence="社会保险缴纳证明、环卫工人关爱与公益活动"),
        c(
            "5.4",
            "行政处罚（每起扣2分）",
            DEDUCT,
            6,
            rule="近三年受到行业主管部门行政处罚的，每起扣2分",
        ),
        c(
            "5.5",
            "安全生产事故（每起扣5分）",
            DEDUCT,
            10,
            rule="近三年发生一般及以上安全生产责任事故的，每起扣5分",
        ),
        c("6", "否决项", GROUP, None),
        c(
            "6.1",
            "被列入严重失信主体名单",
            VETO,
            None,
            rule="在“信用中国”等平台被列为严重失信主体的，不予评级",
        ),
        c("6.2", "提供虚假申报材料", VETO, None, rule="经查实提供虚假材料的，不予评级"),
    ],
    "bands": [
        ("AAA", "AAA级", 90, True),
        ("AA", "AA级", 80, True),
        ("A", "A级", 70, True),
        ("BBB", "BBB级", 60, True),
        ("BB", "BB级", 50, False),
        ("B", "B级", 40, False),
        ("CCC", "CCC级", 30, False),
        ("CC", "CC级", 20, False),
        ("C", "C级", 0, False),
    ],
}

PLANT_GRADING: dict[str, Any] = {
    "code": "plant-grading",
    "name": "生活垃圾焚烧厂等级评价",
    "name_en": "Waste incineration plant grading",
    "subject_kind": "plant",
    "certificate_prefix": "FS",
    "certificate_title": "生活垃圾焚烧厂等级评价证书",
    "description": (
        "依据《生活垃圾焚烧厂评价标准》（CJJ/T 137），从工程建设水平和运行管理两方面评价，"
        "等级分为AAA、AA、A、B、C级。正式运行满一年的焚烧厂可申报，经自评、资料与台账审查、"
        "现场核查、专家评议和公示后颁发证书和标牌，每三年重新评价。"
    ),
    "validity_years": 3,
    "annual_checks": 0,
    "publicity_length": 5,
    "publicity_unit": "working_days",
    "aggregation": "mean",
    "min_reviews": 3,
    "require_good_standing": True,
    "min_accounting_years": None,
    "min_operation_months": 12,
    "on_site_inspection": True,
    "sort_order": 20,
    "documents": [
        ("等级评价申报书", "加盖运营单位公章"),
        ("自评报告", "对照评价标准逐项自评并说明依据"),
        ("环评批复及竣工环境保护验收文件", ""),
        ("近一年运行台账", "进厂垃圾量、炉膛温度、焚烧量和上网电量等"),
        ("在线监测数据及第三方检测报告", "含二噁英年度检测报告"),
        ("安全生产与应急管理制度", "安全生产责任制、应急预案及演练记录"),
    ],
    "criteria_title": "生活垃圾焚烧厂评价指标（2026版）",
    "criteria": [
        c("1", "工程建设水平", GROUP, 30),
        c("1.1", "总体设计与工艺", GROUP, 8),
        c("1.1.1", "工艺路线与处理能力匹配", SCORED, 4, evidence="可研、初设文件"),
        c("1.1.2", "总图布置与物流组织", SCORED, 4, evidence="总平面布置图"),
        c("1.2", "主要设备与系统", GROUP, 12),
        c("1.2.1", "焚烧炉与余热锅炉", SCORED, 4, evidence="设备清单与性能测试报告"),
        c("1.2.2", "烟气净化系统", SCORED, 5, evidence="烟气净化工艺说明与验收报告"),
        c("1.2.3", "渗滤液处理系统", SCORED, 3, evidence="渗滤液处理工艺与出水检测报告"),
        c("1.3", "环境保护与安全设施", GROUP, 10),
        c("1.3.1", "在线监测与数据公开", SCORED, 4, evidence="在线监测联网证明、“装树联”落实情况"),
        c("1.3.2", "飞灰与炉渣处置设施", SCORED, 3, evidence="飞灰稳定化车间、炉渣综合利用协议"),
        c(
            "1.3.3",
            "消防、防爆与职业卫生设施",
            SCORED,
            3,
            evidence="消防验收意见、职业卫生评价报告",
        ),
        c("2", "运行管理", GROUP, 70, cap=10),
        c("2.1", "进厂垃圾管理", GROUP, 8),
        c(
            "2.1.1",
            "计量与台账",
            SCORED,
            4,
            evidence="地磅记录、进厂台账",
            levels="台账完整、数据可追溯（4分）\n台账基本完整（2–3分）\n台账缺失（0–1分）",
        ),
        c("2.1.2", "垃圾池管理与渗滤液导排", SCORED, 4),
        c("2.2", "焚烧运行", GROUP, 18),
        c(
            "2.2.1",
            "炉膛温度与烟气停留时间",
            SCORED,
            6,
            evidence="DCS 历史曲线",
            rule="炉膛温度≥850℃、烟气停留时间≥2秒",
        ),
        c("2.2.2", "负荷率与年运行时间", SCORED, 6, evidence="年度运行报表"),
        c("2.2.3", "炉渣热灼减率", SCORED, 6, evidence="炉渣检测报告", rule="热灼减率≤5%"),
        c("2.3", "污染物控制", GROUP, 22),
        c("2.3.1", "烟气排放稳定达标", SCORED, 8, evidence="在线监测日均值、超标记录"),
        c("2.3.2", "二噁英排放检测", SCORED, 5, evidence="年度二噁英检测报告"),
        c("2.3.3", "飞灰稳定化与安全处置", SCORED, 5, evidence="飞灰检测报告、转移联单"),
        c("2.3.4", "渗滤液与臭气控制", SCORED, 4),
        c("2.4", "安全与设备管理", GROUP, 12),
        c("2.4.1", "安全生产责任制与应急预案", SCORED, 6, evidence="制度文件、演练记录"),
        c("2.4.2", "设备维护与检修", SCORED, 6, evidence="检修计划与记录"),
        c("2.5", "管理制度与信息公开", GROUP, 10),
        c("2.5.1", "管理制度与人员培训", SCORED, 5),
        c("2.5.2", "环境信息公开与公众开放", SCORED, 5, evidence="公众开放日记录、信息公开网页"),
        c("2.6", "现场核查发现的问题（每项扣1–3分）", DEDUCT, 10, on_site=True),
        c("3", "否决项", GROUP, None),
        c(
            "3.1",
            "排放数据造假或烟气长期超标",
            VETO,
            None,
            rule="查实的，不予评级",
            on_site=True,
        ),
        c("3.2", "近一年发生重大安全或环境事故", VETO, None, veto_grade="B", rule="最高评为B级"),
    ],
    "bands": [
        ("AAA", "AAA级", 90, True),
        ("AA", "AA级", 80, True),
        ("A", "A级", 70, True),
        ("B", "B级", 60, True),
        ("C", "C级", 0, False),
    ],
}

# A municipal competition's scoring table (南通市“干净城市建设”劳动竞赛, 2024): sections
# with points, deductions per item and caps per section. Shipped inactive, in the demo, to
# show that the engine is general.
CLEAN_CITY_COMPETITION: dict[str, Any] = {
    "code": "clean-city-competition",
    "name": "“干净城市建设”劳动竞赛评分",
    "name_en": "Clean city labour competition",
    "subject_kind": "organization",
    "certificate_prefix": "JS",
    "certificate_title": "劳动竞赛先进集体",
    "description": "各县（市、区）环卫管理和作业单位参加，按项目建设、服务质效、创新创优和直接扣分项评分。",
    "is_active": False,
    "validity_years": 1,
    "annual_checks": 0,
    "publicity_length": 7,
    "publicity_unit": "days",
    "aggregation": "trimmed_mean",
    "min_reviews": 1,
    "require_good_standing": False,
    "min_accounting_years": None,
    "min_operation_months": None,
    "sort_order": 90,
    "documents": [("竞赛工作总结", "含项目建设完成情况和典型案例")],
    "criteria_title": "“干净城市建设”劳动竞赛评价标准",
    "criteria": [
        c("1", "项目建设", GROUP, 20, full=True),
        c("1.1", "未完成年度计划任务（每项扣7分）", DEDUCT, 20),
        c("1.2", "未按时完成建设任务（每延迟一个季度扣2分）", DEDUCT, 8),
        c("1.3", "设施建设标准评为较差（每例扣3分）", DEDUCT, 9),
        c("1.4", "现场抽查发现问题（每处扣0.5–1.5分）", DEDUCT, Decimal("4.5")),
        c("1.5", "工程建设中发生安全、环保事故（每例扣5–10分）", DEDUCT, 20),
        c("2", "服务质效", GROUP, 60),
        c("2.1", "城市干净指数折算得分", SCORED, 60, rule="按干净指数折算成60分"),
        c("3", "创新创优", GROUP, 20),
        c("3.1", "工作案例被市级以上主管部门采用", SCORED, 3),
        c("3.2", "环境清洁行动推进有力", SCORED, 20),
        c("3.3", "推行体制机制改革，提升工作质效", SCORED, 10),
        c("3.4", "推广使用新设备、新工艺、新模式", SCORED, 3),
        c("4", "直接扣分项（安全环保、和谐团队）", GROUP, None, cap=15),
        c("4.1", "信息化未实现实时监管、远程指挥全覆盖（每个问题扣1–5分）", DEDUCT, 15),
        c("4.2", "发生安全或环保事故（扣2–10分）", DEDUCT, 10),
        c("4.3", "团队培训、节日活动、待遇保障、机构建设问题（每处扣2分）", DEDUCT, 10),
    ],
    "bands": [
        ("优秀", "优秀", 90, True),
        ("良好", "良好", 75, True),
        ("合格", "合格", 60, False),
        ("不合格", "不合格", 0, False),
    ],
}

SHIPPED = [CREDIT_RATING, PLANT_GRADING]


def default_get_model(app_label: str, model_name: str):
    """Live models outside migrations (which pass their historical get_model)."""
    from django.apps import apps

    return apps.get_model(app_label, model_name)


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def install(spec: dict[str, Any], get_model=default_get_model, *, round_year: int | None = None):
    """Create the scheme described by `spec` unless one with its code exists; returns it."""
    Scheme = get_model("certification", "Scheme")
    existing = Scheme.objects.filter(code=spec["code"]).first()
    if existing is not None:
        return existing
    RequiredDocument = get_model("certification", "RequiredDocument")
    CriteriaSet = get_model("certification", "CriteriaSet")
    Criterion = get_model("certification", "Criterion")
    GradeBand = get_model("certification", "GradeBand")
    Round = get_model("certification", "Round")
    fields = {
        key: spec[key]
        for key in (
            "code",
            "name",
            "name_en",
            "subject_kind",
            "certificate_prefix",
            "certificate_title",
            "description",
            "validity_years",
            "annual_checks",
            "publicity_length",
            "publicity_unit",
            "aggregation",
            "min_reviews",
            "require_good_standing",
            "min_accounting_years",
            "min_operation_months",
            "sort_order",
        )
    }
    # Fields added after migration 0002, which runs this with the models of its time.
    if "on_site_inspection" in spec and _has_field(Scheme, "on_site_inspection"):
        fields["on_site_inspection"] = spec["on_site_inspection"]
    on_site = {"on_site": False} if _has_field(Criterion, "on_site") else None
    scheme = Scheme.objects.create(is_active=spec.get("is_active", True), **fields)
    for order, (name, description) in enumerate(spec["documents"]):
        RequiredDocument.objects.create(
            scheme=scheme, sort_order=order, name=name, description=description
        )
    criteria_set = CriteriaSet.objects.create(
        scheme=scheme,
        version=1,
        title=spec["criteria_title"],
        status="published",
        published_at=datetime.datetime.now(datetime.UTC),
    )
    Criterion.objects.bulk_create(
        Criterion(
            criteria_set=criteria_set,
            sort_order=order,
            code=item["code"],
            name=item["name"],
            kind=item["kind"],
            max_points=Decimal(str(item["max_points"])) if item["max_points"] is not None else None,
            starts_full=item.get("full", False),
            deduction_cap=Decimal(str(item["cap"])) if item.get("cap") is not None else None,
            description=item.get("rule", ""),
            level_descriptions=item.get("levels", ""),
            evidence_required=item.get("evidence", ""),
            veto_grade=item.get("veto_grade", ""),
            **({"on_site": item.get("on_site", False)} if on_site is not None else {}),
        )
        for order, item in enumerate(spec["criteria"])
    )
    GradeBand.objects.bulk_create(
        GradeBand(
            criteria_set=criteria_set,
            sort_order=order,
            code=code,
            label=label,
            min_score=Decimal(str(minimum)),
            certified=certified,
        )
        for order, (code, label, minimum, certified) in enumerate(spec["bands"])
    )
    if round_year is not None:
        Round.objects.create(
            scheme=scheme,
            name=f"{round_year}年度",
            year=round_year,
            opens_on=datetime.date(round_year, 1, 1),
            closes_on=datetime.date(round_year, 12, 31),
            criteria_set=criteria_set,
            description=f"{round_year}年度{scheme.name}申报。",
        )
    return scheme
