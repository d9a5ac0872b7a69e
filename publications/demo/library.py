"""Demo policy documents, group standards, bulletin issues and ISWA articles."""

from __future__ import annotations

import datetime

D = datetime.date

# slug, title, 文号, issuing body, category, status, issued, effective, summary
POLICIES = [
    (
        "solid-waste-law",
        "中华人民共和国固体废物污染环境防治法",
        "中华人民共和国主席令第四十三号",
        "全国人民代表大会常务委员会",
        "law",
        "in_force",
        D(2020, 4, 29),
        D(2020, 9, 1),
        "规定了固体废物污染环境防治的基本制度，设专章规范生活垃圾分类、收运和处理，明确推行生活垃圾分类制度。",
    ),
    (
        "environmental-protection-law",
        "中华人民共和国环境保护法",
        "中华人民共和国主席令第九号",
        "全国人民代表大会常务委员会",
        "law",
        "in_force",
        D(2014, 4, 24),
        D(2015, 1, 1),
        "环境保护领域的基础性法律，确立了保护优先、预防为主、综合治理、公众参与、损害担责的原则。",
    ),
    (
        "city-appearance-regulation",
        "城市市容和环境卫生管理条例",
        "国务院令第101号",
        "国务院",
        "administrative_regulation",
        "in_force",
        D(1992, 6, 28),
        D(1992, 8, 1),
        "规定城市市容和环境卫生管理的职责分工、环境卫生设施的规划建设和城市生活废弃物的清扫、收集、运输和处理。",
    ),
    (
        "municipal-waste-measures",
        "城市生活垃圾管理办法",
        "建设部令第157号",
        "建设部",
        "departmental_rule",
        "in_force",
        D(2007, 4, 28),
        D(2007, 7, 1),
        "对城市生活垃圾的治理规划、设施建设、清扫收集运输、处置和监督管理作出规定。",
    ),
    (
        "construction-waste-rules",
        "城市建筑垃圾管理规定",
        "建设部令第139号",
        "建设部",
        "departmental_rule",
        "in_force",
        D(2005, 3, 23),
        D(2005, 6, 1),
        "规范城市建筑垃圾的倾倒、运输、中转、回填、消纳和利用等处置活动。",
    ),
    (
        "public-toilet-measures",
        "城市公厕管理办法",
        "建设部令第9号",
        "建设部",
        "departmental_rule",
        "in_force",
        D(1990, 12, 31),
        D(1991, 1, 1),
        "对城市公厕的规划、建设、维修和管理作出规定。",
    ),
    (
        "sorting-implementation-plan",
        "生活垃圾分类制度实施方案",
        "国办发〔2017〕26号",
        "国务院办公厅",
        "normative_document",
        "in_force",
        D(2017, 3, 18),
        None,
        "提出在46个重点城市先行实施生活垃圾强制分类，明确分类类别、责任主体和保障措施。",
    ),
    (
        "sorting-opinions-2020",
        "关于进一步推进生活垃圾分类工作的若干意见",
        "建城〔2020〕93号",
        "住房和城乡建设部等部门",
        "normative_document",
        "in_force",
        D(2020, 11, 27),
        None,
        "提出到2025年底前地级及以上城市基本建立生活垃圾分类投放、收集、运输、处理系统。",
    ),
    (
        "fourteenth-five-year-plan",
        "“十四五”城镇生活垃圾分类和处理设施发展规划",
        "发改环资〔2021〕642号",
        "国家发展改革委、住房和城乡建设部",
        "normative_document",
        "in_force",
        D(2021, 5, 6),
        None,
        "明确“十四五”时期生活垃圾分类收运能力、焚烧处理能力和厨余垃圾处理能力的发展目标。",
    ),
    (
        "infrastructure-opinions-2022",
        "关于加快推进城镇环境基础设施建设的指导意见",
        "国办函〔2022〕7号",
        "国务院办公厅",
        "normative_document",
        "in_force",
        D(2022, 1, 12),
        None,
        "要求加快补齐生活垃圾分类和处理设施短板，推进垃圾焚烧处理设施建设。",
    ),
    (
        "gb-18485",
        "生活垃圾焚烧污染控制标准（GB 18485—2014）",
        "GB 18485—2014",
        "环境保护部、国家质量监督检验检疫总局",
        "standard",
        "in_force",
        D(2014, 5, 16),
        D(2014, 7, 1),
        "规定生活垃圾焚烧厂的选址、技术要求、入炉废物要求、运行要求和污染物排放限值。",
    ),
    (
        "gb-16889",
        "生活垃圾填埋场污染控制标准（GB 16889—2008）",
        "GB 16889—2008",
        "环境保护部、国家质量监督检验检疫总局",
        "standard",
        "in_force",
        D(2008, 4, 2),
        D(2008, 7, 1),
        "规定生活垃圾填埋场选址、设计与施工、填埋废物入场条件、运行、封场和污染物排放控制要求。",
    ),
    (
        "gb-t-19095-2019",
        "生活垃圾分类标志（GB/T 19095—2019）",
        "GB/T 19095—2019",
        "国家市场监督管理总局、国家标准化管理委员会",
        "standard",
        "in_force",
        D(2019, 11, 26),
        D(2019, 12, 1),
        "规定可回收物、有害垃圾、厨余垃圾和其他垃圾四个大类及其小类的图形符号和标志设置要求。",
    ),
    (
        "gb-t-19095-2008",
        "城市生活垃圾分类标志（GB/T 19095—2008）",
        "GB/T 19095—2008",
        "国家质量监督检验检疫总局、国家标准化管理委员会",
        "standard",
        "repealed",
        D(2008, 6, 4),
        D(2009, 1, 1),
        "原城市生活垃圾分类标志标准，已被GB/T 19095—2019代替。",
    ),
    (
        "cjj-t-137",
        "生活垃圾焚烧厂评价标准（CJJ/T 137—2019）",
        "CJJ/T 137—2019",
        "住房和城乡建设部",
        "standard",
        "in_force",
        D(2019, 6, 18),
        D(2019, 11, 1),
        "从工程建设水平和运行管理两方面规定生活垃圾焚烧厂的评价内容、方法和等级。",
    ),
    (
        "cjj-27",
        "环境卫生设施设置标准（CJJ 27—2012）",
        "CJJ 27—2012",
        "住房和城乡建设部",
        "standard",
        "in_force",
        D(2012, 12, 24),
        D(2013, 5, 1),
        "规定城市和县城环境卫生收集、转运、处理设施以及公共厕所等设施的设置要求。",
    ),
    (
        "key-work-2024",
        "关于印发《2024年中国城市环境卫生协会重点工作》的通知",
        "中环卫〔2024〕4号",
        "中国城市环境卫生协会",
        "association_document",
        "in_force",
        D(2024, 2, 28),
        D(2024, 2, 28),
        "印发协会2024年九个方面的重点工作，涉及党建、换届、会员发展、分支机构、评价认证、行业活动和宣传工作。",
    ),
    (
        "group-standard-measures",
        "中国城市环境卫生协会团体标准管理办法",
        "中环卫〔2023〕15号",
        "中国城市环境卫生协会",
        "association_document",
        "in_force",
        D(2023, 6, 12),
        D(2023, 7, 1),
        "规定协会团体标准的提案、立项、起草、征求意见、审查、批准、编号、发布和复审程序。",
    ),
    (
        "branch-measures-2024",
        "中国城市环境卫生协会分支机构管理办法",
        "中环卫〔2024〕16号",
        "中国城市环境卫生协会",
        "association_document",
        "in_force",
        D(2024, 5, 30),
        D(2024, 6, 1),
        "规定分支机构的设立、变更、注销、负责人产生、活动管理、宣传工作和监督考核。",
    ),
    (
        "branch-measures-2019",
        "中国城市环境卫生协会分支机构管理办法（2019年）",
        "中环卫〔2019〕11号",
        "中国城市环境卫生协会",
        "association_document",
        "amended",
        D(2019, 4, 10),
        D(2019, 5, 1),
        "原分支机构管理办法，已于2024年修订。",
    ),
]
# The newer document that replaced an older one, by slug.
SUPERSEDED = {"gb-t-19095-2008": "gb-t-19095-2019", "branch-measures-2019": "branch-measures-2024"}
REPEALED_ON = {"gb-t-19095-2008": D(2019, 12, 1), "branch-measures-2019": D(2024, 6, 1)}

