"""What every web worker loads: a library used only to make or read a spreadsheet is loaded by
the worker that does it, not by all of them (openpyxl is ~9 MB of each worker's memory; the
export writes .xlsx without it, website.core.exports)."""

import os
import subprocess
import sys

PROGRAM = """
import sys
import django
django.setup()
from django.conf import settings
from django.urls import get_resolver
from wagtail import hooks
get_resolver(settings.ROOT_URLCONF).url_patterns
hooks.search_for_hooks()
print(",".join(sorted(name for name in ("openpyxl",) if name in sys.modules)))
"""


def test_no_worker_loads_openpyxl_to_start():
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test"},
    )
    loaded = result.stdout.strip().splitlines()[-1:]
    assert loaded in ([], [""]), f"loaded at start: {loaded}"
