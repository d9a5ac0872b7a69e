from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from website.core.cache import cache_areas
        from website.core.registry import portal_nav, portal_sections

        from .models import (
            Branch,
            BranchPosition,
            BusinessCategory,
            FeeSchedule,
            Invoice,
            Membership,
            MembershipSettings,
            Organization,
            Payment,
        )
        from .views import portal

        # The public directory, profiles and branch pages show these rows.
        cache_areas.watch(
            Organization,
            Organization.categories.through,
            Membership,
            BusinessCategory,
            Branch,
            BranchPosition,
            areas=["directory"],
        )
        # The join page shows the dues.
        cache_areas.watch(FeeSchedule, MembershipSettings, areas=["join"])
        # The admin home's dues outstanding (members.dashboard).
        cache_areas.watch(Invoice, Payment, areas=["dues"])
        # A branch secretary's "My branches" in the admin's sidebar (kept_wagtailadmin).
        cache_areas.watch(Branch, areas=["branches"])
        portal_sections.register(
            "members",
            template="members/portal/section.html",
            get_context=portal.dashboard_section,
            order=10,
        )
        portal_nav.register("members", get_links=portal.nav_links, order=10)
