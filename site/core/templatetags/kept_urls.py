"""`{% url %}` with each answer kept per process: a template builtin (settings.TEMPLATES) that
replaces Django's tag for every template, ours and Wagtail's.

Reversing a URL name walks the resolver's namespaces and patterns each time (about 10 µs; the
certification workbench has 68 of them, an admin listing several per row). The same name with
the same arguments gives the same URL as long as nothing it depends on changes, so the answer
is kept under all of them: the URLconf's resolver (a new one after `clear_url_caches()`, which
`override_settings(ROOT_URLCONF=...)` triggers), the script prefix, the active language
(i18n_patterns and translated paths), the current app (namespaced instances), the name and the
arguments with their types (the resolver and the script prefix are read once per request, the
rest at each tag). Only ints and strs are kept as arguments; anything else (a model
instance, a lazy string) reverses as Django's tag does. At most MAX_KEPT answers are kept; the
table starts again when full. A name that does not reverse raises, or gives "" with `as`,
exactly as Django's tag does (tests/site/test_kept_urls.py).
"""

from __future__ import annotations

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()

MAX_KEPT = 4096
_kept: dict[tuple, str] = {}


def _plain(value) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


def kept_reverse(
    view_name: str, args: list, kwargs: dict, current_app: str | None, base: tuple | None = None
) -> str:
    """`reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)`, kept. `base` is
    the URLconf's resolver and the script prefix, when the caller has them (_request_base)."""
    if not (
        isinstance(view_name, str) and all(map(_plain, args)) and all(map(_plain, kwargs.values()))
    ):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        base or (get_resolver(get_urlconf()), get_script_prefix()),
        get_language(),
        current_app,
        view_name,
        tuple([(type(arg), arg) for arg in args]) if args else (),
        tuple(sorted([(name, type(value), value) for name, value in kwargs.items()]))
        if kwargs
        else (),
    )
    url = _kept.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = url
    return url


_MISSING = object()


def _request_base(context) -> tuple[tuple | None, str | None]:
    """The URLconf's resolver and script prefix of the rendering's request, looked up once per
    request instead of once per tag (the handler sets both before the view runs), and the
    current app as Django's tag finds it (a view may set it; the language may change with
    {% language %}: both are read each time)."""
    request = getattr(context, "request", None)
    if request is None:
        return None, None
    current_app = getattr(request, "current_app", _MISSING)
    if current_app is _MISSING:
        current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
    base = getattr(request, "_kept_url_base", None)
    if base is None:
        base = request._kept_url_base = (get_resolver(get_urlconf()), get_script_prefix())
    return base, current_app


class KeptURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        base, current_app = _request_base(context)
        url = ""
        try:
            url = kept_reverse(view_name, args, kwargs, current_app, base)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """Django's `{% url %}` (same syntax and answers), with its answers kept."""
    node = defaulttags.url(parser, token)
    node.__class__ = KeptURLNode
    return node
