from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from website.core.registry import portal_nav

register = template.Library()


@register.simple_tag(takes_context=True)
def portal_nav_links(context) -> str:
    """The portal navigation links the apps registered, the current one marked."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    return format_html_join(
        "\n",
        "{}",
        (
            (
                format_html(
                    '<a href="{}"{}>{}</a>',
                    url,
                    mark_safe(' aria-current="page"')
                    if request.path == url or (url.count("/") > 3 and request.path.startswith(url))
                    else "",
                    label,
                ),
            )
            for label, url in portal_nav.links(request)
        ),
    )