# slug, title, english title, lead organization, participants, scope, target status, number
STANDARDS = [
    (
        "ev-sanitation-vehicles",
        "纯电动环卫作业车辆技术要求",
        "Technical requirements for battery electric sanitation vehicles",
        "中国城市环境卫生协会环卫装备专业委员会",
        "北京环卫集团有限公司\n上海环境集团股份有限公司\n某新能源汽车股份有限公司",
        "适用于纯电动道路清扫车、洗扫车、洒水车和压缩式垃圾车的设计、制造和验收。",
        "published",
        "T/HW 001—2023",
    ),
    (
        "sorting-collection-points",
        "生活垃圾分类收集点设置与管理规范",
        "Specification for setting and management of sorted waste collection points",
        "中国城市环境卫生协会生活垃圾分类与减量专业委员会",
        "杭州市环境集团有限公司\n深圳市环境卫生管理处",
        "适用于居住区、机关企事业单位和公共场所生活垃圾分类收集点的设置、运行和管理。",
        "published",
        "T/HW 002—2024",
    ),
    (
        "fly-ash-treatment",
        "生活垃圾焚烧飞灰稳定化处理技术规范",
        "Technical specification for stabilization of MSW incineration fly ash",
        "中国城市环境卫生协会",
        "某环境研究院\n某再生能源有限公司\n某高校环境学院",
        "规定生活垃圾焚烧飞灰螯合稳定化处理的工艺要求、运行控制、检测和台账管理。",
        "consultation",
        "",
    ),
    (
        "smart-public-toilets",
        "城市公共厕所智慧化管理技术标准",
        "Technical standard for smart management of urban public toilets",
        "中国城市环境卫生协会公厕建设管理专业委员会",
        "某智慧城市科技有限公司\n某市环境卫生管理中心",
        "适用于城市公共厕所客流监测、环境监测、设备运维和服务评价的智慧化管理。",
        "review",
        "",
    ),
    (
        "worker-health",
        "环卫作业人员职业健康防护指南",
        "Guidelines for occupational health protection of sanitation workers",
        "中国城市环境卫生协会",
        "某职业病防治院\n某环境服务股份有限公司",
        "适用于道路清扫保洁、垃圾收运和处理作业人员的职业健康防护和管理。",
        "drafting",
        "",
    ),
    (
        "kitchen-waste-trucks",
        "餐厨垃圾收运车辆技术条件",
        "Technical conditions for food waste collection vehicles",
        "中国城市环境卫生协会环卫装备专业委员会",
        "",
        "规定餐厨垃圾收运车辆的密闭、防渗漏、计量和定位等技术条件。",
        "proposed",
        "",
    ),
    (
        "mechanized-sweeping",
        "道路机械化清扫作业规范",
        "Specification for mechanized road sweeping operations",
        "中国城市环境卫生协会",
        "某市市容环境卫生管理局",
        "规定城市道路机械化清扫、洗扫和冲洗作业的作业要求、质量标准和检查方法。",
        "reexamination",
        "T/HW 003—2019",
    ),
]
PATHS = {
    "proposed": [],
    "drafting": ["drafting"],
    "consultation": ["drafting", "consultation"],
    "review": ["drafting", "consultation", "review"],
    "published": ["drafting", "consultation", "review", "approved", "published"],
    "reexamination": [
        "drafting",
        "consultation",
        "review",
        "approved",
        "published",
        "reexamination",
    ],
}
COMMENTS = [
    (
        "张伟",
        "某市城市管理局",
        "zhangwei@example.com",
        "4.2",
        "螯合剂投加比例仅给出下限，建议根据飞灰重金属浸出浓度给出调整方法。",
        "增加“螯合剂投加量应根据浸出毒性检测结果动态调整”的条款。",
    ),
    (
        "李娜",
        "某再生能源有限公司",
        "13800000001",
        "6.1",
        "检测频次每日一次对大型焚烧厂偏低。",
        "按处理规模分档规定检测频次。",
    ),
    (
        "王强",
        "某环境研究院",
        "wangqiang@example.com",
        "附录A",
        "台账样表缺少稳定化产物去向记录。",
        "台账中增加运输单位、处置场所和接收量栏目。",
    ),
]

