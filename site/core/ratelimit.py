"""A fixed-window rate limit per client address, kept in the shared cache.

For public lookups that must not be enumerated (membership verification): every web process
counts in the same place, so a limit holds with several processes.
"""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address the request came from (nginx passes it in REMOTE_ADDR via the proxy)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request: HttpRequest, scope: str, *, limit: int, period: int) -> bool:
    """Count one request of `scope` from this client; False once `limit` per `period` s is used."""
    window = int(time.time() // period)
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:24]
    key = f"ratelimit:{scope}:{digest}:{window}"
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        return True
    return count <= limit
