"""A StreamField whose bookkeeping fields were tampered with answers a form error, not a 500."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from website.core.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [None, "abc", "-5", "99999999999999999999"])
def test_site_settings_with_a_tampered_menu_count(client, staff_user, site_home, count):
    site = Site.objects.get(is_default_site=True)
    settings_object = SiteSettings.for_site(site)
    menu_before = settings_object.main_menu.get_prep_value()
    client.force_login(staff_user)
    url = f"/admin/settings/core/sitesettings/{site.pk}/"
    data = {"name": "中国城市环境卫生协会"}
    if count is not None:
        data["main_menu-count"] = count

    response = client.post(url, data)

    assert response.status_code == 200
    settings_object.refresh_from_db()
    assert settings_object.main_menu.get_prep_value() == menu_before
