"""website.core.redis_cache keeps one redis-py client per pool by overriding private parts of
Django's Redis backend (there is no public hook for the client class). These tests pin those
parts: a Django upgrade that renames or reshapes them fails here, not in production."""

import inspect

import pytest
from django.core.cache.backends import redis as django_redis

from website.core.redis_cache import RedisCache, RedisCacheClient


def _backend() -> RedisCache:
    # No connection is opened: building clients is what Django's backend repeated per call.
    return RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "test-redis-cache"})


def test_one_redis_client_per_connection_pool():
    cache = _backend()
    assert type(cache._cache) is RedisCacheClient
    client = cache._cache.get_client("key")
    assert cache._cache.get_client("other", write=True) is client
    assert client.connection_pool is cache._cache._get_connection_pool(True)


def test_the_private_api_it_overrides_is_still_djangos():
    """What the subclasses rely on, in Django's own source: RedisCache builds its client from
    `self._class`, and get_client() is "the pool for this key, then a new self._client on it"
    (so reusing one client per pool changes nothing else)."""
    assert "self._class(" in inspect.getsource(django_redis.RedisCache._cache.func)
    assert "self._class = RedisCacheClient" in inspect.getsource(django_redis.RedisCache.__init__)
    source = inspect.getsource(django_redis.RedisCacheClient.get_client)
    body = [line.strip() for line in source.splitlines() if not line.strip().startswith("#")]
    assert body[1:] == [
        "pool = self._get_connection_pool(write)",
        "return self._client(connection_pool=pool)",
    ]
    assert inspect.signature(django_redis.RedisCacheClient.get_client) == inspect.signature(
        RedisCacheClient.get_client
    )


def test_reads_and_writes_through_a_real_redis():
    """The page cache's operations, when a Redis server is there (make bench and CI have one)."""
    import redis

    cache = _backend()
    keys = ["page", "area", "missing"]
    try:
        cache.delete_many(keys)
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    try:
        cache.set("page", ("stored", 1), 30)
        cache.add("area", 5, timeout=None)
        cache.incr("area")
        assert cache.get_many(keys) == {"page": ("stored", 1), "area": 6}
    finally:
        cache.delete_many(keys)
