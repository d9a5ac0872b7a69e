"""A small closed-loop HTTP/1.1 load generator: asyncio protocols on raw sockets.

Each connection sends a request, waits for the whole response, records the latency and sends
the next one, until the time is up; keep-alive is used whenever the server allows it, and a
connection the server closes (gunicorn's sync workers close after every response) is opened
again, the connect time counting towards that request's latency. No Django, no third-party
package: it runs in its own processes so the server's workers get the rest of the machine.

Standalone use, against any server:
    python tests/perf/loadgen.py http://127.0.0.1:8000/ -c 8 -d 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import resource
import sys
import time
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit


@dataclass
class Request:
    """One HTTP request a connection sends; connections cycle through their list."""

    path: str
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def encode(self, host: str) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.body or self.method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(self.body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        return head + self.body


@dataclass
class Result:
    """What one run (or the merge of several processes' runs) measured."""

    duration: float
    latencies: list[float] = field(default_factory=list)  # seconds, completed requests only
    statuses: dict[str, int] = field(default_factory=dict)
    page_cache: dict[str, int] = field(default_factory=dict)  # X-Page-Cache: hit/miss/none
    set_cookie: int = 0  # responses that set a cookie
    errors: int = 0  # connection failures and unexpected statuses
    error_samples: list[str] = field(default_factory=list)
    connects: int = 0
    bytes_received: int = 0
    client_cpu: float = 0.0  # user + system seconds of the load generator processes

    @classmethod
    def merge(cls, results: list[Result]) -> Result:
        merged = cls(duration=max(r.duration for r in results))
        for r in results:
            merged.latencies += r.latencies
            for key, value in r.statuses.items():
                merged.statuses[key] = merged.statuses.get(key, 0) + value
            for key, value in r.page_cache.items():
                merged.page_cache[key] = merged.page_cache.get(key, 0) + value
            merged.set_cookie += r.set_cookie
            merged.errors += r.errors
            merged.error_samples += r.error_samples[: 5 - len(merged.error_samples)]
            merged.connects += r.connects
            merged.bytes_received += r.bytes_received
            merged.client_cpu += r.client_cpu
        return merged


class _Connection(asyncio.Protocol):
    """One keep-alive connection; the response parser handles Content-Length and chunked."""

    def __init__(self, on_response, on_lost):
        self.on_response = on_response
        self.on_lost = on_lost
        self.transport = None
        self.buffer = bytearray()
        self._reset()

    def _reset(self):
        self.head = None  # parsed status line and headers of the response being read
        self.body_length = None
        self.chunked = False

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.buffer += data
        while self._parse():
            pass

    def connection_lost(self, exc):
        self.on_lost(exc)

    def _parse(self) -> bool:
        if self.head is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return False
            raw = bytes(self.buffer[:end]).decode("latin-1")
            del self.buffer[: end + 4]
            status_line, _, header_block = raw.partition("\r\n")
            headers = {}
            cookies = 0
            for line in header_block.split("\r\n"):
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "set-cookie":
                    cookies += 1
                headers[name] = value.strip()
            self.head = (status_line.split(" ", 2)[1], headers, cookies)
            if headers.get("transfer-encoding", "").lower() == "chunked":
                self.chunked = True
            else:
                self.body_length = int(headers.get("content-length", "0"))
        if self.chunked:
            return self._parse_chunked()
        if len(self.buffer) < self.body_length:
            return False
        size = self.body_length
        del self.buffer[:size]
        self._complete(size)
        return True

    def _parse_chunked(self) -> bool:
        size_total = 0
        position = 0
        while True:
            end = self.buffer.find(b"\r\n", position)
            if end < 0:
                return False
            size = int(bytes(self.buffer[position:end]).split(b";")[0], 16)
            if size == 0:
                trailer_end = self.buffer.find(b"\r\n\r\n", end)
                if trailer_end < 0:
                    return False
                del self.buffer[: trailer_end + 4]
                self._complete(size_total)
                return True
            if len(self.buffer) < end + 2 + size + 2:
                return False
            size_total += size
            position = end + 2 + size + 2

    def _complete(self, size: int):
        status, headers, cookies = self.head
        self._reset()
        close = headers.get("connection", "").lower() == "close"
        self.on_response(status, headers, cookies, size, close)


async def _drive_connection(
    loop, host, port, host_header, requests, deadline, result, expect, warmup_until
):
    """Send requests one after the other on (re)opened keep-alive connections until the end."""
    encoded = [request.encode(host_header) for request in requests]
    index = 0
    connection = None
    state = {}

    def on_response(status, headers, cookies, size, close):
        state["response"] = (status, headers, cookies, size, close)
        waiter = state.get("waiter")
        if waiter is not None and not waiter.done():
            waiter.set_result(True)

    def on_lost(exc):
        state["lost"] = exc or ConnectionResetError("closed by server")
        waiter = state.get("waiter")
        if waiter is not None and not waiter.done():
            waiter.set_result(False)

    while time.monotonic() < deadline:
        start = time.monotonic()
        try:
            if connection is None or connection.transport.is_closing():
                state.pop("lost", None)
                _, connection = await loop.create_connection(
                    lambda: _Connection(on_response, on_lost), host, port
                )
                result.connects += 1
            state["waiter"] = loop.create_future()
            state.pop("response", None)
            connection.transport.write(encoded[index % len(encoded)])
            index += 1
            remaining = max(deadline + 30 - time.monotonic(), 1)
            if not await asyncio.wait_for(state["waiter"], remaining):
                raise state.get("lost") or ConnectionResetError("closed by server")
        except (TimeoutError, OSError) as error:
            if connection is not None:
                connection.transport.abort()
            connection = None
            if start >= warmup_until:
                result.errors += 1
                if len(result.error_samples) < 5:
                    result.error_samples.append(repr(error))
            await asyncio.sleep(0.01)
            continue
        end = time.monotonic()
        status, headers, cookies, size, close = state["response"]
        if close:
            connection.transport.close()
            connection = None
        if start < warmup_until or end > deadline:
            continue  # warm-up requests and the ones that straddle the end are not counted
        result.latencies.append(end - start)
        result.statuses[status] = result.statuses.get(status, 0) + 1
        cache_state = headers.get("x-page-cache", "none")
        result.page_cache[cache_state] = result.page_cache.get(cache_state, 0) + 1
        result.set_cookie += 1 if cookies else 0
        result.bytes_received += size
        if status not in expect:
            result.errors += 1
            if len(result.error_samples) < 5:
                result.error_samples.append(f"HTTP {status} for {requests[0].path}")
    if connection is not None:
        connection.transport.close()


async def _run(base_url, connections, duration, warmup, requests_per_connection, expect):
    parts = urlsplit(base_url)
    host, port = parts.hostname, parts.port or 80
    host_header = parts.netloc
    loop = asyncio.get_running_loop()
    started = time.monotonic()
    warmup_until = started + warmup
    deadline = warmup_until + duration
    result = Result(duration=duration)
    await asyncio.gather(
        *(
            _drive_connection(
                loop,
                host,
                port,
                host_header,
                requests_per_connection[i],
                deadline,
                result,
                expect,
                warmup_until,
            )
            for i in range(connections)
        )
    )
    return result


def _worker(args) -> dict:
    base_url, connections, duration, warmup, requests, expect = args
    requests = [[Request(**r) for r in conn] for conn in requests]
    before = resource.getrusage(resource.RUSAGE_SELF)
    result = asyncio.run(_run(base_url, connections, duration, warmup, requests, set(expect)))
    after = resource.getrusage(resource.RUSAGE_SELF)
    result.client_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return asdict(result)


def run(
    base_url: str,
    requests: list[list[Request]],
    *,
    duration: float,
    warmup: float = 0.0,
    processes: int = 1,
    expect: tuple[str, ...] = ("200",),
) -> Result:
    """Drive len(requests) connections (connection i cycles through requests[i]).

    The connections are spread over `processes` fresh processes (spawned, so none inherits
    Django or the harness's database connections); warm-up traffic is sent but not counted.
    """
    processes = max(1, min(processes, len(requests)))
    shares = [requests[i::processes] for i in range(processes)]
    jobs = [
        (base_url, len(share), duration, warmup, [[asdict(r) for r in c] for c in share], expect)
        for share in shares
    ]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes) as pool:
        raw = pool.map(_worker, jobs)
    return Result.merge([Result(**r) for r in raw])


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("-c", "--connections", type=int, default=8)
    parser.add_argument("-d", "--duration", type=float, default=10.0)
    parser.add_argument("-w", "--warmup", type=float, default=1.0)
    parser.add_argument("-p", "--processes", type=int, default=1)
    options = parser.parse_args(argv)
    parts = urlsplit(options.url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    base = f"{parts.scheme}://{parts.netloc}"
    requests = [[Request(path)] for _ in range(options.connections)]
    result = run(
        base,
        requests,
        duration=options.duration,
        warmup=options.warmup,
        processes=options.processes,
    )
    count = len(result.latencies)
    summary = {
        "requests": count,
        "rps": round(count / result.duration, 1),
        "p50_ms": round(percentile(result.latencies, 0.50) * 1000, 2),
        "p95_ms": round(percentile(result.latencies, 0.95) * 1000, 2),
        "errors": result.errors,
        "statuses": result.statuses,
        "page_cache": result.page_cache,
        "connects": result.connects,
        "client_cpu_s": round(result.client_cpu, 2),
    }
    json.dump(summary, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
