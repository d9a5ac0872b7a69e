"""`{% url %}` with each answer kept per process: a template builtin (settings.TEMPLATES) that
replaces Django's tag for every template, ours and Wagtail's.

Reversing a URL name walks the resolver's namespaces and patterns each time (about 10 µs; the
certification workbench has 68 of them, an admin listing several per row). The same name with
the same arguments gives the same URL as long as nothing it depends on changes, so the answer
is kept under all of them: the URLconf's resolver (a new one after `clear_url_caches()`, which
`override_settings(ROOT_URLCONF=...)` triggers), the script prefix, the active language
(i18n_patterns and translated paths), the current app (namespaced instances), the name and the
arguments with their types. Only ints and strs are kept as arguments; anything else (a model
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


def kept_reverse(view_name: str, args: list, kwargs: dict, current_app: str | None) -> str:
    """`reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)`, kept."""
    if not (
        isinstance(view_name, str) and all(map(_plain, args)) and all(map(_plain, kwargs.values()))
    ):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    key = (
        get_resolver(get_urlconf()),
        get_script_prefix(),
        get_language(),
        current_app,
        view_name,
        tuple((type(arg), arg) for arg in args),
        tuple(sorted((name, type(value), value) for name, value in kwargs.items())),
    )
    url = _kept.get(key)
    if url is None:
        url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = url
    return url


class KeptURLNode(defaulttags.URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = kept_reverse(view_name, args, kwargs, current_app)
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
