"""Deployment checks (`manage.py check --deploy`) for what Django's own checks cannot see."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}


def web_processes() -> int | None:
    """How many web processes serve the site: gunicorn's WEB_CONCURRENCY, None if unsaid."""
    value = os.environ.get("WEB_CONCURRENCY", "").strip()
    return int(value) if value.isdigit() else None


@register(Tags.caches, deploy=True)
def shared_cache_for_several_processes(app_configs=None, **kwargs) -> list[Error]:
    """The page cache, rate limits and seat holds live in the cache: every web process must
    see the same one, or invalidation and limits reach only the process that saw the change."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PROCESS_LOCAL_CACHES or web_processes() == 1:
        return []
    return [
        Error(
            "The cache is local to each process, but the site may run several web processes.",
            hint=(
                "Set REDIS_URL to a Redis server shared by every process, or WEB_CONCURRENCY=1 "
                "if exactly one web process serves the site."
            ),
            id="website.E001",
        )
    ]
