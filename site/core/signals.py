"""Publishing, moving or removing pages, and saving the site settings, empty page-cache areas.

A page's own area is what its app declared (`cache_areas.watch(NewsPage, areas=["news"])`);
an undeclared page type belongs to "pages". Moving, renaming the slug of, unpublishing or
deleting a page also empties "pages": the menu and other pages link to it; so does the first
publication of a translation (links to its source now lead to it).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .cache import PAGES, cache_areas, invalidate


def _own_areas(sender) -> tuple[str, ...]:
    return cache_areas.of(sender) or (PAGES,)


def _page_changed(sender, raw: bool = False, instance=None, **kwargs) -> None:
    """A page's own areas; and "pages" for an alias (it mirrors its source elsewhere in the
    tree, and its source's view restrictions apply to it: website.core.routing)."""
    from wagtail.models import Page

    if issubclass(sender, Page) and not raw:
        alias = instance is not None and instance.alias_of_id is not None
        invalidate(*_own_areas(sender), *((PAGES,) if alias else ()))


def _page_published(sender, instance=None, **kwargs) -> None:
    """A page's own areas; and "pages" when a translation is first published (links to its
    source, the menu's in the cached fragment, now lead to it in that language) or when the
    page has children (its title is in their breadcrumbs, and sections are in the menu)."""
    from wagtail.models import Page

    if not issubclass(sender, Page):
        return
    first = instance is not None and instance.first_published_at == instance.last_published_at
    frame = instance is not None and (
        (first and _is_translation(instance)) or bool(instance.numchild)
    )
    invalidate(*_own_areas(sender), *((PAGES,) if frame else ()))


def _is_translation(page) -> bool:
    from django.conf import settings

    return page.locale.language_code != settings.LANGUAGE_CODE


def _page_moved_or_removed(sender, **kwargs) -> None:
    from wagtail.models import Page

    if issubclass(sender, Page):
        invalidate(*_own_areas(sender), PAGES)


def _connect_pages() -> None:
    from wagtail.models import Locale, Site

    from .models import SiteSettings

    # Sites, their home pages and the locales are kept per "pages" (website.core.sites, i18n).
    cache_areas.watch(SiteSettings, Site, Locale, areas=[PAGES])
    page_published.connect(_page_published, dispatch_uid="core.cache.page_published")
    post_save.connect(_page_changed, dispatch_uid="core.cache.page_saved")
    removed = {
        "unpublished": page_unpublished,
        "slug_changed": page_slug_changed,
        "moved": post_page_move,
        "deleted": post_delete,
    }
    for name, signal in removed.items():
        signal.connect(_page_moved_or_removed, dispatch_uid=f"core.cache.page_{name}")


_connect_pages()


def _everything_changed(sender, raw: bool = False, **kwargs) -> None:
    """Every area is emptied: a view restriction (making a page private, or public again,
    changes who may see it and every list that shows it), an image or a document (kept
    pages, lists and articles show their renditions, alt texts and links)."""
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"file_size", "file_hash"}:
        return  # Wagtail filling in what it measured of an unchanged file
    if not raw:
        invalidate(*cache_areas.names())


def _connect_everything() -> None:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction

    for model in (PageViewRestriction, get_image_model(), get_document_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                _everything_changed,
                sender=model,
                dispatch_uid=f"core.cache.everything.{model._meta.label_lower}.{signal is post_save}",
            )


_connect_everything()


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
