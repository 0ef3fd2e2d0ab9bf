"""Deploy checks for what the accounts' protections rely on."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs) -> list[Error]:
    """Log-in rate limits and TOTP replay protection count in the default cache: a cache
    each worker process keeps for itself multiplies the limits by the number of workers."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PROCESS_LOCAL_CACHES:
        return []
    return [
        Error(
            f"The default cache ({backend}) is not shared between worker processes, so "
            "log-in rate limits and TOTP replay protection hold per process only.",
            hint="Set REDIS_URL, or use django.core.cache.backends.db.DatabaseCache.",
            id="accounts.E001",
        )
    ]
