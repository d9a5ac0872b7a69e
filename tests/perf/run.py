"""`make bench`: serve the site with gunicorn on PostgreSQL and Redis and measure it.

Steps: create or reuse the bench database, migrate, load the demo data and every scenario's
generated data (skipped when already there), collect static files, start gunicorn with
production settings on a free port of 127.0.0.1, then for each workload warm up and drive N
concurrent connections for a fixed time. The first row is a bare Django view returning a
constant through the same server and middleware: the ceiling the pages are compared with.

    .venv/bin/python tests/perf/run.py [-c 8] [-d 10] [--fresh] [--scenario site] [-k search]

See tests/perf/README.md for the options, the scenario registry and the latest figures.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import secrets
import signal
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.perf import loadgen  # noqa: E402
from tests.perf.report import Row, markdown_table, text_table  # noqa: E402
from tests.perf.server import (  # noqa: E402
    Gunicorn,
    ServerConfig,
    cpu_used,
    machine_busy_seconds,
    services_cpu_seconds,
)
from tests.perf.workloads import Workload  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/huanwei_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
KEY_PREFIX = "bench"
BARE = Workload("bare Django view", "/__bench__/bare", public_page=False, scenario="ceiling")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark the site under gunicorn (see tests/perf/README.md)."
    )
    parser.add_argument(
        "-c", "--connections", type=int, default=8, help="concurrent connections (8)"
    )
    parser.add_argument(
        "-d", "--duration", type=float, default=10.0, help="seconds per workload (10)"
    )
    parser.add_argument(
        "-r", "--rounds", type=int, default=2, help="interleaved rounds of -d seconds each (2)"
    )
    parser.add_argument(
        "-w", "--warmup", type=float, default=2.0, help="warm-up seconds per workload (2)"
    )
    parser.add_argument(
        "--scenario", action="append", default=[], help="only these scenarios (repeatable)"
    )
    parser.add_argument(
        "-k", dest="keyword", default="", help="only workloads whose name contains this"
    )
    parser.add_argument(
        "--list", action="store_true", help="list scenarios and workloads, then stop"
    )
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the bench database")
    parser.add_argument("--scale", type=float, default=1.0, help="generated data size factor (1.0)")
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default: for the cores)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (4)")
    parser.add_argument("--clients", type=int, default=1, help="load generator processes (1)")
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("BENCH_PORT", "0")),
        help="gunicorn's port (BENCH_PORT; default: a free one)",
    )
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve with PAGE_CACHE_SECONDS=0 to measure rendering itself",
    )
    parser.add_argument("--skip-prepare", action="store_true", help="use the database as it is")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    return parser.parse_args(argv)


def bench_environment(options: argparse.Namespace) -> dict[str, str]:
    """Production settings, local services, nothing of the caller's own configuration."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.perf.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": options.database_url,
            "REDIS_URL": options.redis_url,
            "CACHE_KEY_PREFIX": KEY_PREFIX,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BASE_URL": "https://bench.example.org",  # production settings refuse a local one
            "SECURE_SSL_REDIRECT": "0",
            "VAR_DIR": str(ROOT / "var" / "bench"),
            "PAGE_CACHE_SECONDS": "0" if options.no_page_cache else str(6 * 3600),
            "LOG_LEVEL": "WARNING",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def ensure_database(url: str, *, fresh: bool) -> bool:
    """Create the bench database when missing (or when --fresh); True when it is new."""
    import psycopg
    from dj_database_url import parse
    from psycopg import sql

    config = parse(url)
    name = config["NAME"]
    admin = psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(
            f"Redis is not reachable at {url} ({error}); the bench needs it."
        ) from error


def prepare(options, ctx, scenarios) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    ctx.migrated = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    step("migrate")
    call_command("migrate", interactive=False, verbosity=0)
    step("load_demo" + ("" if ctx.migrated else " (search index kept)"))
    # A rebuilt schema may come with new demo content, so the index is rebuilt then only.
    call_command("load_demo", no_index=not ctx.migrated, stdout=_Quiet())
    for scenario in scenarios:
        step(f"prepare {scenario.name}")
        scenario.prepare(ctx)


def step(message: str) -> None:
    print(f"[bench] {message}", flush=True)


class _Quiet:
    """Swallow a management command's chatter."""

    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def measure(server: Gunicorn, workload: Workload, options) -> tuple[loadgen.Result, dict]:
    """Warm up, then drive the workload once; returns what the client saw and the CPU used."""
    connections = workload.connections or options.connections
    requests = workload.requests_per_connection(connections)
    if workload.setup:
        workload.setup()
    clients = max(1, options.clients)
    with workload.during() if workload.during else contextlib.nullcontext():
        if options.warmup > 0:
            loadgen.run(server.base_url, requests, duration=options.warmup, processes=clients)
        before = (server.cpu_seconds(), services_cpu_seconds(), machine_busy_seconds())
        started = time.monotonic()
        result = loadgen.run(
            server.base_url,
            requests,
            duration=options.duration,
            processes=clients,
            expect=workload.expect,
        )
        elapsed = time.monotonic() - started
        after = (server.cpu_seconds(), services_cpu_seconds(), machine_busy_seconds())
    server_cpu = cpu_used(before[0], after[0])
    services_cpu = cpu_used(before[1], after[1])
    machine_cpu = after[2] - before[2]
    cpu = {
        "elapsed": elapsed,
        "server": server_cpu,
        "client": result.client_cpu,
        "services": services_cpu,
        "other": max(0.0, machine_cpu - server_cpu - services_cpu - result.client_cpu),
    }
    return result, cpu


