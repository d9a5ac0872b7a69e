"""`{% form_fields form %}`: a form's fields as components/form_fields.html lays them out,
written in Python.

That template renders every field through a dozen tags and variables (about 0.25 ms a field,
on top of the widget): a registration form sent back to a buyer turned away by a full forum
spent a quarter of its CPU there, and every sign-in and portal form pays the same. The template
stays the one description of the HTML: this tag writes exactly what it renders
(tests/site/test_form_fields.py renders the site's forms both ways and compares) as long as its
text is the one the writer was checked against (`WRITTEN_SHA256`). A changed or overriding
template is rendered by the template engine, as an include would render it, until the writer
is brought in line and the hash updated.

Installed as a builtin (settings.TEMPLATES): templates use it without `{% load %}`.
"""

from __future__ import annotations

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from website.core.form_renderer import template_text
from website.core.written import checked_against

register = template.Library()

TEMPLATE = "components/form_fields.html"
# sha256 of the template's text the writer below reproduces.
WRITTEN_SHA256 = "603bbc08ffd16cbc0dca2834a2051e663a770222066ba69a85d54d4151a703fc"


def _template_is_written(loaded) -> bool:
    return checked_against([loaded.template.source], WRITTEN_SHA256)


def write(form) -> str:
    """What components/form_fields.html renders for `form`, to the character."""
    parts = []
    errors = form.non_field_errors()
    if errors:
        shown = "".join(f"<p>{template_text(error)}</p>" for error in errors)
        parts.append(f'<div class="form-errors" role="alert">{shown}</div>')
    parts.append("\n")
    parts.extend(template_text(field) for field in form.hidden_fields())
    parts.append("\n")
    for field in form.visible_fields():
        errors = field.errors
        required = field.field.required
        parts.append(
            '\n<div class="field'
            + (" field--error" if errors else "")
            + (" field--required" if required else "")
            + '">\n  '
        )
        if field.widget_type == "checkbox":
            parts.append(
                f'\n    <label class="field__check">{template_text(field)} {template_text(field.label)}</label>\n  '
            )
        else:
            mark = '<span class="required" aria-hidden="true">*</span>' if required else ""
            parts.append(
                f'\n    <label for="{template_text(field.id_for_label)}">{template_text(field.label)}{mark}'
                f"</label>\n    {template_text(field)}\n  "
            )
        parts.append("\n  ")
        if field.help_text:
            parts.append(f'<p class="field__help">{field.help_text}</p>')
        parts.append("\n  ")
        parts.extend(
            f'<p class="field__error" role="alert">{template_text(error)}</p>' for error in errors
        )
        parts.append("\n</div>\n")
    parts.append("\n")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def form_fields(context, form) -> str:
    """The fields of `form`: the labels, widgets, help and errors, as the site lays them out."""
    loaded = get_template(TEMPLATE)
    if _template_is_written(loaded):
        return mark_safe(write(form))  # noqa: S308 - every value escaped as the template does
    with context.push(form=form):
        return loaded.template.render(context)
