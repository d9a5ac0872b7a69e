"""Demo content of the association's website: home, about pages, contact form, users per role.

Idempotent: pages are looked up by slug and users by email, and what exists is left as it
is, so a second run is quick and keeps the editors' changes.
"""

import json
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Locale, Page, Site

from website.accounts import roles
from website.accounts.models import User

from .demo_names import account_name, block_name
from .models import FormField, FormPage, HomePage, PaymentSettings, SiteSettings, StandardPage

DEMO_PASSWORD = "huanwei2026"  # noqa: S105 - printed in README for the demo accounts

# email, groups, is_staff, is_superuser (names from .demo_names)
DEMO_USERS: list[tuple[str, tuple[str, ...], bool, bool]] = [
    ("admin@example.org", (), True, True),
    ("membership@example.org", (roles.MEMBERSHIP_STAFF,), True, False),
    ("certification@example.org", (roles.CERTIFICATION_STAFF,), True, False),
    ("events@example.org", (roles.EVENTS_STAFF,), True, False),
    ("editor@example.org", (roles.EDITORS,), True, False),
    ("finance@example.org", (roles.FINANCE_STAFF,), True, False),
    ("branch@example.org", (roles.BRANCH_SECRETARIES,), True, False),
    ("expert@example.org", (roles.EXPERTS,), False, False),
    ("member@example.org", (roles.MEMBER_CONTACTS, roles.MEMBERS), False, False),
    ("person@example.org", (roles.MEMBERS,), False, False),
]


