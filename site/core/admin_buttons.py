"""A listing row's "more" menu (Wagtail's ButtonWithDropdown) written in Python.

Every row of an admin listing carries a dropdown of its actions (edit, inspect, delete, the
viewset's actions). Wagtail renders it through four templates per row (the dropdown button,
the dropdown, a button per action, an icon per button): 40 % of the Python calls of the
organizations listing at 50 rows, which kept that listing above 150 ms at 100,000
organizations. This writes the same markup directly, as `{% form_fields %}` does for forms.

The templates stay the description of the HTML. The writer is used only while their text is
the text it was checked against (`WRITTEN_SHA256`, over the four templates in order); a
Wagtail upgrade that changes any of them, or an app that overrides one, gets the templates
rendered as before until the writer is brought in line. A button of another kind (its own
template or context) inside the menu is rendered by its own component. The markup is the
templates' with their runs of whitespace collapsed (tests/site/test_admin_buttons.py compares
both as HTML, for the listings of each staff role, in both languages).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from wagtail.admin.widgets.button import BaseButton, ButtonWithDropdown

from website.core.form_renderer import template_text
from website.core.written import checked_against

TEMPLATES = (
    "wagtailadmin/shared/button_with_dropdown.html",
    "wagtailadmin/shared/dropdown/dropdown.html",
    "wagtailadmin/shared/button.html",
    "wagtailadmin/shared/icon.html",
)
# sha256 of the four templates' texts, joined by NUL, that the writer below reproduces.
WRITTEN_SHA256 = "06176b5018f32e2ee5ccb50e747c9db45b0e124deb3ba750234bcda7a9e76a1d"


def templates_are_written() -> bool:
    sources = [get_template(name).template.source for name in TEMPLATES]
    return checked_against(sources, WRITTEN_SHA256)


def _icon(name: str, classname: str = "") -> str:
    """wagtailadmin/shared/icon.html without a title or wrapper."""
    name = template_text(name)
    return (
        f'<svg class="icon icon-{name} {template_text(classname or "icon")}" aria-hidden="true">'
        f'<use href="#icon-{name}"></use></svg>'
    )


def _is_plain(button: Any) -> bool:
    """A button that wagtailadmin/shared/button.html renders from its own attributes."""
    kind = type(button)
    return (
        isinstance(button, BaseButton)
        and button.template_name == "wagtailadmin/shared/button.html"
        and kind.render_html is BaseButton.render_html
        and kind.get_context_data is BaseButton.get_context_data
    )


def _button(button: BaseButton) -> str:
    """wagtailadmin/shared/button.html."""
    icon = f"{_icon(button.icon_name)} " if button.icon_name else ""
    content = f" {icon}{template_text(button.label)} "
    attrs = button.base_attrs_string
    if button.url:
        return f'<a href="{template_text(button.url)}" class="{template_text(button.classname)}" {attrs}>{content}</a>'
    return f'<button class="{template_text(button.classname)}" {attrs}>{content}</button>'


class WrittenButtonWithDropdown(ButtonWithDropdown):
    """ButtonWithDropdown, written in Python while Wagtail's templates are the ones checked."""

    @classmethod
    def like(cls, button: ButtonWithDropdown) -> WrittenButtonWithDropdown:
        return cls(
            buttons=button.dropdown_buttons,
            label=button.label,
            classname=button.classname,
            icon_name=button.icon_name,
            attrs=button.attrs,
            priority=button.priority,
        )

    def render_html(self, parent_context=None) -> SafeString:
        if not templates_are_written():
            return super().render_html(parent_context)
        request = parent_context.get("request") if parent_context is not None else None
        items = []
        for button in sorted(self.dropdown_buttons):
            if _is_plain(button):
                items.append(_button(button))
            else:
                items.append(str(button.render_html({"button": self, "request": request})))
        # button_with_dropdown.html's {% dropdown %}, with dropdown.html's defaults.
        label = self.label
        toggle = " ".join(
            name.strip()
            for name in (
                "w-dropdown__toggle",
                "" if label else "w-dropdown__toggle--icon",
                self.classname,
            )
            if name
        )
        aria = self.aria_label
        aria_attr = f' aria-label="{template_text(aria)}"' if aria else ""
        icon = _icon(self.icon_name or "arrow-down", "w-dropdown__toggle-icon")
        return mark_safe(  # noqa: S308 - every value escaped as the templates do
            f'<div data-controller="w-dropdown" class="w-dropdown" {self.base_attrs_string}>'
            f'<button type="button" class="{template_text(toggle)}" data-w-dropdown-target="toggle"'
            f"{aria_attr}> {template_text(label)} {icon} </button>"
            '<div data-w-dropdown-target="content" class="w-dropdown__content" hidden>'
            f"{''.join(items)}</div></div>"
        )


def written_buttons(buttons: list) -> list:
    """A listing row's buttons, with its "more" menu written by WrittenButtonWithDropdown."""
    return [
        WrittenButtonWithDropdown.like(button) if type(button) is ButtonWithDropdown else button
        for button in buttons
    ]
