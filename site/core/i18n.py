"""Pages in other languages than the site's: the Chinese text stands in for a missing translation.

The English tree (under /en/) holds translations of the sections: the news centre, the policy
library, standards, bulletins, events, branches, contact. An item that exists only in Chinese
(a news item, a policy, an event) is shown in English at its English address, below the
English section: its Chinese text inside the English page chrome, marked as Chinese-only.
So every English page answers, and nothing in the English site leads into the Chinese tree:

- `LocaleFallbackMixin.route` finds an untranslated child in the source (Chinese) tree;
- `LocaleFallbackMixin.get_url_parts` gives a Chinese page, while another language is active,
  its address in that language: its translation's, else below its nearest translated
  ancestor (/en/news/association/<slug>/);
- `shown_in` and `under` let index pages and home sections list the Chinese items that have
  no translation next to the translated ones.

With the site's language active, none of this costs a query: the Chinese site is unchanged.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.encoding import escape_uri_path


def active_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def in_default_language() -> bool:
    """True while the site's own language (Chinese) is active: no fallback applies."""
    return active_language() == settings.LANGUAGE_CODE


def _locale_id(language_code: str) -> int | None:
    """The locale's id, kept until the locales change (they empty "pages")."""
    from wagtail.models import Locale

    from .cache import PAGES, cached_fragment, fragment_seconds

    def read() -> int | None:
        found = Locale.objects.filter(language_code=language_code)
        return found.values_list("pk", flat=True).first()

    key = f"core:locale-id:{language_code}"
    return cached_fragment(key, read, fragment_seconds(), areas=[PAGES], declare=False)


def locale_codes() -> dict[int, str]:
    """Every locale's language code by id, kept until the locales change."""
    from wagtail.models import Locale

    from .cache import PAGES, cached_fragment, fragment_seconds

    def read() -> dict[int, str]:
        return dict(Locale.objects.values_list("pk", "language_code"))

    return cached_fragment(
        "core:locale-codes", read, fragment_seconds(), areas=[PAGES], declare=False
    )


def default_locale_id() -> int | None:
    return _locale_id(settings.LANGUAGE_CODE)


def shown_in(locale_id: int | None) -> Q:
    """Pages as visitors of a locale see them: the locale's own, plus the site language's
    pages that have no translation in it (a condition on Page, for any page queryset)."""
    from wagtail.models import Page

    default_id = default_locale_id()
    if locale_id is None or locale_id == default_id:
        return Q(locale_id=locale_id)
    translated = Page.objects.filter(locale_id=locale_id).values("translation_key")
    return Q(locale_id=locale_id) | (Q(locale_id=default_id) & ~Q(translation_key__in=translated))


def source_page(page):
    """The site language's version of a page in another locale (None if it has none)."""
    default_id = default_locale_id()
    if page is None or default_id is None or page.locale_id == default_id:
        return None
    from wagtail.models import Page

    return Page.objects.filter(translation_key=page.translation_key, locale_id=default_id).first()


def under(page, *, children: bool = False) -> Q:
    """Children (or descendants) of a page and, in another language, of its Chinese source,
    the untranslated ones included. Combine with `shown_in` to drop translated duplicates."""
    from wagtail.models import Page

    relation = Page.objects.child_of_q if children else Page.objects.descendant_of_q
    condition = relation(page)
    if not in_default_language():
        source = source_page(page)
        if source is not None:
            condition |= relation(source)
    return condition


def by_source_path(pages) -> dict:
    """Each page by its path and, in another language, by its Chinese source's path too: the
    untranslated items below the source then find their translated section (one query)."""
    found = {page.path: page for page in pages}
    if in_default_language() or not found:
        return found
    from wagtail.models import Page

    by_key = {page.translation_key: page for page in found.values()}
    sources = Page.objects.filter(
        translation_key__in=list(by_key), locale_id=default_locale_id()
    ).values_list("path", "translation_key")
    for path, translation_key in sources:
        found.setdefault(path, by_key[translation_key])
    return found


def localized_children(page, queryset):
    """`queryset` limited to the page's children as visitors of its language see them."""
    if in_default_language():
        return queryset.child_of(page)
    return queryset.filter(under(page, children=True) & shown_in(page.locale_id))


CHINESE_LABEL = re.compile(r"^\s*(?:([A-Z]{1,3})\s*级|(\d{4})\s*年度)\s*$")


