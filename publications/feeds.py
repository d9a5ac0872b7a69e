"""RSS 2.0 and Atom feeds of a news section (or of the whole news centre)."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from website.core.cache import PAGES, cached_fragment, fragment_seconds

from .models import NewsIndexPage, NewsPage

ITEMS = 30


class NewsFeed(Feed):
    def __init__(self, index: NewsIndexPage, *, atom: bool):
        super().__init__()
        self.index = index
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        # The same for every reader: kept per feed, language and host until the news or the
        # page tree (or the site's name, in the title) change.
        key = ":".join(
            ("publications:feed", request.get_host(), translation.get_language(), request.path)
        )
        content, last_modified = cached_fragment(
            key,
            lambda: self._generate(request, *args, **kwargs),
            fragment_seconds(),
            areas=["news", PAGES],
        )
        # The feed generator writes about a thousand small pieces, which the server would send
        # one write at a time (a cached feed cost six times a cached page); one block is sent.
        response = HttpResponse(
            content,
            content_type="application/atom+xml; charset=utf-8"
            if self.feed_type is Atom1Feed
            else "application/rss+xml; charset=utf-8",
        )
        if last_modified:
            response["Last-Modified"] = last_modified  # as Django's feed view sets it
        return response

    def _generate(self, request, *args, **kwargs) -> tuple[bytes, str]:
        response = super().__call__(request, *args, **kwargs)
        return response.content, response.get("Last-Modified", "")

    def title(self):
        from website.core.models import SiteSettings

        settings = SiteSettings.for_request(self.request)
        return f"{self.index.title} - {settings.name}"

    def link(self):
        return self.index.get_url(request=self.request)

    def feed_url(self):
        # The feed's own address, without whatever query string a reader added.
        return self.request.build_absolute_uri(self.request.path)

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
