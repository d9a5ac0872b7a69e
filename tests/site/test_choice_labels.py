"""Every model's get_<field>_display() answers what Django's own method answers, in Chinese
and English, from a table made once per field and language (website.core.choices)."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.db.models import Field, Model
from django.utils import translation
from django.utils.choices import CallableChoiceIterator

from events.models import Order
from website.core import choices


def _fields_with_fixed_choices():
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, Field)
                and field.choices is not None
                and not isinstance(field.choices, CallableChoiceIterator)
                and field.model is model
            ):
                yield model, field


FIELDS = list(_fields_with_fixed_choices())


def test_there_are_fields_to_compare():
    assert len(FIELDS) > 50


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_label_is_djangos(language):
    compared = 0
    with translation.override(language):
        for model, field in FIELDS:
            values = [value for value, _label in field.flatchoices] + ["not-a-choice", None]
            for value in values:
                instance = model.__new__(model)  # no defaults run: some read the database
                instance.__dict__[field.attname] = value
                ours = getattr(instance, f"get_{field.name}_display")()
                djangos = Model._get_FIELD_display(instance, field)
                assert ours == djangos and type(ours) is type(djangos), (model, field, value)
                compared += 1
    assert compared > 500


def test_the_generated_methods_are_replaced_and_custom_ones_kept():
    replaced = [
        model
        for model, field in FIELDS
        if isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod)
        and model.__dict__[f"get_{field.name}_display"].func is choices._display
    ]
    assert Order in replaced
    # None is left with Django's generated method.
    assert not [
        (model, field)
        for model, field in FIELDS
        if isinstance(model.__dict__.get(f"get_{field.name}_display"), partialmethod)
        and model.__dict__[f"get_{field.name}_display"].func is Model._get_FIELD_display
    ]
    choices.install()  # twice changes nothing
    assert Order.__dict__["get_status_display"].func is choices._display


def test_labels_follow_the_active_language():
    order = Order(status=Order.Status.CONFIRMED)
    with translation.override("en"):
        assert order.get_status_display() == "Confirmed"
    with translation.override("zh-hans"):
        chinese = order.get_status_display()
        assert chinese == str(Order.Status.CONFIRMED.label)
    assert chinese != "Confirmed"
