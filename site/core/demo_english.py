"""The demo's English tree: a translation of every public section, with English titles.

Runs after the apps' demos, which build the Chinese sections. Items that exist only in Chinese
(news, policies, events, branches) are not copied: the English sections list them and show
them with the Chinese text, marked as Chinese-only (website.core.i18n). Idempotent: a section
that already has its English translation is left as editors made it.
"""

from __future__ import annotations

import json

from wagtail.models import Locale, Page, Site

from .demo import _body, _rich, leadership_table
from .models import FormField, HomePage, SiteSettings

ABOUT_PROFILE = _body(
    (
        "paragraph",
        _rich(
            "The association brings together China's urban environmental sanitation sector "
            "and acts as a bridge between government and enterprises: it serves its members, "
            "the sector and the authorities, and promotes the high-quality development of "
            "urban sanitation.",
            "It has more than a thousand member organizations in street cleaning, waste "
            "collection, incineration, landfill, food waste treatment, sanitation equipment, "
            "public toilets and smart sanitation.",
        ),
    ),
    ("heading", "What we do"),
    (
        "paragraph",
        _rich(
            "Sector research and policy advice; group standards; enterprise credit ratings, "
            "incineration plant ratings and the science and technology award; the annual "
            "conference and sanitation expo, forums and training; international exchange "
            "as the national member of ISWA."
        ),
    ),
)

ABOUT_CHARTER = _body(
    ("heading", "Chapter 1 General provisions"),
    (
        "paragraph",
        _rich(
            "The association is the national non-profit organization of China's urban "
            "environmental sanitation sector. It abides by the Constitution, the laws and "
            "regulations and state policies.",
        ),
    ),
    ("heading", "Chapter 2 Members"),
    (
        "paragraph",
        _rich(
            "Members are organizations and individuals who support the charter. A member who "
            "pays no dues for a year is deemed to have left the association.",
        ),
    ),
)

ABOUT_STRUCTURE = _body(
    (
        "paragraph",
        _rich(
            "The general assembly of member representatives is the highest authority; the "
            "council carries out its decisions. The secretariat runs the daily work through "
            "its general office and its departments for membership, evaluation, events and "
            "communication.",
            "Professional committees, branches and working committees work under the "
            "association's leadership.",
        ),
    ),
    ("heading", "Leadership"),
    (
        "paragraph",
        _rich(
            "The president, vice-presidents and secretary-general are elected by the eighth "
            "council, the supervisors by the general assembly, for five years."
        ),
    ),
    ("table", leadership_table(english=True)),
)

