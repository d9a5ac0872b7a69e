"""The back office names the association, speaks Chinese and shows values as words."""

import datetime

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.admin.ui.tables import BooleanColumn, Column, Table
from wagtail.models import Page, Site

from website.core.admin_views import LocalTimeInspectMixin
from website.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_a_fresh_install_names_its_site_after_the_association():
    # Wagtail's migration creates a site without a name; the admin then said "localhost".
    assert Site.objects.get(is_default_site=True).site_name == settings.WAGTAIL_SITE_NAME


def test_the_demo_home_keeps_the_name_and_the_settings_rename_the_site(site_home):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == site_home.pk
    assert site.site_name == settings.WAGTAIL_SITE_NAME
    site_settings = SiteSettings.for_site(site)
    site_settings.name = "某省城市环境卫生协会"
    site_settings.save()
    site.refresh_from_db()
    assert site.site_name == "某省城市环境卫生协会"


def test_dashboard_and_explorer_speak_chinese(site_home, staff_user, client):
    client.force_login(staff_user)
    dashboard = client.get("/admin/").content.decode()
    assert "localhost" not in dashboard
    assert "created in" not in dashboard
    assert "个页面" in dashboard
    explorer = client.get(f"/admin/pages/{site_home.pk}/").content.decode()
    assert "Exploring" not in explorer
    assert "Referenced" not in explorer
    assert "被引用" in explorer


def test_a_live_page_reads_as_published(site_home, staff_user, client):
    client.force_login(staff_user)
    explorer = client.get(f"/admin/pages/{Page.get_first_root_node().pk}/").content.decode()
    assert "已发布" in explorer
    assert "在用" not in explorer


def test_new_pages_are_not_autosaved(site_home, staff_user, client):
    # Autosave made a draft of a page being created; the next try then hit "slug in use".
    client.force_login(staff_user)
    response = client.get(f"/admin/pages/add/core/standardpage/{site_home.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-w-autosave-interval-value" not in html  # the form's autosave controller
    assert "Autosave is" not in html  # the (hidden) indicator reads Chinese anyway


def test_slug_in_use_is_explained_in_chinese(site_home):
    from django.core.exceptions import ValidationError

    from website.core.models import StandardPage

    site_home.add_child(instance=StandardPage(title="协会简介", slug="jianjie"))
    duplicate = StandardPage(title="协会简介", slug="jianjie")
    with pytest.raises(ValidationError) as error:
        site_home.add_child(instance=duplicate)
    assert "缩略名“jianjie”已被" in str(error.value)


def test_yes_no_cells_show_ticks_read_as_yes_and_no():
    table = Table(
        [Column("plain", label="启用"), BooleanColumn("tick", label="有效")],
        [{"plain": True, "tick": False}, {"plain": False, "tick": None}],
    )
    html = render_to_string("wagtailadmin/tables/table.html", table.get_context_data({}))
    for machine in ("True", "False", "None"):
        assert f">{machine}<" not in html.replace(" ", "").replace("\n", "")
    assert "是" in html and "否" in html and "未知" in html


class _Inspect:
    def get_field_display_value(self, field_name, field):
        return self.values[field_name]


class _ReadableInspect(LocalTimeInspectMixin, _Inspect):
    values = {
        "agreed": True,
        "paper": False,
        "handled_by": None,
        "at": datetime.datetime(2026, 12, 3, 1, 45, tzinfo=datetime.UTC),
    }


def test_inspect_values_read_as_words_and_beijing_time():
    view = _ReadableInspect()
    assert view.get_field_display_value("agreed", None) == "是"
    assert view.get_field_display_value("paper", None) == "否"
    assert view.get_field_display_value("handled_by", None) == "—"
    shown = view.get_field_display_value("at", None)
    assert "9:45" in shown or "09:45" in shown
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"
