"""A web worker's start: what every request would load at its first is loaded before the first
one, then set aside from the garbage collector (website.wsgi and website.asgi call
``prepare_worker`` once the application exists).

CPython's collector traverses every object it tracks at each full pass. A worker tracks about
230,000 once started (modules, classes, functions, the URLconf, Wagtail's hooks), none of which
will ever be garbage, and a full pass cost ~200 ms in the middle of a request (measured in
process on the back-office listings: three in 66 admin requests, 620 ms of collection in all). ``gc.freeze()``
moves them to the permanent generation, which the collector skips: the same requests then
spend ~100 ms in it, the passes finding the same garbage (tests/perf/README.md).
"""

from __future__ import annotations

import gc


def prepare_worker() -> None:
    """Load the URLconf and Wagtail's hooks, then freeze what is loaded (see the module)."""
    from django.conf import settings
    from django.urls import get_resolver
    from wagtail import hooks

    get_resolver(settings.ROOT_URLCONF).url_patterns  # noqa: B018 - imports every view
    hooks.search_for_hooks()
    gc.collect()
    gc.freeze()