# periodical slug, title, frequency, introduction
PERIODICALS = [
    (
        "zhongguo-huanwei",
        "中国环卫",
        "双月刊",
        "协会主办的内部交流资料，刊载政策法规、行业研究、标准专利、国际环卫和会员动态。",
    ),
    (
        "huanwei-xinxi",
        "环卫信息",
        "月刊",
        "汇编行业要闻、政策文件和协会工作信息，为会员提供便捷的信息服务。",
    ),
]
# periodical slug, year, issue number, total number, published on, members only, contents
ISSUES = [
    (
        "zhongguo-huanwei",
        2024,
        1,
        151,
        D(2024, 2, 26),
        False,
        [
            ("政策法规", []),
            (None, [("深入推进生活垃圾分类工作的思考", "本刊评论员", "2")]),
            ("行业研究", []),
            (
                None,
                [
                    ("我国生活垃圾焚烧处理发展现状与展望", "行业研究课题组", "6"),
                    ("环卫作业市场化改革的实践与问题", "某市环境卫生管理处", "14"),
                ],
            ),
            ("协会动态", []),
            (None, [("协会召开2024年第一次会长办公会", "秘书处", "22")]),
        ],
    ),
    (
        "zhongguo-huanwei",
        2024,
        2,
        152,
        D(2024, 4, 25),
        False,
        [
            ("焚烧专题", []),
            (
                None,
                [
                    ("生活垃圾焚烧厂等级评价工作回顾", "评价认证部", "2"),
                    ("焚烧飞灰稳定化处理技术比较", "某环境研究院", "9"),
                ],
            ),
            ("ISWA专栏", []),
            (None, [("国际固体废物协会关注废物领域气候行动", "编辑部", "18")]),
        ],
    ),
    (
        "zhongguo-huanwei",
        2024,
        3,
        153,
        D(2024, 6, 27),
        True,
        [
            ("会员专享", []),
            (
                None,
                [
                    ("2023年度环卫行业企业信用评价结果分析", "评价认证部", "2"),
                    ("城市生活垃圾收运费用测算方法研究", "行业研究课题组", "11"),
                    ("智慧环卫平台建设典型案例汇编", "信息宣传部", "20"),
                ],
            ),
        ],
    ),
    (
        "huanwei-xinxi",
        2024,
        10,
        286,
        D(2024, 10, 15),
        False,
        [
            (
                None,
                [
                    ("住房城乡建设部部署推进生活垃圾分类工作", "", "1"),
                    ("新能源环卫车辆推广应用提速", "", "3"),
                    ("协会举办分支机构负责人培训班", "", "5"),
                ],
            ),
        ],
    ),
    (
        "huanwei-xinxi",
        2024,
        11,
        287,
        D(2024, 11, 15),
        False,
        [
            (
                None,
                [
                    ("2024中国城市环境卫生协会年会暨环卫博览会开幕", "", "1"),
                    ("会员单位开展“环卫工人节”关爱活动", "", "4"),
                ],
            ),
        ],
    ),
]

