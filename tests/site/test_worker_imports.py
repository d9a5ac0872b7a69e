"""What every web worker loads: a library used only by some pages is loaded by the worker that
shows one, not by all of them. openpyxl (~9 MB of each worker's memory) makes or reads a
spreadsheet (the export writes .xlsx without it, website.core.exports); fido2 and cryptography
(13 MB) come with allauth's two-factor pages, imported on their first request
(website.accounts.auth_urls); reportlab and segno (3 MB) draw PDFs and QR codes, imported by
the views that serve one; pillow_heif (5 MB), which Willow would import, is not used at all
(test_image_formats); neither is django-ninja with the schemas of Wagtail's v3 API (17 MB),
which the site does not serve (website.core.wagtail_apps)."""

import os
import subprocess
import sys

LAZY = ("openpyxl", "fido2", "cryptography", "reportlab", "segno", "pillow_heif", "ninja")

PROGRAM = f"""
import sys
import django
django.setup()
from website.core.worker import prepare_worker
prepare_worker()  # what a worker loads at start (website.wsgi)
print(",".join(sorted(name for name in {LAZY!r} if sys.modules.get(name) is not None)))
"""


def test_no_worker_loads_page_specific_libraries_to_start():
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test"},
    )
    loaded = result.stdout.strip().splitlines()[-1:]
    assert loaded in ([], [""]), f"loaded at start: {loaded}"
