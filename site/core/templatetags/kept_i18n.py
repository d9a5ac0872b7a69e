"""Django's i18n tag library with `{% translate "constant" %}` kept per process: installed as
the "i18n" library (settings.TEMPLATES), so `{% load i18n %}` loads it in every template, ours
and Wagtail's.

Each `{% translate %}` looks its message up in the catalogue, wraps it in a lazy string and
escapes it on every rendering (about 9 µs; the certification workbench has 82 of them, an admin
listing dozens). A constant message in the same language gives the same text as long as the
catalogues are the same, so the rendered text is kept under the message, its context, noop, the
language and autoescaping. The catalogues change only when the settings that make them do
(tests), and then the kept texts go with them. A message or context that is a variable, or a
tag with filters, renders as Django's tag does. Every other tag and filter is Django's own
(tests/site/test_kept_i18n.py compares the two).
"""

from __future__ import annotations

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.base import Variable
from django.templatetags import i18n as django_i18n
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

register = template.Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

MAX_KEPT = 8192
_kept: dict[tuple, str] = {}


@receiver(setting_changed)
def _catalogues_changed(*, setting: str, **kwargs) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"}:
        _kept.clear()


class KeptTranslateNode(django_i18n.TranslateNode):
    def render(self, context):
        var = self.filter_expression.var
        message_context = self.message_context
        if (
            self.filter_expression.filters
            or not isinstance(var, Variable)
            or var.lookups is not None
            or (
                message_context is not None
                and (message_context.filters or not isinstance(message_context.var, str))
            )
        ):
            return super().render(context)
        key = (
            var.literal,
            None if message_context is None else message_context.var,
            self.noop,
            translation.get_language(),
            context.autoescape,
        )
        value = _kept.get(key)
        if value is None:
            value = self._text(context)
            if len(_kept) >= MAX_KEPT:
                _kept.clear()
            _kept[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value

    def _text(self, context) -> str:
        """What Django's TranslateNode renders (without `as`)."""
        self.filter_expression.var.translate = not self.noop
        if self.message_context:
            self.filter_expression.var.message_context = self.message_context.resolve(context)
        value = template.base.render_value_in_context(
            self.filter_expression.resolve(context), context
        )
        is_safe = isinstance(value, SafeData)
        value = value.replace("%%", "%")
        # Safe before the "%%" went back to "%", as in Django's tag.
        return mark_safe(value) if is_safe else value  # noqa: S308


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    """Django's `{% translate %}` (same syntax and text), with constant messages kept."""
    node = django_i18n.do_translate(parser, token)
    if type(node) is django_i18n.TranslateNode:
        node.__class__ = KeptTranslateNode
    return node
