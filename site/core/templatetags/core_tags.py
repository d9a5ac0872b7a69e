import hashlib

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_format
from django.urls import get_resolver, get_script_prefix, get_urlconf, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to this page in each site language: the translated page where one exists."""
    request = context.get("request")
    page = context.get("page")
    if (
        page is not None
        and getattr(page, "pk", None)
        and hasattr(page, "get_translations")
        and not getattr(request, "is_preview", False)
    ):
        # Where a page is in each language changes only with the page tree: kept per "pages".
        from website.core.cache import PAGES, cached_fragment, fragment_seconds

        host = request.get_host() if request is not None else ""
        key = f"language-links:{page.pk}:{translation.get_language()}:{host}"
        return cached_fragment(
            key, lambda: _language_links(request, page), fragment_seconds(), areas=[PAGES]
        )
    return _language_links(request, page)


def _language_links(request, page) -> list[dict]:
    current = translation.get_language()
    links = []
    translations = {}
    if page is not None and hasattr(page, "get_translations"):
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[other.locale.language_code] = other
    for code, name in settings.LANGUAGES:
        if code in translations:
            with translation.override(code):
                url = translations[code].get_url(request=request)
        elif page is not None and hasattr(page, "get_translations"):
            # No translation of this page: its address in that language (an untranslated
            # Chinese page has one in English, website.core.i18n), else that language's home.
            home = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
            with translation.override(code):
                url = page.get_url(request=request) or ""
            others = tuple(f"/{other}/" for other, _ in settings.LANGUAGES if other != code)
            if not url.startswith(home) or url.startswith(others):
                url = home
        else:
            url = _translated(request.get_full_path() if request else "/", code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


# translate_url() resolves the path and reverses it in the other language on every page that
# is not a Wagtail page (the portal, events, the directory): kept per process, like {% url %}'s
# answers (kept_urls), under what the answer depends on. The query string is carried over as
# translate_url carries it.
MAX_TRANSLATED = 4096
_translated_paths: dict[tuple, str] = {}


def _translated(full_path: str, code: str) -> str:
    path, mark, query = full_path.partition("?")
    key = (
        get_resolver(get_urlconf()),
        get_script_prefix(),
        translation.get_language(),
        code,
        path,
    )
    translated = _translated_paths.get(key)
    if translated is None:
        translated = translate_url(path, code)
        if len(_translated_paths) >= MAX_TRANSLATED:
            _translated_paths.clear()
        _translated_paths[key] = translated
    return f"{translated}{mark}{query}"


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str = "") -> str:
    request = context.get("request")
    if not url:
        return request.build_absolute_uri() if request else settings.BASE_URL
    if url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url) if request else f"{settings.BASE_URL}{url}"


def _active_locale_id(context) -> int | None:
    """The active locale's id, looked up once per template rendering."""
    memo = context.render_context
    language = translation.get_language()
    key = ("active-locale-id", language)
    if key not in memo:
        from wagtail.models import Locale

        locale = Locale.objects.filter(language_code=language).only("pk").first()
        memo[key] = locale.pk if locale else None
    return memo[key]


def _link_values(site_settings) -> list:
    """Every LinkBlock value of the site settings' menu and footer links."""
    values = []
    for block in (*site_settings.main_menu, *site_settings.footer_links):
        values.append(block.value)
        values.extend(block.value.get("children") or ())
    return values


def _translations(context, page) -> dict:
    """The live translations, in the visitor's language, of every page the site settings
    link to, looked up together the first time one of their links is shown: one query for
    the whole menu and footer instead of two per link (Page.localized)."""
    from wagtail.models import Page

    request = context.get("request")
    locale_id = _active_locale_id(context)
    memo = request.__dict__.setdefault("_link_translations", {}) if request else {}
    if locale_id not in memo:
        site_settings = context.get("site_settings")
        keys = {page.translation_key}
        if site_settings is not None:
            for value in _link_values(site_settings):
                linked = value.get("page")
                if linked is not None and linked.locale_id != locale_id:
                    keys.add(linked.translation_key)
        found = dict.fromkeys(keys)  # None: no live translation, the page itself is shown
        found.update(
            (translated.translation_key, translated)
            for translated in Page.objects.filter(
                translation_key__in=keys, locale_id=locale_id, live=True
            )
        )
        memo[locale_id] = found
    found = memo[locale_id]
    if page.translation_key not in found:
        # A link that is not in the site settings (a block elsewhere): look it up alone.
        translated = page.localized
        found[page.translation_key] = translated if translated is not page else None
    return found


