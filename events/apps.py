from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from website.core.cache import invalidate_page_cache
        from website.core.registry import home_sections, portal_sections

        from . import sections
        from .models import Activity, Event, TicketType

        home_sections.register(
            "events.upcoming",
            template="events/sections/home_upcoming.html",
            get_context=sections.upcoming_events,
            order=20,
            slot="aside",
        )
        portal_sections.register(
            "events.registrations",
            template="events/sections/portal_events.html",
            get_context=sections.my_registrations,
            order=40,
        )
        # What the public event pages show comes from these rows.
        for model in (Event, Activity, TicketType):
            post_save.connect(
                invalidate_page_cache,
                sender=model,
                dispatch_uid=f"events.cache.{model.__name__}.save",
            )
            post_delete.connect(
                invalidate_page_cache,
                sender=model,
                dispatch_uid=f"events.cache.{model.__name__}.delete",
            )
