"""A web worker loads at its start what every request would load at its first (the URLconf and
Wagtail's hooks) and freezes it out of the garbage collector's full passes
(website.core.worker): the WSGI and ASGI entry points both do."""

import os
import subprocess
import sys

import pytest

PROGRAM = """
import gc, sys
import website.{entry}
print("website.urls" in sys.modules, "events.views.public" in sys.modules, gc.get_freeze_count())
"""


@pytest.mark.parametrize("entry", ["wsgi", "asgi"])
def test_an_entry_point_loads_the_urlconf_and_freezes_it(entry):
    result = subprocess.run(
        [sys.executable, "-c", PROGRAM.format(entry=entry)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "website.settings.test"},
    )
    urlconf, views, frozen = result.stdout.split()[-3:]
    assert (urlconf, views) == ("True", "True")
    assert int(frozen) > 100_000  # modules, classes, functions: the collector skips them now