# Chinese path below the home page → English fields. Parents come before their children.
SECTIONS: list[tuple[str, dict]] = [
    (
        "about",
        {
            "title": "About us",
            "introduction": "Founded in 1986, the China Association of Urban Environmental "
            "Sanitation is the national association of the sector's enterprises, institutions, "
            "organizations and professionals.",
            "body": json.dumps([]),
        },
    ),
    (
        "about/profile",
        {
            "title": "Profile",
            "introduction": "The association works under the guidance of its supervising "
            "ministry and the registration authority for social organizations.",
            "body": ABOUT_PROFILE,
        },
    ),
    (
        "about/charter",
        {
            "title": "Charter",
            "introduction": "The charter adopted by the general assembly sets out the "
            "association's purpose, scope and organization.",
            "body": ABOUT_CHARTER,
        },
    ),
    (
        "about/structure",
        {
            "title": "Organization",
            "introduction": "The general assembly of member representatives is the highest "
            "authority; the council is its executive body.",
            "body": ABOUT_STRUCTURE,
        },
    ),
    (
        "contact",
        {
            "title": "Contact us",
            "intro": _rich(
                "Questions or suggestions about the association's work are welcome. "
                "The secretariat answers within five working days."
            ),
            "thank_you_text": _rich("Thank you for your message. We will contact you soon."),
            "subject": "Website message (English)",
        },
    ),
    (
        "news",
        {
            "title": "News",
            "introduction": "Association news, notices, industry news and member news.",
        },
    ),
    (
        "news/association",
        {"title": "Association news", "introduction": "News of the secretariat and branches."},
    ),
    (
        "news/notices",
        {"title": "Notices", "introduction": "Notices, announcements and publicity."},
    ),
    (
        "news/industry",
        {"title": "Industry news", "introduction": "Policy, market and technology news."},
    ),
    (
        "news/members",
        {"title": "Member news", "introduction": "News from member organizations."},
    ),
    (
        "events",
        {
            "title": "Events",
            "intro": _rich(
                "The annual conference and sanitation expo, forums and training. "
                "Member representatives register at member prices."
            ),
        },
    ),
    (
        "policies",
        {
            "title": "Policy library",
            "introduction": "Laws, regulations, ministry rules, policy documents, standards "
            "and association documents for the sanitation sector.",
        },
    ),
    (
        "standards",
        {
            "title": "Group standards",
            "introduction": "The association's group standards: proposals, drafts for "
            "comment, review and publication. Comments on open drafts are welcome.",
        },
    ),
    (
        "bulletins",
        {
            "title": "Bulletins",
            "introduction": "The association's periodicals, China Environmental Sanitation "
            "and Sanitation Information; some issues are for members only.",
        },
    ),
    (
        "bulletins/zhongguo-huanwei",
        {
            "title": "China Environmental Sanitation",
            "introduction": "The association's journal (《中国环卫》).",
        },
    ),
    (
        "bulletins/huanwei-xinxi",
        {
            "title": "Sanitation Information",
            "introduction": "The association's newsletter (《环卫信息》).",
        },
    ),
    (
        "branches",
        {
            "title": "Branches",
            "introduction": "The association's professional committees, branches and working "
            "committees.",
        },
    ),
]

# The contact form's fields in English (by the Chinese label); the choices in the same order.
FORM_FIELDS = {
    "姓名": ("Name", ""),
    "单位": ("Organization", ""),
    "电子邮箱": ("Email", ""),
    "留言类别": ("Subject", "Question\nSuggestion\nComplaint\nOther"),
    "留言内容": ("Message", ""),
}


def ensure_translation(page: Page, locale: Locale, fields: dict) -> tuple[Page, bool]:
    """The page's translation into the locale; created with these fields and published."""
    found = page.get_translations().filter(locale=locale).first()
    if found is not None:
        return found.specific, False
    translation = page.specific.copy_for_translation(locale)
    for field in translation.form_fields.all() if hasattr(translation, "form_fields") else []:
        label, choices = FORM_FIELDS.get(field.label, (field.label, field.choices))
        FormField.objects.filter(pk=field.pk).update(label=label, choices=choices)
    translation = type(translation).objects.get(pk=translation.pk)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation, True


def ensure_site_settings_english() -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    settings = SiteSettings.for_site(site)
    changed = []
    for name, value in [
        ("address_en", "9 Sanlihe Road, Haidian District, Beijing"),
        ("copyright_en", "© China Association of Urban Environmental Sanitation"),
        (
            "description",
            "中国城市环境卫生协会：全国环卫行业社会团体。新闻动态、通知公告、政策法规、"
            "团体标准、信用评价、会议活动和会员服务。",
        ),
        (
            "description_en",
            "The China Association of Urban Environmental Sanitation: news, policies, group "
            "standards, ratings, events and member services of China's sanitation sector.",
        ),
    ]:
        if not getattr(settings, name):
            setattr(settings, name, value)
            changed.append(name)
    if changed:
        settings.save(update_fields=changed)


def load(stdout=None) -> None:
    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    english = Locale.objects.filter(language_code="en").first()
    if home is None or english is None or not home.has_translation(english):
        return
    created = []
    for path, fields in SECTIONS:
        page = home
        for slug in path.split("/"):
            page = page.get_children().filter(slug=slug).first() if page else None
        if page is None:
            continue  # the app that builds this section is not installed
        if not page.get_parent().has_translation(english):
            continue
        translation, new = ensure_translation(page, english, fields)
        if new:
            created.append(translation.title)
    ensure_site_settings_english()
    if stdout is not None and created:
        stdout.write(f"  English pages: {', '.join(created)}")