@register.simple_tag(takes_context=True)
def link_href(context, value) -> str:
    """URL of a LinkBlock value: the chosen page, else the typed URL, in the visitor's language."""
    page = value.get("page")
    if not page:
        url = value.get("url") or ""
        language = translation.get_language()
        if url.startswith("/") and not url.startswith("//") and language != settings.LANGUAGE_CODE:
            # A path on this site, typed in the site's language: the same place in the visitor's.
            with translation.override(settings.LANGUAGE_CODE):
                return translate_url(url, language)
        return url
    if page.locale_id != _active_locale_id(context):
        page = _translations(context, page).get(page.translation_key) or page
    return page.get_url(request=context.get("request")) or ""


class CachedAreaNode(template.Node):
    def __init__(self, nodelist, name: str, areas: list, vary=None) -> None:
        self.nodelist = nodelist
        self.name = name
        self.areas = areas
        self.vary = vary

    def render(self, context) -> str:
        from website.core.cache import cached_fragment, fragment_seconds

        request = context.get("request")
        if self.vary is not None and getattr(request, "is_preview", False):
            return self.nodelist.render(context)  # a preview shows the draft, never the kept HTML
        areas = []
        for area in self.areas:  # names, or a list of names
            value = area.resolve(context)
            areas.extend(value if isinstance(value, (list, tuple)) else [value])
        host = request.get_host() if request is not None else ""
        language = translation.get_language()
        key = f"fragment:{self.name}:{language}:{host}"
        if self.vary is not None:
            varies = str(self.vary.resolve(context))
            key += ":" + hashlib.sha256(varies.encode()).hexdigest()[:32]
        html = cached_fragment(
            key, lambda: self.nodelist.render(context), fragment_seconds(), areas=areas
        )
        return mark_safe(html)  # noqa: S308 - the template's own rendering