def label_in_language(label) -> str:
    """A data label written the Chinese way, as the visitor reads it: in English, "AAA级" is
    "AAA" and "2026年度" is "2026". Anything else is left as it is."""
    text = "" if label is None else str(label)
    if active_language() != "en":
        return text
    match = CHINESE_LABEL.match(text)
    return (match.group(1) or match.group(2)) if match else text


def html_language(language_code: str) -> str:
    """The BCP 47 form of a Django language code: zh-hans → zh-Hans."""
    parts = language_code.split("-")
    return "-".join(
        [parts[0], *(part.title() if len(part) == 4 else part.upper() for part in parts[1:])]
    )


class LocaleFallbackMixin:
    """Routing and URLs of a page tree in another language that falls back to the site's.

    Every public page type has it (through SeoMixin).
    """

    @property
    def localized_draft(self):
        """Wagtail's, with the active locale's id kept instead of read on every call."""
        locale_id = _locale_id(active_language())
        if locale_id is None or locale_id == self.locale_id:
            return self
        return self.get_translation_or_none(locale_id) or self

    def route(self, request, path_components):
        if path_components and not in_default_language():
            child = self._fallback_child(path_components[0])
            if child is not None:
                return child.specific.route(request, path_components[1:])
        return super().route(request, path_components)

    def _fallback_child(self, slug: str):
        """The source tree's child with this slug, when this page has no child of its own."""
        if self.get_children().filter(slug=slug).exists():
            return None
        source = source_page(self)
        if source is None:
            return None
        return source.get_children().filter(slug=slug).first()

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None or in_default_language():
            return parts
        language = active_language()
        roots = self._get_site_root_paths(request)
        own = next((r for r in roots if self.url_path.startswith(r.root_path)), None)
        if own is None or own.language_code == language:
            return parts
        if not any(r.language_code == language and r.site_id == own.site_id for r in roots):
            return parts  # no tree in the visitor's language: the page's own address
        found = self._address_in(language, request)
        return found or parts

    def _address_in(self, language: str, request=None):
        """URL parts of this page's content in another language's tree, or None."""
        addresses = self.__dict__.setdefault("_addresses", {})
        if language not in addresses:
            prefetch_addresses([self], request, language=language)
        return addresses[language]


def prefetch_addresses(pages, request=None, *, language: str | None = None) -> None:
    """Where each page of a list is shown in the visitor's language (its translation, else
    its place under the nearest translated ancestor), found for the whole list in two
    queries and kept on each page, instead of two queries per `{% pageurl %}`."""
    from wagtail.models import Page

    language = language or active_language()
    if language == settings.LANGUAGE_CODE:
        return
    pages = [
        page
        for page in pages
        if isinstance(page, LocaleFallbackMixin)
        and language not in page.__dict__.get("_addresses", {})
    ]
    if not pages:
        return
    steplen = pages[0].steplen

    def ancestor_paths(page) -> list[str]:  # the nearest first, the home page last
        return [page.path[:end] for end in range(len(page.path) - steplen, steplen, -steplen)]

    wanted = {path for page in pages for path in ancestor_paths(page)}
    ancestors = {
        path: (translation_key, url_path)
        for path, translation_key, url_path in Page.objects.filter(path__in=wanted).values_list(
            "path", "translation_key", "url_path"
        )
    }
    chains = {
        page.pk: [
            (page.translation_key, page.url_path),
            *(ancestors[path] for path in ancestor_paths(page) if path in ancestors),
        ]
        for page in pages
    }
    keys = {translation_key for chain in chains.values() for translation_key, _ in chain}
    translated = dict(
        Page.objects.filter(
            locale__language_code=language, live=True, translation_key__in=keys
        ).values_list("translation_key", "url_path")
    )
    for page in pages:
        page.__dict__.setdefault("_addresses", {})[language] = _first_address(
            page, chains[page.pk], translated, request
        )


def _first_address(page, chain, translated: dict, request):
    from wagtail.models import Page

    for translation_key, url_path in chain:  # the page first, then the nearest ancestor
        if translation_key in translated:
            target = Page(url_path=translated[translation_key])
            parts = target.get_url_parts(request)
            if parts is None or parts[2] is None:
                return None
            site_id, root_url, base = parts
            return site_id, root_url, base + escape_uri_path(page.url_path[len(url_path) :])
    return None
