"""Wagtail's image and document forms with the project's upload checker (website.core.files):
WAGTAILIMAGES_IMAGE_FORM_BASE and WAGTAILDOCS_DOCUMENT_FORM_BASE name these classes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .files import (
    Damaged,
    TooManyPixels,
    check_file,
    kind_for_extension,
    max_image_pixels,
    parse_image,
)


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, whose checks also decode the image within the pixel cap and
    never let an unreadable file escape as an error page (UnidentifiedImageError)."""

    def to_python(self, data):
        try:
            file = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - Willow/Pillow on a file that is no image
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        if file is None or not hasattr(data, "read"):
            return file
        kind = {"png": "png", "jpeg": "jpeg"}.get(getattr(file.image, "format_name", ""))
        if kind:
            check_file(data, [kind])
        elif getattr(file.image, "format_name", "") != "svg":
            self._decode(data)
        return file

    def _decode(self, data) -> None:
        """Formats outside our table (GIF, WebP, AVIF): decode within the pixel cap too."""
        try:
            data.seek(0)
            parse_image(data)
        except TooManyPixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": _("too many"), "max_pixels_count": max_image_pixels()},
                code="file_too_many_pixels",
            ) from None
        except Damaged as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error
        finally:
            data.seek(0)


class CheckedImageForm(BaseImageForm):
    """Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE) with the checked image field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, CheckedImageField):
            self.fields["file"] = CheckedImageField(
                label=field.label, required=field.required, widget=field.widget
            )


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail's document form: a file whose extension names a kind we know (PDF, Word, Excel,
    PowerPoint, OFD, ZIP) must parse as that kind; plain text is taken as it is."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile):
            kind = kind_for_extension(file.name)
            if kind is not None:
                check_file(file, [kind.name])
        return file
