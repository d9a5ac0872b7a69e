"""Production settings plus the bench-only bare view; used by `make bench`, never deployed.

The harness sets SECRET_KEY, DATABASE_URL (huanwei_bench), REDIS_URL, CACHE_KEY_PREFIX and
SECURE_SSL_REDIRECT=0 in the environment before importing this module.
"""

from website.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.perf.urls"

# The bare view is the ceiling the pages are compared with: it must run through the whole
# middleware stack on every request, so the anonymous page cache leaves it alone.
PAGE_CACHE_EXCLUDED_PREFIXES = ("/__bench__/",)

# The bench runs no task worker: the tasks its data and workloads enqueue (reference index
# updates, registration mails) stay queued, and /healthz, which the harness waits for, would
# report the queue as stuck once the oldest of them is older than production's limit.
HEALTHZ_MAX_TASK_WAIT = 10 * 365 * 24 * 3600
