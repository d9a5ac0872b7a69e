"""RSS 2.0 and Atom feeds of a news section (or of the whole news centre)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from .models import NewsIndexPage, NewsPage

ITEMS = 30


class NewsFeed(Feed):
    def __init__(self, index: NewsIndexPage, *, atom: bool):
        super().__init__()
        self.index = index
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes about a thousand small pieces, which the server would send
        # one write at a time (a cached feed cost six times a cached page); send one block.
        response.content = response.content
        response["Content-Type"] = (
            "application/atom+xml; charset=utf-8"
            if self.feed_type is Atom1Feed
            else "application/rss+xml; charset=utf-8"
        )
        return response

    def title(self):
        from website.core.models import SiteSettings

        settings = SiteSettings.for_request(self.request)
        return f"{self.index.title} - {settings.name}"

    def link(self):
        return self.index.get_url(request=self.request)

    def feed_url(self):
        return self.request.build_absolute_uri()

    def description(self):
        return self.index.introduction or self.index.title

    subtitle = description

    def items(self):
        return list(self.index.news().prefetch_related("tagged_items__tag")[:ITEMS])

    def item_title(self, item: NewsPage):
        return item.title

    def item_description(self, item: NewsPage):
        return item.get_share_description()

    def item_link(self, item: NewsPage):
        return item.get_url(request=self.request)

    def item_guid(self, item: NewsPage):
        return self.request.build_absolute_uri(item.get_url(request=self.request))

    def item_pubdate(self, item: NewsPage):
        if item.first_published_at and timezone.localdate(item.first_published_at) == item.date:
            return item.first_published_at
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9)))

    def item_updateddate(self, item: NewsPage):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item: NewsPage):
        return item.author or item.source or None

    def item_categories(self, item: NewsPage):
        return [tagged.tag.name for tagged in item.tagged_items.all()]