def ensure_user(
    email: str,
    *,
    last_name: str | None = None,
    first_name: str | None = None,
    groups: tuple[str, ...] = (),
    is_staff: bool = False,
    is_superuser: bool = False,
    password: str = DEMO_PASSWORD,
) -> User:
    """A demo user with a verified email address, so it can log in at once.

    Without a name, a well-known demo account gets its own from ``demo_names``.
    """
    from allauth.account.models import EmailAddress

    if last_name is None or first_name is None:
        last_name, first_name = account_name(email)

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=password,
            last_name=last_name,
            first_name=first_name,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def ensure_page(parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
    """The child page with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _rich(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _body(*blocks: tuple[str, Any]) -> str:
    return json.dumps([{"type": kind, "value": value} for kind, value in blocks])


def ensure_home() -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if home is None:
        # Wagtail's welcome page has no place on the association's site (deleting it also
        # deletes the default Site pointing at it; a new one is made below).
        for page in root.get_children().filter(content_type__model="page"):
            page.delete()
        home = HomePage(
            title="中国城市环境卫生协会",
            slug="home",
            hero_title="团结行业力量，推动中国环卫现代化",
            hero_text="中国城市环境卫生协会是全国环卫行业的社会团体，"
            "服务会员单位、个人会员和各级行业主管部门。",
            quick_links=json.dumps(
                [
                    {
                        "type": "link",
                        "value": {
                            "label": "申请入会",
                            "label_en": "Join us",
                            "url": "/members/join/",
                            "description": "单位会员与个人会员在线申请",
                            "icon": "join",
                        },
                    },
                    {
                        "type": "link",
                        "value": {
                            "label": "信用评价申报",
                            "label_en": "Apply for rating",
                            "url": "/certification/",
                            "description": "企业信用评价、焚烧厂等级评价",
                            "icon": "rating",
                        },
                    },
                    {
                        "type": "link",
                        "value": {
                            "label": "证书查询",
                            "label_en": "Verify a certificate",
                            "url": "/certification/verify/",
                            "description": "输入证书编号核验真伪",
                            "icon": "verify",
                        },
                    },
                    {
                        "type": "link",
                        "value": {
                            "label": "会议活动",
                            "label_en": "Events",
                            "url": "/events/",
                            "description": "年会暨博览会、论坛与培训",
                            "icon": "event",
                        },
                    },
                ]
            ),
            intro=_rich(
                "协会围绕城市道路清扫保洁、生活垃圾收运与处理、公厕建设管理、环卫装备、"
                "智慧环卫等领域，开展行业研究、标准编制、评价认证、会议展览和国际交流。"
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    if site.root_page_id != home.pk or not site.site_name:
        # The admin names the site by site_name (its hostname, "localhost", when empty).
        site.root_page = home
        site.site_name = site.site_name or settings.WAGTAIL_SITE_NAME
        site.save()
    return home


def ensure_english_home(home: HomePage) -> Page:
    english, _ = Locale.objects.get_or_create(language_code="en")
    translation = home.get_translations().filter(locale=english).first()
    if translation is None:
        translation = home.copy_for_translation(english)
        translation.title = "China Association of Urban Environmental Sanitation"
        translation.hero_title = "Uniting the sector for modern urban sanitation in China"
        translation.hero_text = (
            "The national association of China's urban environmental sanitation sector: "
            "street cleaning, waste collection and treatment, public toilets and equipment."
        )
        translation.quick_links = json.dumps([])
        translation.intro = _rich(
            "The association is the national member of ISWA, the International Solid Waste "
            "Association. Read the ISWA column for international news in English and Chinese."
        )
        translation.save_revision().publish()
    return translation


# The leadership elected by the council (invented people): Chinese title, English title,
# where the person works.
LEADERSHIP: list[tuple[str, str, str, str]] = [
    ("会长", "President", "中国城市环境卫生协会", "China Association of Urban Environmental Sanitation"),
    ("副会长", "Vice-president", "北京京环绿洁环境服务有限公司", "Beijing Jinghuan Lüjie Environmental Services"),
    ("副会长", "Vice-president", "杭州城净环卫科技有限公司", "Hangzhou Chengjing Sanitation Technology"),
    ("副会长", "Vice-president", "成都蓉清固废处理有限公司", "Chengdu Rongqing Solid Waste Treatment"),
    ("副会长", "Vice-president", "同济大学环境科学与工程学院", "Tongji University, College of Environmental Science and Engineering"),
    ("副会长", "Vice-president", "中国城市建设研究院有限公司", "China Urban Construction Design & Research Institute"),
    ("秘书长", "Secretary-general", "中国城市环境卫生协会秘书处", "Secretariat of the association"),
    ("副秘书长", "Deputy secretary-general", "中国城市环境卫生协会秘书处", "Secretariat of the association"),
    ("副秘书长", "Deputy secretary-general", "中国城市环境卫生协会秘书处", "Secretariat of the association"),
    ("监事长", "Chair of the board of supervisors", "南宁绿城市容服务有限公司", "Nanning Lücheng Urban Services"),
    ("监事", "Supervisor", "苏州市洁城环境服务有限公司", "Suzhou Jiecheng Environmental Services"),
    ("监事", "Supervisor", "青岛海湾生活垃圾焚烧发电有限公司", "Qingdao Haiwan Waste-to-Energy"),
]  # fmt: skip


def leadership_table(*, english: bool = False) -> dict:
    """The leadership as a table block value (names from ``demo_names``)."""
    header = ["Position", "Name", "Organization"] if english else ["职务", "姓名", "工作单位"]
    rows = [
        [title_en if english else title, "".join(block_name("leadership", number)), org_en if english else org]
        for number, (title, title_en, org, org_en) in enumerate(LEADERSHIP)
    ]  # fmt: skip
    return {
        "data": [header, *rows],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "Leadership" if english else "协会领导",
    }


def ensure_about_pages(home: HomePage) -> None:
    about = ensure_page(
        home,
        StandardPage,
        "about",
        title="关于协会",
        introduction="中国城市环境卫生协会成立于1986年，是由全国城市环境卫生行业的企事业单位、"
        "社会组织和专业人士自愿结成的全国性、行业性社会团体。",
    )
    ensure_page(
        about,
        StandardPage,
        "profile",
        title="协会简介",
        introduction="协会接受业务主管部门和社团登记管理机关的业务指导和监督管理。",
        body=_body(
            (
                "paragraph",
                _rich(
                    "协会的宗旨是团结全国环卫行业力量，发挥政府与企业之间的桥梁纽带作用，"
                    "为会员服务、为行业服务、为政府服务，推动城市环境卫生事业高质量发展。",
                    "协会现有单位会员一千余家，涵盖道路清扫保洁、生活垃圾收运、焚烧发电、"
                    "卫生填埋、餐厨垃圾处理、环卫装备制造、公厕管理和智慧环卫等领域。",
                ),
            ),
            ("heading", "主要业务"),
            (
                "paragraph",
                _rich(
                    "开展行业调查研究，协助主管部门制定政策和发展规划；组织编制团体标准；"
                    "开展企业信用评价、生活垃圾焚烧厂等级评价和科学技术奖评选；"
                    "举办年会暨环卫博览会、专题论坛和职业培训；开展国际交流与合作。"
                ),
            ),
        ),
    )
    ensure_page(
        about,
        StandardPage,
        "charter",
        title="协会章程",
        introduction="经会员代表大会审议通过的协会章程，规定了协会的宗旨、业务范围和组织机构。",
        body=_body(
            ("heading", "第一章 总则"),
            (
                "paragraph",
                _rich(
                    "本会名称为中国城市环境卫生协会，是全国城市环境卫生行业的非营利性社会组织。",
                    "本会遵守宪法、法律、法规和国家政策，践行社会主义核心价值观，遵守社会道德风尚。",
                ),
            ),
            ("heading", "第二章 会员"),
            (
                "paragraph",
                _rich(
                    "本会会员分为单位会员和个人会员。申请加入本会的会员，须拥护本会章程，"
                    "有加入本会的意愿，在本行业领域内具有一定的影响。",
                    "会员连续一年不缴纳会费或不参加本会活动的，视为自动退会。",
                ),
            ),
        ),
    )
    ensure_page(
        about,
        StandardPage,
        "structure",
        title="组织机构",
        introduction="会员代表大会是协会的最高权力机构，理事会是会员代表大会的执行机构。",
        body=_body(
            (
                "paragraph",
                _rich(
                    "协会设会长单位、副会长单位、常务理事单位和理事单位；秘书处负责日常工作，"
                    "下设综合部、会员服务部、评价认证部、会议展览部和信息宣传部。",
                    "协会设有专业委员会、分会和工作委员会等分支机构，分支机构不单独收取会费。",
                ),
            ),
            ("heading", "协会领导"),
            (
                "paragraph",
                _rich(
                    "现任会长、副会长、秘书长由第八届理事会选举产生，监事由会员代表大会选举产生，"
                    "任期五年。"
                ),
            ),
            ("table", leadership_table()),
        ),
    )


def ensure_contact_page(home: HomePage) -> None:
    page = home.get_children().filter(slug="contact").first()
    if page is not None:
        return
    page = FormPage(
        title="联系我们",
        slug="contact",
        intro=_rich("对协会工作有意见或建议，欢迎留言。秘书处将在五个工作日内答复。"),
        thank_you_text=_rich("感谢您的留言，我们已收到，将尽快与您联系。"),
        to_address="office@example.org",
        from_address="noreply@example.org",
        subject="网站留言",
    )
    home.add_child(instance=page)
    for order, (label, field_type, required, choices) in enumerate(
        [
            ("姓名", "singleline", True, ""),
            ("单位", "singleline", False, ""),
            ("电子邮箱", "email", True, ""),
            ("留言类别", "dropdown", True, "咨询\n建议\n投诉\n其他"),
            ("留言内容", "multiline", True, ""),
        ]
    ):
        FormField.objects.create(
            page=page,
            sort_order=order,
            label=label,
            field_type=field_type,
            required=required,
            choices=choices,
        )
    page.save_revision().publish()


def ensure_site_settings(home: HomePage) -> None:
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    if settings.address:
        return
    settings.address = "北京市海淀区三里河路9号"
    settings.postcode = "100835"
    settings.phone = "010-5893 0000"
    settings.email = "office@example.org"
    settings.icp_number = "京ICP备00000000号-1"
    settings.police_number = "京公网安备 11010800000000号"
    settings.copyright = "© 中国城市环境卫生协会 版权所有"
    about = home.get_children().filter(slug="about").first()
    menu = []
    if about:
        menu.append(
            {
                "type": "item",
                "value": {
                    "label": "关于协会",
                    "label_en": "About",
                    "page": about.pk,
                    "url": "",
                    "children": [
                        {"label": child.title, "label_en": "", "page": child.pk, "url": ""}
                        for child in about.get_children().live()
                    ],
                },
            }
        )
    contact = home.get_children().filter(slug="contact").first()
    if contact:
        menu.append(
            {
                "type": "item",
                "value": {
                    "label": "联系我们",
                    "label_en": "Contact",
                    "page": contact.pk,
                    "url": "",
                    "children": [],
                },
            }
        )
    settings.main_menu = json.dumps(menu)
    settings.footer_links = json.dumps(
        [
            {
                "type": "link",
                "value": {
                    "label": "中华人民共和国住房和城乡建设部",
                    "label_en": "Ministry of Housing and Urban-Rural Development",
                    "page": None,
                    "url": "https://www.mohurd.gov.cn/",
                },
            },
            {
                "type": "link",
                "value": {
                    "label": "国际固体废物协会（ISWA）",
                    "label_en": "ISWA",
                    "page": None,
                    "url": "https://www.iswa.org/",
                },
            },
        ]
    )
    settings.save()


# A taxpayer number of the national social-organisation kind (51 1000 00 ...), check character
# computed, and an account at a bank marked as demo: plausible on screen, useless for a transfer.
DEMO_TAX_NUMBER = "51100000500000001"
DEMO_BANK = "演示银行北京三里河支行（演示数据，请勿汇款）"
DEMO_ACCOUNT = "6200 0000 0000 0000 2026"
DEMO_EVENTS_BANK = "演示银行北京百万庄支行（演示数据，请勿汇款）"
DEMO_EVENTS_ACCOUNT = "6200 0000 0000 0000 3030"


def demo_seal_png() -> bytes:
    """A red ring with a star, drawn as a scanned seal looks (no glyphs: Pillow has no
    Chinese font here); marked as demo by a band across it."""
    import io
    import math

    from PIL import Image, ImageDraw

    size = 400
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    red = (200, 16, 46, 230)
    draw.ellipse((12, 12, size - 12, size - 12), outline=red, width=14)
    centre, outer, inner = size / 2, 70, 28
    points = [
        (
            centre + (outer if i % 2 == 0 else inner) * math.cos(-math.pi / 2 + i * math.pi / 5),
            centre + (outer if i % 2 == 0 else inner) * math.sin(-math.pi / 2 + i * math.pi / 5),
        )
        for i in range(10)
    ]
    draw.polygon(points, fill=red)
    draw.rectangle((60, 290, size - 60, 320), fill=red)  # where 财务专用章 would be engraved
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def ensure_payment_settings() -> PaymentSettings:
    """Demo accounts, so invoices and payment instructions render; events pay into an account
    of their own to show the choice. Left alone once the secretariat has entered any."""
    from django.core.files.base import ContentFile

    from .credit_code import credit_code_check_character

    config = PaymentSettings.load()
    if config.account_number:
        return config
    config.payee = "中国城市环境卫生协会"
    config.tax_number = DEMO_TAX_NUMBER + credit_code_check_character(DEMO_TAX_NUMBER)
    config.bank_name = DEMO_BANK
    config.account_number = DEMO_ACCOUNT
    config.events_use_dues_account = False
    config.events_bank_name = DEMO_EVENTS_BANK
    config.events_account_number = DEMO_EVENTS_ACCOUNT
    if not config.finance_seal:
        config.finance_seal.save("demo-seal.png", ContentFile(demo_seal_png()), save=False)
    config.full_clean()
    config.save()
    return config


@transaction.atomic
def load(stdout=None) -> None:
    roles.sync_roles()
    for email, groups, staff, superuser in DEMO_USERS:
        ensure_user(
            email,
            groups=groups,
            is_staff=staff,
            is_superuser=superuser,
        )
    home = ensure_home()
    ensure_english_home(home)
    ensure_about_pages(home)
    ensure_contact_page(home)
    ensure_site_settings(home)
    ensure_payment_settings()
