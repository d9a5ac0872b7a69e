"""The public face of events: an index of events and one page per event.

The pages carry no per-user content, so the anonymous page cache serves them; registering
happens on the events app's own URLs (they carry a CSRF token and are never cached).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from website.core.blocks import BodyBlock
from website.core.i18n import localized_children, prefetch_addresses
from website.core.models import SeoMixin
from website.core.routing import public


class EventIndexPage(SeoMixin, Page):
    """会议活动: upcoming events first, then past ones, paginated."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1
    cache_areas = ("pages", "events")

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def get_context(self, request, *args, **kwargs):
        from django.utils import timezone

        from website.core.cache import valid_through

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        pages = (
            public(localized_children(self, EventPage.objects.all()).live())
            .select_related("event")
            .order_by("-event__starts_on")
        )
        context["upcoming"] = list(
            pages.filter(event__ends_on__gte=today).order_by("event__starts_on")
        )
        for page in context["upcoming"]:
            valid_through(page.event.ends_on)  # then it moves to the past events
        past = pages.filter(event__ends_on__lt=today)
        context["past_page"] = past_page = Paginator(past, 12).get_page(request.GET.get("page"))
        # Both lists' addresses in the visitor's language at once (two queries in English).
        prefetch_addresses([*context["upcoming"], *past_page], request)
        return context


class EventPage(SeoMixin, Page):
    """One event: what, when, where, the programme and, for the expo, its exhibitors."""

    event = models.OneToOneField(
        "events.Event",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="page",
        help_text=_("Dates, venue, activities and tickets come from here."),
    )
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("programme and details"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("event"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []
    cache_areas = ("pages", "events")

    class Meta:
        verbose_name = _("event page")
        verbose_name_plural = _("event pages")

    def get_share_description(self) -> str:
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        from ..models import ExhibitorApplication

        context = super().get_context(request, *args, **kwargs)
        event = self.event
        context["event"] = event
        if event is not None:
            context["activities"] = list(event.activities.all())
            context["ticket_types"] = list(
                event.ticket_types.filter(is_active=True).prefetch_related("activities")
            )
            if event.has_expo:
                context["exhibitors"] = list(
                    ExhibitorApplication.objects.filter(event=event)
                    .on_public_list()
                    .prefetch_related("booths__hall")
                    .order_by("company_name")
                )
        return context