@register.tag
def cached_area(parser, token):
    """`{% cached_area "menu" "pages" %}...{% endcached_area %}`: the enclosed HTML, rendered
    once per language and host and kept until one of the named page-cache areas changes.
    For parts of a page that do not depend on the visitor. Links to pages read "pages":
    moving, renaming or unpublishing a page, and the first publication of a translation, empty
    it (website.core.signals).

    `{% cached_area "news-related" "news" "pages" vary=page.pk %}`: one entry per value of
    `vary` (a page, a list's filters and page number), for HTML that depends on the page
    shown but not on who looks at it. Previews render it afresh.
    """
    bits = token.split_contents()
    vary = None
    if bits[-1].startswith("vary="):
        vary = parser.compile_filter(bits.pop()[len("vary=") :])
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name and at least one area")
    nodelist = parser.parse(("endcached_area",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return CachedAreaNode(
        nodelist, name, [parser.compile_filter(bit) for bit in bits[2:]], vary=vary
    )


@register.filter
def link_label(value) -> str:
    if translation.get_language() == "en" and value.get("label_en"):
        return value["label_en"]
    return value.get("label", "")


def _share_image(context):
    """The image a shared page shows (WeChat, Weibo): the page's own, else the site's."""
    page = context.get("page")
    image = None
    if page is not None:
        getter = getattr(page, "get_share_image", None)
        image = getter() if callable(getter) else getattr(page, "share_image", None)
    site_settings = context.get("site_settings")
    if image is None and site_settings is not None:
        image = site_settings.default_share_image or site_settings.logo
    return image


def _may_share_an_image(*objects) -> bool:
    """Whether any image field of these (the page, the site settings) is set, from the ids
    already read: most pages have no image of their own and the site may have none."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    return any(
        getattr(obj, field.attname, None)
        for obj in objects
        if obj is not None and hasattr(obj, "_meta")
        for field in obj._meta.concrete_fields
        if field.is_relation and field.related_model is image_model
    )


@register.simple_tag(takes_context=True)
def share_image_meta(context) -> str:
    """The share image (`_share_image`) as og:image and itemprop meta tags, a 600×600 crop.

    Kept per page, language and host until the page's own areas (its publication) or "pages"
    (the site's default image is a site setting) change; saving or deleting any image empties
    every area (website.core.signals). Reading the image and its rendition cost a query and a
    cache round trip on every page."""
    from wagtail.images.shortcuts import get_rendition_or_not_found
    from wagtail.models import Page

    from website.core.cache import PAGES, cache_areas, cached_fragment, fragment_seconds

    def render() -> str:
        image = _share_image(context)
        if image is None:
            return ""
        url = absolute_url(context, get_rendition_or_not_found(image, "fill-600x600").url)
        return format_html(
            '<meta property="og:image" content="{}">\n  <meta itemprop="image" content="{}">',
            url,
            url,
        )

    page = context.get("page")
    request = context.get("request")
    if not _may_share_an_image(page, context.get("site_settings")):
        return ""  # no image field set: nothing to read, nothing to keep
    if isinstance(page, Page):
        vary, areas = page.pk, (*cache_areas.of(type(page)), PAGES)
    elif page is None:
        vary, areas = "site", (PAGES,)
    else:
        return render()  # not a page (a view's own object): not kept
    if request is None or getattr(request, "is_preview", False):
        return render()  # a preview shows the draft's image
    key = (
        f"fragment:share-image:{translation.get_language()}:"
        f"{request.scheme}://{request.get_host()}:{vary}"
    )
    return mark_safe(cached_fragment(key, render, fragment_seconds(), areas=areas))  # noqa: S308


@register.simple_tag
def valid_through(day) -> str:
    """`{% valid_through some_date %}`: this rendering is right until the end of that day;
    the page cache keeps the page no longer (website.core.cache)."""
    from website.core.cache import valid_through as declare

    declare(day)
    return ""


@register.simple_tag(takes_context=True)
def content_language(context) -> str:
    """The language of the page's text when it differs from the visitor's (an untranslated
    Chinese page in the English site): "zh-Hans", else ""."""
    from website.core.i18n import html_language, in_default_language, locale_codes

    page = context.get("page")
    if page is None or in_default_language() or not hasattr(page, "locale_id"):
        return ""
    language = locale_codes().get(page.locale_id)
    if language is None:
        return ""
    return html_language(language) if language != translation.get_language() else ""


@register.filter
def localized_setting(site_settings, name: str) -> str:
    """A text site setting in the visitor's language (the English field in English)."""
    return site_settings.in_language(name) if site_settings is not None else ""


@register.filter
def localized(page):
    """The page's translation in the visitor's language, else the page itself."""
    from website.core.i18n import in_default_language

    if page is None or in_default_language():
        return page  # the Chinese site shows Chinese pages: no query
    from website.core.i18n import LocaleFallbackMixin

    shown = getattr(page, "localized", page)
    # A plain Page (an ancestor) gives its address in the visitor's language once specific.
    return shown if isinstance(shown, LocaleFallbackMixin) else shown.specific


@register.simple_tag(takes_context=True)
def lang_attr(context, page) -> str:
    """` lang="zh-Hans"` on the element holding a page's text when that text is in another
    language than the visitor's (a Chinese item listed in the English site), else ""."""
    from website.core.i18n import active_language, html_language, in_default_language

    locale_id = getattr(page, "locale_id", None)
    if locale_id is None or in_default_language():
        return ""
    # Kept on the request: each {% include %} of a list item has its own render context.
    request = context.get("request")
    memo = request.__dict__ if request is not None else context.render_context
    if "locale-codes" not in memo:
        from website.core.i18n import locale_codes

        memo["locale-codes"] = locale_codes()
    code = memo["locale-codes"].get(locale_id)
    if not code or code == active_language():
        return ""
    return format_html(' lang="{}"', html_language(code))


@register.filter(expects_localtime=True)
def month_day(value, with_time: bool = False) -> str:
    """A day of the year as the visitor reads it: 1月13日 in Chinese, Jan. 13 in English."""
    if not value:
        return ""
    english = translation.get_language() == "en"
    pattern = "N j" if english else "n月j日"
    return date_format(value, f"{pattern} H:i" if with_time else pattern)


@register.filter
def book_title(title) -> str:
    """A periodical's or book's title as the visitor's language writes it: 《中国环卫》 in
    Chinese, the title alone in English."""
    if not title:
        return ""
    return str(title) if translation.get_language() == "en" else f"《{title}》"


@register.filter
def label_in_language(label) -> str:
    """A grade or round label as the visitor reads it: AAA级, 2026年度 in Chinese; AAA, 2026
    in English (website.core.i18n.label_in_language)."""
    from website.core.i18n import label_in_language as in_language

    return in_language(label)


@register.simple_tag
def data_lang() -> str:
    """` lang="zh-Hans"` on text entered in the site's language (a scheme's description, a
    company name) when the visitor reads another language, else ""."""
    from website.core.i18n import html_language, in_default_language

    return (
        ""
        if in_default_language()
        else format_html(' lang="{}"', html_language(settings.LANGUAGE_CODE))
    )


@register.simple_tag
def colon() -> str:
    """The colon after a label: full-width "：" in Chinese, ": " in English."""
    return ": " if translation.get_language() == "en" else "："


@register.simple_tag(takes_context=True)
def site_userbar(context) -> str:
    """Wagtail's userbar for those who may open the back office: the question is answered from
    the cache (website.accounts.access), so a member's page reads no permissions."""
    from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

    from website.accounts.access import has_admin_access

    request = context.get("request")
    if request is None or not has_admin_access(getattr(request, "user", None)):
        return ""
    return wagtailuserbar(context)
