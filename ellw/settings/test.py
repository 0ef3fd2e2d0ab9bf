"""Settings for the test suite. DATABASE_URL and REDIS_URL still come from the environment."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 20
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in process; the worker tests turn this off and use a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "polling_interval": 0.05,
    # A worker looks for messages a dead worker took (older than visibility_timeout) every
    # second, not every 100 s, so the fault tests' redelivery comes when it is due.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# E-mail templates that exist only for the tests of the outbox itself.
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]  # noqa: F405

# Security core: with REDIS_URL set the tests use the shared Redis cache as
# production does (its clear() leaves the Celery broker's keys alone); without it, one
# process runs the suite, so a local-memory cache is enough and faster than the database.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Generated documents go to a throwaway directory, never the project's var/documents.
# A worker process started by a test (tests/faults) is handed the test's directory in
# TEST_DOCUMENTS_ROOT, so both read and write the same files.
STORAGES["documents"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {
        "location": env("TEST_DOCUMENTS_ROOT", default="")  # noqa: F405
        or tempfile.mkdtemp(prefix="ellw-test-documents-"),
        "base_url": None,
    },
}
