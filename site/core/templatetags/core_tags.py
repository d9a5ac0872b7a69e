from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to this page in each site language: the translated page where one exists."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    if page is not None and hasattr(page, "get_translations"):
        for other in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[other.locale.language_code] = other
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code].get_url(request=request)
        elif page is not None and hasattr(page, "get_translations"):
            # No translation of this page: offer that language's home page instead.
            url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
        else:
            path = request.get_full_path() if request else "/"
            url = translate_url(path, code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


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
        page = page.localized
    return page.get_url(request=context.get("request")) or ""


@register.filter
def link_label(value) -> str:
    if translation.get_language() == "en" and value.get("label_en"):
        return value["label_en"]
    return value.get("label", "")


@register.simple_tag(takes_context=True)
def share_image(context):
    """The image a shared page shows (WeChat, Weibo): the page's own, else the site's.

    A tag rather than {% firstof %}, which would turn the image into text.
    """
    page = context.get("page")
    image = None
    if page is not None:
        getter = getattr(page, "get_share_image", None)
        image = getter() if callable(getter) else getattr(page, "share_image", None)
    site_settings = context.get("site_settings")
    if image is None and site_settings is not None:
        image = site_settings.default_share_image or site_settings.logo
    return image


@register.simple_tag
def valid_through(day) -> str:
    """`{% valid_through some_date %}`: this rendering is right until the end of that day;
    the page cache keeps the page no longer (website.core.cache)."""
    from website.core.cache import valid_through as declare

    declare(day)
    return ""
