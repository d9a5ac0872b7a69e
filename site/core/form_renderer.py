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

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

_DJANGO_WIDGETS = Path(forms.__file__).parent / "templates" / "django" / "forms" / "widgets"


def _text(value: Any) -> str:
    """`{{ value }}` in an autoescaping template."""
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
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget["value"]
    return (
        f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{_text(value) if value else ''}</textarea>"
    )


def _option(option: Mapping[str, Any]) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_text(option['label'])}</option>\n"  # the template ends with a newline
    )


def _input_option(option: Mapping[str, Any]) -> str:
    """checkbox_option.html / radio_option.html: input_option.html and the newlines that the
    included files end with."""
    attrs = option["attrs"]
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n\n"
    target = f' for="{_text(attrs["id"])}"' if attrs.get("id") else ""
    return f"<label{target}>{_input(option)}\n {_text(option['label'])}</label>\n\n"


class FormRenderer(DjangoTemplates):
    INPUT_TEMPLATES = frozenset(
        f"django/forms/widgets/{name}.html"
        for name in (
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
        )
    )
    TEXTAREA = "django/forms/widgets/textarea.html"
    SELECT = "django/forms/widgets/select.html"
    OPTION = "django/forms/widgets/select_option.html"
    MULTIPLE = frozenset(
        ("django/forms/widgets/checkbox_select.html", "django/forms/widgets/radio.html")
    )
    INPUT_OPTIONS = frozenset(
        ("django/forms/widgets/checkbox_option.html", "django/forms/widgets/radio_option.html")
    )

    def __init__(self) -> None:
        super().__init__()
        self._django_own: dict[str, bool] = {}

    def render(self, template_name: str, context: dict, request=None) -> str:
        write = self._writer(template_name)
        if write is not None and self._is_djangos(template_name):
            widget = context["widget"]
            if self._options_are_djangos(template_name, widget):
                return mark_safe(write(widget))  # noqa: S308 - every value escaped above
        return super().render(template_name, context, request=request)

    def _writer(self, template_name: str) -> Callable[[Mapping[str, Any]], str] | None:
        if template_name in self.INPUT_TEMPLATES:
            return _input
        if template_name == self.TEXTAREA:
            return _textarea
        if template_name == self.SELECT:
            return self._select
        if template_name in self.MULTIPLE:
            return self._multiple
        return None

    def _is_djangos(self, template_name: str) -> bool:
        """Whether the engine finds Django's own file for this name (no app overrides it).
        The includes count too: an app overriding input.html or attrs.html changes them all."""
        own = self._django_own.get(template_name)
        if own is None:
            names = {template_name, "django/forms/widgets/attrs.html"}
            if template_name in self.INPUT_TEMPLATES:
                names.add("django/forms/widgets/input.html")
            if template_name == self.SELECT:
                names.add(self.OPTION)
            if template_name in self.MULTIPLE:
                names |= self.INPUT_OPTIONS | {
                    "django/forms/widgets/multiple_input.html",
                    "django/forms/widgets/input_option.html",
                    "django/forms/widgets/input.html",
                }
            own = all(
                Path(self.get_template(name).origin.name).parent == _DJANGO_WIDGETS
                for name in names
            )
            self._django_own[template_name] = own
        return own

    def _options_are_djangos(self, template_name: str, widget: Mapping[str, Any]) -> bool:
        """A select's or a multiple input's options are drawn by the option template each
        names (a custom widget may name its own)."""
        if template_name == self.SELECT:
            known = {self.OPTION}
        elif template_name in self.MULTIPLE:
            known = self.INPUT_OPTIONS
        else:
            return True
        return all(
            option["template_name"] in known
            for _name, options, _index in widget["optgroups"]
            for option in options
        )

    def _select(self, widget: Mapping[str, Any]) -> str:
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in options:
                parts.append(f"\n  {_option(option)}")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def _multiple(self, widget: Mapping[str, Any]) -> str:
        """checkbox_select.html / radio.html (multiple_input.html)."""
        attrs = widget["attrs"]
        parts = ["<div"]
        if attrs.get("id"):
            parts.append(f' id="{_text(attrs["id"])}"')
        if attrs.get("class"):
            parts.append(f' class="{_text(attrs["class"])}"')
        parts.append(">")
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f"\n  <div><label>{_text(group_name)}</label>")
            for option in options:
                parts.append(f"<div>\n    {_input_option(option)}</div>")
            if group_name:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return "".join(parts)
