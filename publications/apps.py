from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publications")

    def ready(self) -> None:
        from website.core.registry import home_sections, portal_sections

        from . import home, portal, signals

        signals.connect()
        home_sections.register(
            "publications.notices",
            template="publications/home/notices.html",
            get_context=home.notices,
            order=10,
        )
        home_sections.register(
            "publications.news",
            template="publications/home/news.html",
            get_context=home.latest_news,
            order=20,
        )
        home_sections.register(
            "publications.iswa",
            template="publications/home/iswa.html",
            get_context=home.iswa,
            order=30,
        )
        home_sections.register(
            "publications.bulletins",
            template="publications/home/bulletins.html",
            get_context=home.bulletins,
            order=40,
            slot="aside",
        )
        home_sections.register(
            "publications.standards",
            template="publications/home/standards.html",
            get_context=home.standards,
            order=50,
            slot="aside",
        )
        portal_sections.register(
            "publications.submissions",
            template="publications/portal/section.html",
            get_context=portal.submissions_section,
            order=60,
        )
