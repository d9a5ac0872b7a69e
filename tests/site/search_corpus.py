"""Sector text and the queries that must find it: the yardstick for the Chinese segmenter.

Each document is a title and a sentence as the association writes them (news, notices,
standards, policies, member records). Each query names the documents it must find; a query
finds no other document of the corpus either (the words are specific enough). Used by
tests/site/test_search_corpus.py on SQLite and PostgreSQL, and to judge a replacement for
jieba (docs/search-segmentation.md).
"""

DOCUMENTS: dict[str, tuple[str, str]] = {
    "incineration": (
        "生活垃圾焚烧发电厂超低排放改造完成",
        "该厂日处理生活垃圾2250吨，烟气净化系统升级后二噁英排放浓度低于欧盟标准。",
    ),
    "leachate": (
        "渗滤液处理技术交流会在武汉召开",
        "与会专家围绕填埋场渗滤液膜浓缩液处理、全量化处理工艺开展研讨。",
    ),
    "kitchen": (
        "餐厨垃圾资源化利用试点城市经验总结",
        "试点城市餐厨垃圾收运率达到90%以上，厌氧消化沼气用于发电。",
    ),
    "integration": (
        "环卫一体化项目招标采购指引发布",
        "指引明确城乡环卫一体化服务的绩效考核、人员配置和车辆作业标准。",
    ),
    "sorting": (
        "垃圾分类进小区宣传周启动",
        "社区志愿者指导居民将厨余垃圾、可回收物、有害垃圾和其他垃圾分类投放。",
    ),
    "flyash": (
        "飞灰填埋场污染控制要求征求意见",
        "焚烧飞灰经稳定化处理后进入专用填埋区，重金属浸出浓度须满足限值。",
    ),
    "landfill": (
        "存量填埋场生态修复工程验收",
        "封场后的卫生填埋场实施覆土绿化，填埋气收集后用于发电。",
    ),
    "group-standard": (
        "协会发布三项团体标准",
        "团体标准《环卫作业车辆智能监管技术规范》等三项标准自发布之日起实施。",
    ),
    "credit": (
        "2026年度企业信用评价结果公示",
        "经专家评审，42家会员单位获得AAA级企业信用评价等级，现予公示。",
    ),
    "sweeping": (
        "道路清扫保洁机械化作业率稳步提高",
        "城市主次干道机械化清扫率达到85%，冬季除雪保障能力明显增强。",
    ),
    "toilets": (
        "城市公厕提标改造行动",
        "新建环卫公厕全部配备第三卫生间，实现免费开放和智慧化管理。",
    ),
    "transfer": (
        "垃圾转运站除臭技术研讨",
        "压缩式转运站采用负压收集和生物除臭，周边居民投诉明显减少。",
    ),
    "expo": (
        "中国城市环境卫生协会环卫装备博览会开幕",
        "博览会展出新能源环卫车辆、智慧环卫平台和小型垃圾收运设备。",
    ),
    "construction": (
        "建筑垃圾资源化利用产品推广目录",
        "目录收录再生骨料、再生砖等产品，推动建筑垃圾就地消纳。",
    ),
    "compost": (
        "园林垃圾好氧堆肥项目投产",
        "项目年处理园林垃圾3万吨，堆肥产品用于城市绿化土壤改良。",
    ),
}

# query: the documents it must find, and no other document of the corpus.
QUERIES: dict[str, set[str]] = {
    # The sector's terms, whole
    "生活垃圾焚烧发电": {"incineration"},
    "渗滤液": {"leachate"},
    "餐厨垃圾": {"kitchen"},
    "环卫一体化": {"integration"},
    "垃圾分类": {"sorting"},
    "飞灰": {"flyash"},
    "填埋场": {"leachate", "flyash", "landfill"},
    "团体标准": {"group-standard"},
    "企业信用评价": {"credit"},
    "厨余垃圾": {"sorting"},
    "二噁英": {"incineration"},
    "清扫保洁": {"sweeping"},
    "环卫公厕": {"toilets"},
    "转运站": {"transfer"},
    "好氧堆肥": {"compost"},
    "建筑垃圾": {"construction"},
    "厌氧消化": {"kitchen"},
    "烟气净化": {"incineration"},
    # Parts of a longer term find the text that holds it
    "焚烧发电": {"incineration"},
    "焚烧": {"incineration", "flyash"},
    "信用评价": {"credit"},
    "一体化": {"integration"},
    "滤液": {"leachate"},
    "除臭": {"transfer"},
    # Several words: every one must be in the document
    "渗滤液 膜浓缩液": {"leachate"},
    "餐厨垃圾 沼气": {"kitchen"},
    "填埋场 生态修复": {"landfill"},
    "智慧环卫 博览会": {"expo"},
    "AAA级 信用评价": {"credit"},
    # Written as a visitor types it: a phrase with function words and punctuation
    "生活垃圾的焚烧发电": {"incineration"},
    "企业信用评价的公示": {"credit"},
    "飞灰、填埋场": {"flyash"},
    "再生骨料和再生砖": {"construction"},
}
