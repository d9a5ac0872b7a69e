from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from website.core.cache import invalidate_page_cache
        from website.core.registry import portal_nav, portal_sections

        from .models import FeeSchedule, MembershipSettings
        from .signals import connect_cache_invalidation
        from .views import portal

        connect_cache_invalidation()
        portal_sections.register(
            "members",
            template="members/portal/section.html",
            get_context=portal.dashboard_section,
            order=10,
        )
        portal_nav.register("members", get_links=portal.nav_links, order=10)
        # The join page shows the dues: a new fee schedule or rule refreshes cached pages.
        for model in (FeeSchedule, MembershipSettings):
            label = model._meta.label_lower
            post_save.connect(
                invalidate_page_cache, sender=model, dispatch_uid=f"{label}.cache.save"
            )
            post_delete.connect(
                invalidate_page_cache, sender=model, dispatch_uid=f"{label}.cache.delete"
            )
