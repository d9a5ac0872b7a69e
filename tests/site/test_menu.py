"""The main menu: the services' entries in the demo, and typed links in the visitor's language."""

import re

import pytest
from wagtail.models import Site

from website.core import demo_menu
from website.core.demo import ensure_about_pages, ensure_contact_page, ensure_site_settings
from website.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def _menu_labels() -> list[str]:
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    return [item["value"]["label"] for item in settings.main_menu.raw_data]


def test_the_demo_menu_leads_to_membership_certification_and_events_once(client, site_home):
    ensure_about_pages(site_home)
    ensure_contact_page(site_home)
    ensure_site_settings(site_home)
    demo_menu.load()
    demo_menu.load()
    labels = _menu_labels()
    assert labels == ["关于协会", "会员服务", "评价认证", "联系我们"]
    content = client.get("/").content.decode()
    for href in ("/members/join/", "/members/directory/", "/certification/verify/"):
        assert f'href="{href}"' in content


def test_typed_links_follow_the_visitors_language(client, site_home):
    ensure_about_pages(site_home)
    ensure_site_settings(site_home)
    demo_menu.load()
    english = client.get("/en/").content.decode()
    assert 'href="/en/members/directory/">Member directory</a>' in english
    assert 'href="/en/certification/verify/"' in english
    assert ">Charter</a>" in english and "协会章程" not in english
    assert not re.search(r'href="/members/', english)
    # External links stay as typed.
    assert 'href="https://www.mohurd.gov.cn/"' in english
