"""Form behaviour shared by every app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _


class FilesAskedAgainMixin:
    """A form with file fields that, when it comes back with errors, asks for the chosen files
    again by name next to their fields.

    A browser never re-sends a file with a re-shown form, so a file chosen alongside a mistake
    elsewhere would otherwise vanish without a word."""

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not self._errors:
            return
        for name, field in self.fields.items():
            if not isinstance(field, forms.FileField) or name in self._errors:
                continue
            chosen = chosen_files(field, self.data, self.files, self.add_prefix(name))
            if chosen:
                self.add_error(
                    name,
                    _(
                        "Choose the file again (%(name)s): a chosen file is not kept while "
                        "the form has errors."
                    )
                    % {"name": ", ".join(chosen)},
                )


def chosen_files(field: forms.Field, data, files, html_name: str) -> list[str]:
    """The names of the files chosen for the field in this submission."""
    value = field.widget.value_from_datadict(data, files, html_name)
    values = value if isinstance(value, list | tuple) else [value]
    return [upload.name for upload in values if upload and hasattr(upload, "name")]
