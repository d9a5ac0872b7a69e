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


def _name_the_site(sender, instance, **kwargs):
    """The admin names a site by its site_name: keep it the association's configured name."""
    from wagtail.models import Site

    if instance.name:
        Site.objects.filter(pk=instance.site_id).exclude(site_name=instance.name).update(
            site_name=instance.name
        )


def _connect_site_name() -> None:
    from .models import SiteSettings

    post_save.connect(_name_the_site, sender=SiteSettings, dispatch_uid="core.site_name")


_connect_site_name()
