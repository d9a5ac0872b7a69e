"""The submission form's image field speaks the visitor's language: help text and errors
are built per request, not frozen in whichever language was active at import."""

import pytest
from django.urls import reverse
from django.utils import translation

from publications.models import NewsSubmission
from tests.publications import factories

pytestmark = pytest.mark.django_db


def _url(language: str) -> str:
    with translation.override(language):
        return reverse("publications:submission_create")


def test_english_form_explains_images_in_english(client, member_news, member_contact):
    client.force_login(member_contact)
    html = client.get(_url("zh-hans")).content.decode()  # a Chinese request first
    assert "最多上传 6 张图片" in html
    html = client.get(_url("en")).content.decode()
    assert "Up to 6 images (AVIF, GIF, JPG, JPEG, PNG, WEBP), at most 10.0\xa0MB each." in html
    assert "支持的格式" not in html and "最多上传" not in html


def test_english_image_errors_are_english_and_the_text_kept(client, member_news, member_contact):
    client.force_login(member_contact)
    client.get(_url("zh-hans"))
    upload = factories.png_upload("photo.bmp")  # an image, of a format the site does not take
    response = client.post(
        _url("en"), {"title": "Test item", "text": "Our new plant opened.", "images": [upload]}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Not a supported image format" in html
    assert "Our new plant opened." in html
    assert not NewsSubmission.objects.exists()


def test_chinese_image_errors_are_chinese(client, member_news, member_contact):
    client.force_login(member_contact)
    client.get(_url("en"))
    upload = factories.png_upload("photo.bmp")
    response = client.post(_url("zh-hans"), {"title": "标题", "text": "正文", "images": [upload]})
    html = response.content.decode()
    assert "Not a supported image format" not in html
    assert "不支持的图片格式" in html
