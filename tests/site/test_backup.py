"""`manage.py backup` copies the database and every file of both storages into a new folder;
`manage.py restore` refuses a database that already has tables. The full drill (PostgreSQL,
the object store, a restored site serving an invoice PDF) is in .ci/smoke."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from website.core.files import private_storage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stored_files():
    private = private_storage().save("tests/backup/licence.pdf", ContentFile(b"%PDF-private"))
    public = default_storage.save("tests/backup/photo.png", ContentFile(b"png-public"))
    yield private, public
    private_storage().delete(private)
    default_storage.delete(public)


def test_backup_holds_the_database_and_both_storages(tmp_path, stored_files):
    private, public = stored_files
    folder = tmp_path / "2026-12-04"
    call_command("backup", str(folder))
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] in ("sqlite", "postgresql")
    assert (folder / "database.dump").stat().st_size > 0
    assert (folder / "private" / private).read_bytes() == b"%PDF-private"
    assert (folder / "media" / public).read_bytes() == b"png-public"
    assert manifest["files"]["private"] >= 1 and manifest["files"]["media"] >= 1

    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(folder))
    with pytest.raises(CommandError, match="already has tables"):
        call_command("restore", str(folder))


def test_restore_needs_a_backup_folder(tmp_path):
    with pytest.raises(CommandError, match="manifest.json is missing"):
        call_command("restore", str(tmp_path))
