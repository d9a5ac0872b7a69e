"""The admin form of the payment settings: the seal upload goes through the files kit and is
shown through an access-checked view, never a public URL."""

from __future__ import annotations

import posixpath

from django import forms
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm

from .files import IMAGES, UploadField, accept

SEAL_MAX_SIZE = 2 * 1024 * 1024


class _StoredSeal:
    """What ClearableFileInput shows for the stored file: its name and a staff-only link."""

    def __init__(self, name: str, url: str):
        self.name = name
        self.url = url

    def __str__(self) -> str:
        return self.name


class PrivateFileInput(forms.ClearableFileInput):
    """A file input whose "currently" link goes to `url_name` (an access-checked view) instead
    of the storage's URL, which private storage does not have."""

    def __init__(self, *args, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(*args, **kwargs)

    def is_initial(self, value) -> bool:
        return bool(value and getattr(value, "name", None) and not hasattr(value, "read"))

    def format_value(self, value):
        if self.is_initial(value):
            return _StoredSeal(posixpath.basename(value.name), reverse(self.url_name))
        return None


class PaymentSettingsForm(WagtailAdminModelForm):
    finance_seal = UploadField(
        kinds=IMAGES,
        max_size=SEAL_MAX_SIZE,
        required=False,
        widget=PrivateFileInput(url_name="core_finance_seal", attrs={"accept": ".jpeg,.jpg,.png"}),
    )

    def clean_finance_seal(self):
        upload = self.cleaned_data.get("finance_seal")
        if upload and hasattr(upload, "read") and upload is not self.initial.get("finance_seal"):
            accept(upload, IMAGES, max_size=SEAL_MAX_SIZE)  # renamed by what it really is
        return upload
