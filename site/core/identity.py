"""Who is speaking: the association's name and address, as emails and documents print them."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation


def association_name() -> str:
    """The name the secretariat keeps in the site settings, in the active language.

    Falls back to WAGTAIL_SITE_NAME before the site exists (a fresh database)."""
    from wagtail.models import Site

    from .models import SiteSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    site_settings = SiteSettings.for_site(site)
    if (translation.get_language() or "").startswith("en") and site_settings.name_en:
        return site_settings.name_en
    return site_settings.name or settings.WAGTAIL_SITE_NAME


def absolute_url(url: str) -> str:
    """`url` (a path, or a URL built from whatever host a request came in on) on BASE_URL.

    Emails are read away from the request: their links must lead to the public address, never
    to the host name a worker, a proxy or a test client happened to see."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return url  # mailto:, tel:
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    if parts.fragment:
        path += f"#{parts.fragment}"
    return f"{settings.BASE_URL}{path}"
