"""Django's Redis cache backend, keeping one redis-py client per connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache call, and redis-py 5+
builds its table of response callbacks in each one: about 0.2 ms of CPU per call, more than
serving a cached page otherwise costs. A client is thread-safe and stateless apart from its
pool, so one per pool is kept and reused.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
