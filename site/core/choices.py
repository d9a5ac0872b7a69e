"""Every model's ``get_<field>_display()`` with its labels translated once per language.

Django's own method builds a dict of every choice at each call, translating each lazy label:
a status column's label costs 16 µs, the 34 provinces' about 60 gettext calls. A page that
lists twenty applications with their status and kind, or an export of 100,000 organizations,
pays that per row. `install()` (called once all models are loaded, from CoreConfig.ready)
replaces the method Django generated for each field with fixed choices by one that looks the
value up in a table made once per field and language. The result is the same string Django's
method returns (tests/site/test_choice_labels.py compares them over every model's choices in
both languages). Choices given as a callable, which Django evaluates at each use, and methods
a model defines itself are left as they are.
"""

from __future__ import annotations

import functools
from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db.models import Field, Model
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language


@functools.lru_cache(maxsize=4096)
def labels(field: Field, language: str | None) -> dict[Any, Any]:
    """The field's choices as {value: label}, translated into `language` (the active one)."""
    return {
        make_hashable(value): force_str(label, strings_only=True)
        for value, label in field.flatchoices
    }


def _display(self: Model, field: Field) -> Any:
    value = getattr(self, field.attname)
    try:
        return labels(field, get_language())[make_hashable(value)]
    except (KeyError, TypeError):  # not a choice (an old value); unhashable
        return force_str(value, strings_only=True)


def _generated_by_django(method: Any, field: Field) -> bool:
    return (
        isinstance(method, partialmethod)
        and method.func is Model._get_FIELD_display
        and method.keywords.get("field") is field
    )


def install() -> None:
    """Replace Django's generated ``get_<field>_display`` of every model field with fixed
    choices (idempotent)."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if not isinstance(field, Field) or field.choices is None:
                continue
            if isinstance(field.choices, CallableChoiceIterator):
                continue  # evaluated at each use by design
            name = f"get_{field.name}_display"
            if _generated_by_django(model.__dict__.get(name), field):
                setattr(model, name, partialmethod(_display, field=field))
