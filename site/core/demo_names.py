"""Believable, invented Chinese names for the demo people, shared by every app's demo.

A name is a common family name and a common given name, combined by index so that the same
index always gives the same person and no two indexes below ``CAPACITY`` give the same name.
The well-known demo accounts get fixed indexes (``ACCOUNT_INDEXES``); each demo module takes
the numbered people it needs from its own block of indexes (``BLOCKS``), so two modules never
hand out the same name.
"""

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"

GIVEN_NAMES = [
    "建国", "志强", "海燕", "丽华", "国栋", "晓明", "文静", "立新", "春梅", "卫东",
    "红霞", "玉兰", "振华", "宏伟", "秀英", "思远", "浩然", "雨萱", "嘉怡", "明轩",
    "欣怡", "俊杰", "永刚", "淑珍", "德胜", "桂芳", "建平", "晓燕", "国强", "丽娟",
    "志明", "雪梅", "文博", "静怡", "海涛", "凤英", "庆华", "亚楠", "宇航", "梦瑶",
    "学军", "慧敏", "少华", "佳琪", "长青", "晓东", "丹丹", "爱民", "素珍", "家豪",
    "伟", "敏", "涛", "静", "军", "磊", "芳", "勇", "娜", "斌",
]  # fmt: skip

CAPACITY = len(SURNAMES) * len(GIVEN_NAMES)

# Fixed people for the demo accounts other modules and the README refer to by email.
ACCOUNT_INDEXES: dict[str, int] = {
    email: index
    for index, email in enumerate(
        [
            "admin@example.org",
            "membership@example.org",
            "certification@example.org",
            "events@example.org",
            "editor@example.org",
            "branch@example.org",
            "expert@example.org",
            "member@example.org",
            "person@example.org",
            "contact2@example.org",
            "contact3@example.org",
            "guest@example.org",
            "visitor@example.org",
            "exhibitor@example.org",
            "recommender@example.org",
            "recommender2@example.org",
            "recommender3@example.org",
            "recommender4@example.org",
            "contact4@example.org",
            "finance@example.org",
        ],
        start=1,
    )
}

# First index of each demo module's numbered people (each block holds 100 names).
BLOCKS: dict[str, int] = {
    "certification": 100,
    "awards": 200,
    "members": 300,
    "leadership": 400,
    "publications": 500,
    "events": 600,
}


def person_name(index: int) -> tuple[str, str]:
    """(family name, given name) of demo person ``index``; distinct for 0 <= index < CAPACITY."""
    if not 0 <= index < CAPACITY:
        raise ValueError(f"demo person index out of range: {index}")
    surnames = len(SURNAMES)
    family = index % surnames
    # Shift the given name per family name so neighbouring indexes do not share it.
    given = (index // surnames + 7 * family) % len(GIVEN_NAMES)
    return SURNAMES[family], GIVEN_NAMES[given]


def full_name(index: int) -> str:
    family, given = person_name(index)
    return family + given


def block_name(block: str, number: int) -> tuple[str, str]:
    """The ``number``-th person (from 0) of a demo module's block of names."""
    if not 0 <= number < 100:
        raise ValueError(f"demo person number out of range: {number}")
    return person_name(BLOCKS[block] + number)


def account_name(email: str) -> tuple[str, str]:
    """(family name, given name) of a well-known demo account."""
    return person_name(ACCOUNT_INDEXES[email.lower()])
