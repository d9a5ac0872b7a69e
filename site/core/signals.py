"""Publishing or removing content invalidates the anonymous page cache."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from .cache import invalidate_page_cache

page_published.connect(invalidate_page_cache, dispatch_uid="core.cache.page_published")
page_unpublished.connect(invalidate_page_cache, dispatch_uid="core.cache.page_unpublished")


def _invalidate_on_model_change(sender, **kwargs):
    from wagtail.models import Page

    from .models import SiteSettings

    if issubclass(sender, Page | SiteSettings):
        invalidate_page_cache()


post_save.connect(_invalidate_on_model_change, dispatch_uid="core.cache.post_save")
post_delete.connect(_invalidate_on_model_change, dispatch_uid="core.cache.post_delete")
