"""The back office at 100,000 organizations: server time and queries of each admin listing and
of the admin home (dashboard), then the exports of all organizations: time to the first byte,
total time and peak memory.

Run against the bench database (the members scenario's 100,000 organizations), in one
process, the way a gunicorn worker serves it (the real views, middleware and streaming):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/huanwei_bench \\
        .venv/bin/python tests/perf/backoffice_bench.py [--no-exports]

Peak RSS is the process's high-water mark (VmHWM) read while the body streams, against the
RSS before the request; the figures go to tests/perf/README.md. The worker's memory is the
production install's: run it with a virtualenv made by `pip install .` (no dev extras), e.g.

    python -m venv /tmp/prod && /tmp/prod/bin/pip install -e . && \
        /tmp/prod/bin/python tests/perf/backoffice_bench.py
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


LISTINGS = [
    "/admin/",
    "/admin/members/organizations/",
    "/admin/members/memberships/",
    "/admin/members/invoices/",
    "/admin/members/applications/",
    "/admin/certification/applications/",
    "/admin/certification/reviews/",
    "/admin/certification/certificates/",
    "/admin/events/orders/",
    "/admin/events/attendees/",
    "/admin/publications/submissions/",
]


def _status(name: str) -> int:
    """A VmRSS / VmHWM figure of this process, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    try:  # Linux ≥ 4.0: writing 5 resets VmHWM to the current RSS
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def main() -> int:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.perf.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": os.environ.get(
                "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/huanwei_bench"
            ),
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "BASE_URL": "https://bench.example.org",
            "SECURE_SSL_REDIRECT": "0",
            "VAR_DIR": str(ROOT / "var" / "bench"),
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from website.core.worker import prepare_worker

    prepare_worker()  # as website.wsgi starts a gunicorn worker
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from members.models import Organization
    from website.core.demo import ensure_user

    admin = ensure_user(
        "bench-admin@example.org",
        last_name="压测",
        first_name="管理员",
        is_staff=True,
        is_superuser=True,
    )
    client = Client()
    client.force_login(admin)
    rows = Organization.objects.count()
    # A development virtualenv also holds the test tools, some of which the libraries import
    # when present (Jinja2 through django.test, PyYAML and Pygments through DRF): +4 MB.
    install = "production" if importlib.util.find_spec("pytest") is None else "development"
    print(f"install: {install} ({sys.prefix})")
    print(f"organizations: {rows}, worker RSS after start {_status('VmRSS') / 1024:.1f} MB")
    for path in LISTINGS:
        client.get(path)  # warm: imports, templates, caches
        times, queries = [], 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as captured:
                started = time.monotonic()
                response = client.get(path)
                times.append(time.monotonic() - started)
            assert response.status_code == 200, (path, response.status_code)
            queries = len(captured)
        times.sort()
        print(
            f"{path}: median {times[2] * 1000:.0f} ms, best {times[0] * 1000:.0f} ms, {queries} queries"
        )
    print(f"worker RSS after the listings {_status('VmRSS') / 1024:.1f} MB")
    if "--no-exports" in sys.argv:
        return 0
    for export_format in ("csv", "xlsx"):
        _reset_peak()
        before = _status("VmRSS")
        started = time.monotonic()
        response = client.get("/admin/members/organizations/", {"export": export_format})
        stream = iter(response.streaming_content)
        size = len(next(stream))
        first = time.monotonic() - started
        for chunk in stream:
            size += len(chunk)
        total = time.monotonic() - started
        response.close()
        print(
            f"{export_format}: streaming {response.streaming}, first byte {first:.2f} s, "
            f"total {total:.1f} s, {size / 1e6:.1f} MB, RSS before {before / 1024:.1f} MB, "
            f"peak {_status('VmHWM') / 1024:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
