from website.core.redis_cache import RedisCache


def test_one_redis_client_per_connection_pool():
    # No connection is opened: building clients is what Django's backend repeated per call.
    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "test"})
    client = cache._cache.get_client("key")
    assert cache._cache.get_client("other", write=True) is client
