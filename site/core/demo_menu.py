"""The demo's main menu entries for the association's services, added once the apps have loaded.

The site's own demo starts the menu (about, contact) and publications adds its sections; this
step, last in load_demo, adds membership, certification and events after the news centre,
where visitors look for them. Entries already in the menu are left as editors arranged them.
"""

import json

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Site

from .models import HomePage, SiteSettings


def _url(name: str) -> str:
    # Stored in the site's language; the menu shows it in the visitor's (core_tags.link_href).
    try:
        with translation.override(settings.LANGUAGE_CODE):
            return reverse(name)
    except NoReverseMatch:  # the app is not installed
        return ""


def _link(label: str, label_en: str, url: str = "", page=None) -> dict:
    return {"label": label, "label_en": label_en, "page": page, "url": url}


def menu_entries(home: HomePage) -> list[dict]:
    """Menu entries (with submenus) for the services whose pages and URLs exist."""
    entries = []
    join, directory = _url("members:join"), _url("members:directory")
    if join:
        entries.append(
            {
                **_link("会员服务", "Membership", join),
                "children": [
                    _link("申请入会", "Join", join),
                    _link("会员名录", "Member directory", directory),
                    _link("会员之家", "Member portal", _url("portal:dashboard")),
                ],
            }
        )
    register = _url("certification:register_index")
    if register:
        entries.append(
            {
                **_link("评价认证", "Evaluation", _url("certification:index")),
                "children": [
                    _link("信用评价名录", "Register of rated enterprises", register),
                    _link("评价公示", "Publicity", _url("certification:publicity")),
                    _link("证书查询", "Verify a certificate", _url("certification:verify")),
                    _link(
                        "科学技术奖", "Science and technology award", _url("certification:awards")
                    ),
                ],
            }
        )
    events = home.get_children().live().filter(slug="events").first()
    if events is not None:
        entries.append({**_link("会议活动", "Events", page=events.pk), "children": []})
    for entry in entries:
        entry["children"] = [child for child in entry["children"] if child["url"]]
    return entries


# English labels for the about pages' submenu, which the site's demo builds from page titles.
ENGLISH_LABELS = {"协会简介": "Profile", "协会章程": "Charter", "组织机构": "Organization"}


def _fill_english_labels(menu: list[dict]) -> bool:
    changed = False
    for item in menu:
        for link in [item["value"], *item["value"].get("children", [])]:
            english = ENGLISH_LABELS.get(link.get("label"))
            if english and not link.get("label_en"):
                link["label_en"] = english
                changed = True
    return changed


def load(stdout=None) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    home = HomePage.objects.filter(locale__language_code="zh-hans").first()
    if site is None or home is None:
        return
    site_settings = SiteSettings.for_site(site)
    menu = list(site_settings.main_menu.raw_data)
    labels = [item["value"].get("label") for item in menu]
    wanted = [entry for entry in menu_entries(home) if entry["label"] not in labels]
    labelled = _fill_english_labels(menu)
    if not wanted and not labelled:
        return
    after = next((i + 1 for i, label in enumerate(labels) if label == "新闻中心"), None)
    if after is None:
        after = next((i for i, label in enumerate(labels) if label == "联系我们"), len(menu))
    menu[after:after] = [{"type": "item", "value": entry} for entry in wanted]
    site_settings.main_menu = json.dumps(menu)
    site_settings.save()
    if stdout is not None and wanted:
        stdout.write(f"  menu: {', '.join(entry['label'] for entry in wanted)}")
