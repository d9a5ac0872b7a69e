"""Which image formats Wagtail takes, and that they work without pillow_heif: Willow would
import it in every worker (5 MB) to read HEIF and AVIF, but HEIC is not accepted and Pillow
reads AVIF itself, so the settings keep it out (website.settings.base)."""

import sys
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage


def test_heic_is_not_an_accepted_image_format_and_pillow_heif_is_not_loaded():
    from wagtail.images.utils import get_allowed_image_extensions

    assert "heic" not in get_allowed_image_extensions()
    assert sys.modules.get("pillow_heif") is None


def _image(format: str) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", (320, 200), (10, 107, 61)).save(buffer, format=format)
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(("extension", "format"), [("avif", "AVIF"), ("webp", "WEBP")])
def test_an_image_of_each_accepted_format_uploads_and_renders(
    client, staff_user, extension, format
):
    from wagtail.images import get_image_model
    from wagtail.models import Collection

    client.force_login(staff_user)
    upload = SimpleUploadedFile(f"plant.{extension}", _image(format))
    response = client.post(
        "/admin/images/add/",
        {"title": "焚烧厂", "collection": Collection.get_first_root_node().pk, "file": upload},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="焚烧厂")
    assert (image.width, image.height) == (320, 200)
    rendition = image.get_rendition("fill-100x100|format-jpeg")
    with rendition.file.open() as file:
        assert PILImage.open(file).size == (100, 100)
