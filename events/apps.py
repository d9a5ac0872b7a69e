from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from website.core.cache import cache_areas
        from website.core.registry import home_sections, portal_sections

        from . import sections
        from .models import Activity, Event, EventIndexPage, EventPage, TicketType

        home_sections.register(
            "events.upcoming",
            template="events/sections/home_upcoming.html",
            get_context=sections.upcoming_events,
            order=20,
            slot="aside",
            areas=["events"],
        )
        portal_sections.register(
            "events.registrations",
            template="events/sections/portal_events.html",
            get_context=sections.my_registrations,
            order=40,
        )
        # What the public event pages show comes from these rows.
        cache_areas.watch(Event, Activity, TicketType, EventIndexPage, EventPage, areas=["events"])