def summarize(workload: Workload, options, runs: list[tuple[loadgen.Result, dict]]) -> Row:
    """One row from the workload's rounds: latencies pooled, throughput over all rounds."""
    results = [result for result, _ in runs]
    merged = loadgen.Result.merge(results)
    merged.duration = sum(result.duration for result in results)
    cpu = {key: sum(c[key] for _, c in runs) for key in runs[0][1]}
    row = Row.from_result(workload, workload.connections or options.connections, merged, cpu)
    if workload.check:
        row.extra = workload.check(merged)
    return row


def machine_description() -> dict[str, object]:
    import django
    import wagtail

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    # `kill <pid>` unwinds like Ctrl-C, so gunicorn is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    env = bench_environment(options)
    os.environ.update(env)
    check_redis(options.redis_url)
    fresh = (
        ensure_database(options.database_url, fresh=options.fresh) if not options.list else False
    )

    import django

    django.setup()
    from tests.perf.scenarios import Context, discover

    ctx = Context(fresh=fresh, scale=options.scale)
    scenarios = [s for s in discover() if not options.scenario or s.name in options.scenario]
    if options.list:
        for scenario in scenarios:
            print(f"{scenario.name}: {scenario.module.__doc__.strip().splitlines()[0]}")
        return 0
    if not options.skip_prepare:
        prepare(options, ctx, scenarios)
    workloads = [w for s in scenarios for w in s.workloads(ctx)]
    if options.keyword:
        workloads = [w for w in workloads if options.keyword in w.name]

    from django.core.management import call_command
    from django.db import connections

    from website.core.cache import invalidate_page_cache

    step("collectstatic")
    call_command("collectstatic", interactive=False, verbosity=0)
    invalidate_page_cache()  # every run starts with an empty page cache
    connections.close_all()

    stamp = datetime.datetime.now().astimezone()
    config = ServerConfig(
        worker_class=options.worker_class,
        workers=options.workers,
        threads=options.threads,
        port=options.port,
    )
    server = Gunicorn(config, env=env, cwd=ROOT, log_path=RESULTS_DIR / "gunicorn.log")
    machine = machine_description()
    step(
        f"{server.config.describe()} at {server.base_url}; {options.connections} connections, "
        f"{options.duration:g} s per workload after {options.warmup:g} s warm-up; "
        f"load average {machine['load_average']}"
    )
    runs: dict[int, list] = {}
    measured = [BARE, *workloads]
    with server:
        # Rounds interleave the workloads, so a neighbour's burst of CPU on this shared
        # machine spreads over all of them instead of sinking one.
        for round_number in range(1, options.rounds + 1):
            for number, workload in enumerate(measured):
                result, cpu = measure(server, workload, options)
                runs.setdefault(number, []).append((result, cpu))
                rps = len(result.latencies) / result.duration
                step(
                    f"{'' if options.rounds == 1 else f'round {round_number}: '}{workload.name}: "
                    f"{rps:.0f} req/s, p50 {loadgen.percentile(result.latencies, 0.5) * 1000:.1f} ms, "
                    f"p95 {loadgen.percentile(result.latencies, 0.95) * 1000:.1f} ms, "
                    f"{result.errors} errors"
                )
    rows = [summarize(workload, options, runs[number]) for number, workload in enumerate(measured)]
    bare = rows[0]
    for row in rows:
        row.ratio = row.rps / bare.rps if bare.rps else float("nan")
        row.cpu_ratio = (
            bare.server_cpu_ms / row.server_cpu_ms if row.server_cpu_ms else float("nan")
        )

    args = " ".join(argv if argv is not None else sys.argv[1:])
    if os.environ.get("MAKELEVEL"):
        command = "make bench" + (f' BENCH_ARGS="{args}"' if args else "")
    else:
        command = f"python tests/perf/run.py {args}".rstrip()
    print()
    print(text_table(rows))
    failing = [row.name for row in rows if row.verdict() == "NO"]
    print()
    print(
        "Target (DESIGN §6: ≥ 0.5 × bare req/s, p95 < 50 ms): "
        + ("met by every public page." if not failing else f"missed by {', '.join(failing)}.")
    )
    others = sum(row.other_cpu for row in rows) / len(rows)
    if others > 0.3:
        print(
            f"Other processes kept {others:.2f} of {os.cpu_count()} cores busy during the run, "
            "so req/s and latency are low and uneven; CPU ms/req and CPU vs bare are the "
            "steadier figures (run again with more rounds, -r 3, or on a quiet machine)."
        )
    save(rows, options, server, machine, stamp, command)
    return 0


def save(rows, options, server, machine, stamp, command) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    name = stamp.strftime("%Y%m%d-%H%M%S")
    payload = {
        "date": stamp.isoformat(timespec="seconds"),
        "command": command,
        "server": server.config.describe(),
        "connections": options.connections,
        "duration_s": options.duration,
        "warmup_s": options.warmup,
        "rounds": options.rounds,
        "clients": options.clients,
        "page_cache": not options.no_page_cache,
        "machine": machine,
        "rows": [asdict(row) for row in rows],
    }
    (RESULTS_DIR / f"{name}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    markdown = (
        f"{stamp:%Y-%m-%d %H:%M %z}, `{command}`, {server.config.describe()}, "
        f"{options.connections} connections × {options.rounds} × {options.duration:g} s, "
        f"{machine['cores']} × {machine['cpu']}, load average before {machine['load_average']}, "
        f"Python {machine['python']}, Django {machine['django']}, Wagtail {machine['wagtail']}\n\n"
        + markdown_table(rows)
        + "\n"
    )
    (RESULTS_DIR / f"{name}.md").write_text(markdown)
    print(f"\nSaved {RESULTS_DIR / name}.json and .md (Markdown table for README.md).")


if __name__ == "__main__":
    sys.exit(main())
