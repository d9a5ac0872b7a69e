from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self) -> None:
        from website.core.cache import cache_areas
        from website.core.registry import home_sections, portal_sections

        from . import home, models, portal, signals

        signals.connect()
        # What publishing a page of each type empties (its readers name these areas too).
        cache_areas.watch(
            models.NewsIndexPage,
            models.NewsPage,
            models.IswaIndexPage,
            models.IswaArticlePage,
            areas=["news"],
        )
        cache_areas.watch(models.BulletinIndexPage, models.BulletinIssuePage, areas=["bulletins"])
        cache_areas.watch(models.StandardIndexPage, models.GroupStandardPage, areas=["standards"])
        cache_areas.watch(models.PolicyIndexPage, models.PolicyDocumentPage, areas=["policies"])
        home_sections.register(
            "publications.notices",
            template="publications/home/notices.html",
            get_context=home.notices,
            order=10,
            areas=["news"],
        )
        home_sections.register(
            "publications.news",
            template="publications/home/news.html",
            get_context=home.latest_news,
            order=20,
            areas=["news"],
        )
        home_sections.register(
            "publications.iswa",
            template="publications/home/iswa.html",
            get_context=home.iswa,
            order=30,
            areas=["news"],
        )
        home_sections.register(
            "publications.bulletins",
            template="publications/home/bulletins.html",
            get_context=home.bulletins,
            order=40,
            slot="aside",
            areas=["bulletins"],
        )
        home_sections.register(
            "publications.standards",
            template="publications/home/standards.html",
            get_context=home.standards,
            order=50,
            slot="aside",
            areas=["standards"],
        )
        portal_sections.register(
            "publications.submissions",
            template="publications/portal/section.html",
            get_context=portal.submissions_section,
            order=60,
        )
