from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from website.accounts.roles import CERTIFICATION_STAFF, register_permissions
        from website.core.cache import cache_areas
        from website.core.registry import home_sections, portal_sections

        from . import directory, sections
        from .models import (
            AwardCallPage,
            AwardLevel,
            AwardRound,
            AwardScheme,
            GradeBand,
            RecommendingUnit,
            RequiredDocument,
            Round,
            Scheme,
        )

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
        portal_sections.register(
            "certification-inspections",
            template="certification/plants/portal/team_section.html",
            get_context=sections.portal_inspector,
            order=47,
        )
        home_sections.register(
            "certification",
            template="certification/home_section.html",
            get_context=sections.home,
            order=60,
            slot="aside",
            areas=["register"],
        )
        portal_sections.register(
            "certification-recommendations",
            template="certification/awards/section.html",
            get_context=sections.portal_recommending_unit,
            order=46,
        )
        directory.register()
        # Certification staff keep the expert pool (experts, fields, conflicts); the persons'
        # records stay with the membership staff.
        register_permissions(
            CERTIFICATION_STAFF,
            "members.view_expert",
            "members.add_expert",
            "members.change_expert",
            "members.view_expertisefield",
        )
        post_save.connect(
            _award_round_settings, sender=Round, dispatch_uid="cert-award-round-settings"
        )
        # Schemes, rounds and grades show on public pages; the services empty the register
        # for applications and certificates (services.common.invalidate_public_pages).
        cache_areas.watch(
            Scheme,
            Round,
            GradeBand,
            RequiredDocument,
            AwardScheme,
            AwardLevel,
            AwardRound,
            RecommendingUnit,
            AwardCallPage,
            areas=["register"],
        )


def _award_round_settings(sender, instance, created, raw=False, **kwargs):
    """A round of an award scheme gets its award settings (deadlines, paper copy, committee)."""
    from .models import AwardRound, AwardScheme

    if created and not raw and AwardScheme.objects.filter(scheme_id=instance.scheme_id).exists():
        AwardRound.objects.get_or_create(round=instance)
