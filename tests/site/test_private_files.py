"""One access-checked response for every private file (licences, proofs, evidence, documents):
nginx sends the bytes when PRIVATE_FILES_ACCEL_REDIRECT is set, Django otherwise; the browser
never sniffs or runs it and no shared cache keeps it."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import Http404

from tests import files
from website.core.files import private_file_response, private_storage

PDF = files.pdf_bytes()


@pytest.fixture
def stored():
    storage = private_storage()
    name = storage.save("tests/private/scan-a1b2.pdf", ContentFile(PDF))
    yield FieldFile(None, FileField(storage=private_storage), name)
    storage.delete(name)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_private(response) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


def test_django_streams_the_file_under_the_name_people_see(stored, settings):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = ""
    response = private_file_response(stored, filename="营业执照", as_attachment=True)
    assert body(response) == PDF and "X-Accel-Redirect" not in response
    assert response["Content-Type"] == "application/pdf"  # from the stored name
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment") and "营业执照.pdf" in disposition
    assert_private(response)


def test_nginx_sends_the_file_when_configured(stored, settings):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_protected/"
    response = private_file_response(stored, filename="回单.pdf")
    assert response.content == b""
    assert response["X-Accel-Redirect"] == f"/_protected/{stored.name}"
    assert response["Content-Type"] == "application/pdf"
    assert unquote(response["Content-Disposition"]).startswith("inline")
    assert_private(response)


def test_rewritten_bytes_never_go_through_nginx(stored, settings):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = "/_protected/"
    response = private_file_response(stored, rewrite=lambda data: data.replace(b"%PDF", b"%pdf"))
    assert "X-Accel-Redirect" not in response
    assert body(response).startswith(b"%pdf")
    assert_private(response)


@pytest.mark.parametrize("accel", ["", "/_protected/"])
def test_a_missing_or_empty_file_is_a_404(stored, settings, accel):
    settings.PRIVATE_FILES_ACCEL_REDIRECT = accel
    stored.storage.delete(stored.name)
    with pytest.raises(Http404):
        private_file_response(stored)
    with pytest.raises(Http404):
        private_file_response(FieldFile(None, FileField(storage=private_storage), ""))
