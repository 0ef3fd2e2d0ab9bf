"""The shared cache on Redis, safe to clear on a Redis database that other things use."""

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    """Django's RedisCache, except clear(): Django's runs FLUSHDB, which would also drop the
    Celery queue (the broker lives in the same Redis database). This one deletes only the
    keys under this cache's KEY_PREFIX."""

    def clear(self) -> None:
        if not self.key_prefix:
            raise ValueError("PrefixedRedisCache needs a KEY_PREFIX to clear safely.")
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