# slug, date, Chinese (title, summary, paragraphs), English (title, summary, paragraphs)
ISWA_ARTICLES = [
    (
        "climate-action-waste-sector",
        D(2024, 9, 20),
        (
            "国际固体废物协会关注废物领域气候行动",
            "ISWA呼吁各国将废物管理纳入国家自主贡献，减少填埋场甲烷排放。",
            [
                "国际固体废物协会（ISWA）近期发布报告，呼吁各国把固体废物管理纳入国家自主贡献和气候行动计划。",
                "报告指出，填埋场是甲烷排放的重要来源，源头减量、分类回收、有机废物资源化和关闭露天垃圾场"
                "是减排成本较低的措施。中国城市环境卫生协会作为ISWA国家会员，将持续跟踪相关进展。",
            ],
        ),
        (
            "ISWA puts climate action in the waste sector on the agenda",
            "ISWA calls on countries to include waste management in their nationally determined contributions and to cut landfill methane.",
            [
                "The International Solid Waste Association (ISWA) has published a report calling on countries to "
                "include solid waste management in their nationally determined contributions and climate plans.",
                "The report notes that landfills are a major source of methane, and that waste prevention, separate "
                "collection, organic waste recovery and the closure of open dumpsites are among the cheapest ways to "
                "cut emissions. As ISWA's national member, CAUES follows this work closely.",
            ],
        ),
    ),
    (
        "closing-dumpsites",
        D(2024, 7, 3),
        (
            "ISWA推动关闭露天垃圾场",
            "全球仍有大量人口依赖露天垃圾场处置废物，ISWA持续推动其有序关闭。",
            [
                "ISWA长期开展关闭露天垃圾场的倡议，为地方政府提供评估、规划和融资方面的指导。",
                "我国通过建设焚烧和卫生填埋设施、开展存量垃圾治理，基本消除了城市露天垃圾场，相关经验受到"
                "国际同行关注。",
            ],
        ),
        (
            "ISWA works towards closing open dumpsites",
            "Many people worldwide still depend on open dumpsites; ISWA keeps pushing for their orderly closure.",
            [
                "ISWA has long campaigned for the closure of open dumpsites, giving local governments guidance on "
                "assessment, planning and financing.",
                "China has largely eliminated open dumps in its cities by building incineration and sanitary landfill "
                "capacity and by remediating old waste sites, an experience that draws interest from peers abroad.",
            ],
        ),
    ),
    (
        "incineration-working-group",
        D(2024, 11, 20),
        (
            "ISWA能源回收工作组交流焚烧厂运行经验",
            "工作组会议讨论了焚烧厂能效提升、飞灰处置和公众沟通。",
            [
                "ISWA能源回收工作组近日召开会议，来自多个国家的专家交流了生活垃圾焚烧厂运行管理经验。",
                "会议讨论了提高余热利用效率、飞灰和炉渣资源化利用以及与周边社区沟通等议题。协会代表介绍了"
                "我国生活垃圾焚烧厂等级评价的做法。",
            ],
        ),
        (
            "ISWA energy recovery working group shares plant operating experience",
            "The working group discussed plant efficiency, fly ash management and public engagement.",
            [
                "ISWA's working group on energy recovery met recently, with experts from several countries sharing "
                "their experience of operating waste-to-energy plants.",
                "The meeting covered better use of recovered heat, the treatment and reuse of fly ash and bottom ash, "
                "and engagement with neighbouring communities. The CAUES delegate presented China's grading of "
                "municipal solid waste incineration plants.",
            ],
        ),
    ),
]
