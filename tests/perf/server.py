"""The bench's gunicorn: started on a free port of 127.0.0.1, always stopped, CPU accounted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def default_workers(worker_class: str, cores: int) -> int:
    # Sync workers block on every request, so the usual 2 × cores + 1; a threaded worker
    # overlaps its waits on Redis and PostgreSQL itself, so one process per core.
    return 2 * cores + 1 if worker_class == "sync" else cores


@dataclass
class ServerConfig:
    worker_class: str = "gthread"
    workers: int = 0  # 0: default_workers()
    threads: int = 4  # gthread only
    port: int = 0  # 0: a free one

    def resolved(self) -> ServerConfig:
        cores = os.cpu_count() or 1
        return ServerConfig(
            worker_class=self.worker_class,
            workers=self.workers or default_workers(self.worker_class, cores),
            threads=self.threads if self.worker_class == "gthread" else 1,
            port=self.port or free_port(),
        )

    def describe(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        return f"gunicorn {self.worker_class}, {self.workers} workers{threads}"


class Gunicorn:
    """`with Gunicorn(...) as server:` serves website.wsgi until the block ends, whatever happens."""

    def __init__(self, config: ServerConfig, *, env: dict[str, str], cwd: Path, log_path: Path):
        self.config = config.resolved()
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.config.port}"

    def command(self) -> list[str]:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn),
            "website.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.config.port}",
            "--workers",
            str(self.config.workers),
            "--worker-class",
            self.config.worker_class,
            "--backlog",
            "2048",
            "--error-logfile",
            str(self.log_path),
            "--log-level",
            "warning",
            "--chdir",
            str(self.cwd),
        ]
        if self.config.worker_class == "gthread":
            command += ["--threads", str(self.config.threads)]
        return command

    def start(self, timeout: float = 60.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # Its own session: a Ctrl-C in the terminal reaches the harness, which stops gunicorn.
        self.process = subprocess.Popen(  # noqa: S603
            self.command(), cwd=self.cwd, env=self.env, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited ({self.process.returncode}); see {self.log_path}"
                )
            try:
                # /healthz also opens a database connection, so the first worker is warm.
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def __enter__(self) -> Gunicorn:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def cpu_seconds(self) -> dict[int, float]:
        """User + system CPU of the master and each worker so far, by process id."""
        if self.process is None:
            return {}
        pids = [self.process.pid, *_children(self.process.pid)]
        return {pid: _process_cpu(pid) for pid in pids}


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _process_cpu(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rpartition(")")[2].split()
    # utime and stime are fields 14 and 15 of /proc/<pid>/stat (12 and 13 after the name).
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


SERVICES = ("redis-server", "postgres")


def services_cpu_seconds() -> dict[int, float]:
    """CPU of Redis and PostgreSQL processes by id; they serve other users of the machine too."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if stat[stat.find("(") + 1 : stat.rfind(")")].startswith(SERVICES):
            fields = stat.rpartition(")")[2].split()
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU spent between two snapshots by the processes alive at the second one."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def machine_busy_seconds() -> float:
    """CPU seconds the machine's processes and kernel spent busy so far (all cores)."""
    with open("/proc/stat") as stat:
        values = [int(v) for v in stat.readline().split()[1:8]]
    # user nice system idle iowait irq softirq; steal (the hypervisor's share) is left out.
    return (sum(values) - values[3] - values[4]) / CLOCK_TICKS
