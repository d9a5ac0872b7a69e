"""The zh_Hans catalogues are complete, current and compiled (Chinese is the first language)."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_DIRS = ["site", "members", "certification", "events", "publications"]
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


def catalogues():
    for directory in CATALOGUE_DIRS:
        for domain in ("django", "djangojs"):
            po = ROOT / directory / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
            if po.exists():
                yield pytest.param(po, id=f"{directory}/{domain}")


@pytest.mark.parametrize("po_path", list(catalogues()))
def test_every_message_is_translated_and_not_fuzzy(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {po_path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {po_path}: {fuzzy}"


@pytest.mark.parametrize("po_path", list(catalogues()))
def test_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    source = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.pofile(str(po_path)).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural.get(0, "")
        for entry in polib.mofile(str(mo_path))
        if entry.msgid
    }
    assert compiled == source, f"{mo_path} is out of date: run `make messages`"


def _source_files(directory: Path):
    for path in directory.rglob("*"):
        if path.suffix in SOURCE_SUFFIXES and "migrations" not in path.parts and path.is_file():
            yield path


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext (GNU gettext) not installed")
@pytest.mark.parametrize("directory", CATALOGUE_DIRS)
def test_every_source_string_is_in_the_catalogue(directory, tmp_path):
    """Extract the strings again into a scratch copy and compare with the committed catalogue."""
    app = ROOT / directory
    committed = app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    copy = tmp_path / directory
    for path in _source_files(app):
        target = copy / path.relative_to(app)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (copy / "locale").mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        # The project root on the path: test settings install tests.statemachine.
        env={
            "DJANGO_SETTINGS_MODULE": "website.settings.test",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(ROOT),
        },
    )
    extracted_path = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    if not extracted_path.exists():
        return  # the app has no translatable strings yet
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(extracted_path))}
    known = set()
    if committed.exists():
        known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(committed)) if not e.obsolete}
    missing = sorted(msgid for _, msgid in extracted - known)
    assert not missing, f"not in {committed}, run `make messages APPS={directory}`: {missing}"
