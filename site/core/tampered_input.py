"""Admin forms that answer a form error, not a 500, when their POST data was tampered with.

Three places in Wagtail and modelcluster trust what the browser sends back:
- a chooser re-rendering a submitted value looks the object up by id and catches only
  DoesNotExist, so an id such as "abc" or "1 OR 1=1" raised ValueError;
- an inline row (modelcluster's formset) converts its row id with no guard, so a non-numeric
  or missing id raised ValidationError/KeyError outside validation;
- an inline panel sorts its rows by their cleaned ORDER value, which a row marked for
  deletion may lack when its ORDER was not a number.
- a StreamField or ListBlock reads its "<prefix>-count" and row fields with no guard, so a
  missing or non-numeric count raised KeyError/ValueError.
`install()` runs once at start-up (CoreConfig.ready) and replaces these spots."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.formsets import ORDERING_FIELD_NAME
from django.forms.models import BaseModelFormSet
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseTransientModelFormSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks.base import BlockField, BlockWidget


def install() -> None:
    if getattr(BaseChooser.get_instance, "tolerates_tampering", False):
        return
    _chooser()
    _inline_rows()
    _block_fields()


def _chooser() -> None:
    original = BaseChooser.get_instance

    def get_instance(self, value):
        try:
            return original(self, value)
        except (ValueError, TypeError, OverflowError, ValidationError):
            return None  # not an id: the field's own validation reports it

    get_instance.tolerates_tampering = True
    BaseChooser.get_instance = get_instance


def _inline_rows() -> None:
    original_full_clean = BaseTransientModelFormSet.full_clean

    def _construct_form(self, i, **kwargs):
        # modelcluster's version, with Django's guards against a tampered or missing row id:
        # such a row gets a new, unsaved instance and its id field reports the error.
        if self.is_bound and i < self.initial_form_count():
            pk_field = self.model._meta.pk
            pk = self.data.get(f"{self.add_prefix(i)}-{pk_field.name}")
            if pk in ("", None):
                kwargs["instance"] = self.model()
            else:
                try:
                    pk = self._get_to_python(pk_field)(pk)
                except ValidationError:
                    kwargs["instance"] = self.model()
                else:
                    kwargs["instance"] = self._existing_object(pk) or self.model()
        if i < self.initial_form_count() and "instance" not in kwargs:
            kwargs["instance"] = self.get_queryset()[i]
        if i >= self.initial_form_count() and self.initial_extra:
            try:
                kwargs["initial"] = self.initial_extra[i - self.initial_form_count()]
            except IndexError:
                pass
        return super(BaseModelFormSet, self)._construct_form(i, **kwargs)

    def full_clean(self):
        original_full_clean(self)
        if self.can_order:
            for form in self.forms:
                if hasattr(form, "cleaned_data"):
                    form.cleaned_data.setdefault(ORDERING_FIELD_NAME, None)

    BaseTransientModelFormSet._construct_form = _construct_form
    BaseTransientModelFormSet.full_clean = full_clean


TAMPERED_BLOCK_MESSAGE = _("This content could not be read. Reload the page and enter it again.")


def _block_fields() -> None:
    """A block whose POST data cannot be read comes back as its default value, flagged so the
    field reports an error (nothing is saved) and the form re-renders instead of a 500."""
    original_value = BlockWidget.value_from_datadict
    original_clean = BlockField.clean

    def value_from_datadict(self, data, files, name):
        try:
            return original_value(self, data, files, name)
        except (KeyError, ValueError, TypeError, IndexError, OverflowError):
            value = self.block_def.normalize(self.block_def.get_default())
            try:
                value.tampered = True
            except AttributeError:  # a plain value: wrap nothing, fail in clean below
                return _Tampered()
            return value

    def clean(self, value):
        if isinstance(value, _Tampered) or getattr(value, "tampered", False):
            raise ValidationError(TAMPERED_BLOCK_MESSAGE, code="tampered")
        return original_clean(self, value)

    BlockWidget.value_from_datadict = value_from_datadict
    BlockField.clean = clean


class _Tampered:
    """Stands for block data that could not be read."""
