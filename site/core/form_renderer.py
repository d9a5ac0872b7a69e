"""Django's form renderer, with its commonest widgets written in Python.

A widget is rendered through two or three templates (input.html includes attrs.html; a select
includes an option template, with attrs.html, per choice): about 0.5 ms a field on the
server, a third of a registration form's response, which a buyer turned away by a full
forum gets back with what they typed. For the templates Django ships, unchanged by any app,
this renderer writes the same HTML directly (tests/site/test_form_renderer.py renders every
case both ways and compares); any other template, and any of these that an app overrides, is
rendered by the template engine as before.

Settings: `FORM_RENDERER = "website.core.form_renderer.FormRenderer"`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

_DJANGO_WIDGETS = Path(forms.__file__).parent / "templates" / "django" / "forms" / "widgets"


def template_text(value: Any) -> str:
    """`{{ value }}` in an autoescaping template."""
    kind = type(value)
    if kind is str:  # most values (names, ids, labels): Django's escape() without its wrappers
        return html.escape(value)
    if kind is SafeString:
        return value
    if isinstance(value, Promise):  # a lazy label or help text: neither a date nor a number
        value = str(value)
        return html.escape(value) if type(value) is str else conditional_escape(value)
    return conditional_escape(localize(template_localtime(value, settings.USE_TZ)))


def _formatted(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the string, escaped unless it was safe already."""
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031
    except (ValueError, TypeError):
        text = ""
    return mark_safe(text) if isinstance(value, SafeData) else conditional_escape(text)  # noqa: S308


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html: True is a bare attribute, False none at all."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {template_text(name)}")
        else:
            parts.append(f' {template_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{template_text(widget["type"])}" name="{template_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{template_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{template_text(value) if value else ''}</textarea>"
    )


def _option(option: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{template_text(option['label'])}</option>\n"  # the template ends with a newline
    )


def _input_option(option: Mapping[str, Any]) -> str:
    """checkbox_option.html / radio_option.html: input_option.html and the newlines that the
    included files end with."""
    attrs = option["attrs"]
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n\n"
    target = f' for="{template_text(attrs["id"])}"' if attrs.get("id") else ""
    return f"<label{target}>{_input(option)}\n {template_text(option['label'])}</label>\n\n"


def _grouped(widget: Mapping[str, Any], group: str, option: str, end: str, write) -> str:
    """The choices of a select or a checkbox/radio list, each group opened by `group` (with
    its name), each choice in `option` (with its HTML) and each group closed by `end`."""
    parts = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(group.format(template_text(group_name)))
        parts.extend(option.format(write(choice)) for choice in options)
        if group_name:
            parts.append(end)
    return "".join(parts)


def _select(widget: Mapping[str, Any]) -> str:
    choices = _grouped(widget, '\n  <optgroup label="{}">', "\n  {}", "\n  </optgroup>", _option)
    return f'<select name="{template_text(widget["name"])}"{_attrs(widget["attrs"])}>{choices}\n</select>'


def _multiple(widget: Mapping[str, Any]) -> str:
    """checkbox_select.html / radio.html (multiple_input.html)."""
    attrs = widget["attrs"]
    identity = f' id="{template_text(attrs["id"])}"' if attrs.get("id") else ""
    classes = f' class="{template_text(attrs["class"])}"' if attrs.get("class") else ""
    choices = _grouped(
        widget, "\n  <div><label>{}</label>", "<div>\n    {}</div>", "\n  </div>", _input_option
    )
    return f"<div{identity}{classes}>{choices}\n</div>"


@dataclass(frozen=True)
class _Written:
    """A widget template this renderer writes itself: how, the templates it includes (an app
    overriding any of them changes the HTML) and the option templates it knows."""

    write: Callable[[Mapping[str, Any]], str]
    includes: frozenset[str] = frozenset()
    options: frozenset[str] | None = None  # None: the widget has no options


def _widgets(*names: str) -> frozenset[str]:
    return frozenset(f"django/forms/widgets/{name}.html" for name in names)


_INPUT = _Written(_input, _widgets("input", "attrs"))
_CHOICES = _Written(
    _multiple,
    _widgets("multiple_input", "input_option", "checkbox_option", "radio_option", "input", "attrs"),
    options=_widgets("checkbox_option", "radio_option"),
)
WRITTEN: dict[str, _Written] = {
    **dict.fromkeys(
        _widgets(
            "input",
            "text",
            "email",
            "number",
            "url",
            "password",
            "hidden",
            "tel",
            "search",
            "date",
            "datetime",
            "time",
            "color",
            "checkbox",
        ),
        _INPUT,
    ),
    **dict.fromkeys(_widgets("checkbox_select", "radio"), _CHOICES),
    "django/forms/widgets/textarea.html": _Written(_textarea, _widgets("attrs")),
    "django/forms/widgets/select.html": _Written(
        _select, _widgets("select_option", "attrs"), options=_widgets("select_option")
    ),
}


class FormRenderer(DjangoTemplates):
    def __init__(self) -> None:
        super().__init__()
        self._django_own: dict[str, bool] = {}

    def render(self, template_name: str, context: dict, request=None) -> str:
        written = WRITTEN.get(template_name)
        if written is not None and self._is_djangos(template_name, written):
            widget = context["widget"]
            if written.options is None or all(
                option["template_name"] in written.options
                for _name, options, _index in widget["optgroups"]
                for option in options
            ):
                return mark_safe(written.write(widget))  # noqa: S308 - every value escaped
        return super().render(template_name, context, request=request)

    def _is_djangos(self, template_name: str, written: _Written) -> bool:
        """Whether the engine finds Django's own files for this template and what it includes
        (no app overrides them); a custom widget's own option template is checked per widget."""
        own = self._django_own.get(template_name)
        if own is None:
            own = self._django_own[template_name] = all(
                Path(self.get_template(name).origin.name).parent == _DJANGO_WIDGETS
                for name in {template_name, *written.includes}
            )
        return own
