from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from website.core.cache import invalidate_page_cache
        from website.core.registry import home_sections, portal_sections

        from . import directory, sections
        from .models import GradeBand, Round, Scheme

        portal_sections.register(
            "certification",
            template="certification/portal/section.html",
            get_context=sections.portal_applicant,
            order=40,
        )
        portal_sections.register(
            "certification-reviews",
            template="certification/expert/section.html",
            get_context=sections.portal_expert,
            order=45,
        )
        home_sections.register(
            "certification",
            template="certification/home_section.html",
            get_context=sections.home,
            order=60,
            slot="aside",
        )
        directory.register()
        # Schemes, rounds and grades show on public pages; the services invalidate for the rest.
        for model in (Scheme, Round, GradeBand):
            post_save.connect(
                invalidate_page_cache, sender=model, dispatch_uid=f"cert-cache-{model.__name__}"
            )
            post_delete.connect(
                invalidate_page_cache, sender=model, dispatch_uid=f"cert-cache-del-{model.__name__}"
            )
