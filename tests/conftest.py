"""Shared fixtures. On CI (CI set) the suite insists on PostgreSQL and Redis: never a skip."""

from __future__ import annotations

import importlib
import os
import socket
from urllib.parse import urlparse

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.cache import cache

from cohorts.models import Place
from ellw.cache import public_pages_forget
from ellw.celery import app as celery_app
from tests import factories


def _reachable(url: str) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2):
            return True
    except OSError:
        return False


def pytest_configure(config):
    if not os.environ.get("CI"):
        return
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("DATABASE_URL must point at PostgreSQL on CI")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL must be set on CI")
    elif not _reachable(settings.REDIS_URL):
        problems.append(f"Redis is not reachable at {settings.REDIS_URL}")
    if problems:
        pytest.exit("CI needs real services: " + "; ".join(problems), returncode=3)


def pytest_collection_modifyitems(items):
    # Browser tests last: Playwright's event loop stays in the main thread once started.
    items.sort(key=lambda item: "tests/browser/" in str(item.path))


@pytest.fixture(autouse=True)
def _isolated(settings):
    settings.SITE_URL = "http://testserver"
    # allauth's rate limits count in the cache; each test starts with a clean slate, and
    # without this process's copies of the public pages (tests rarely commit, so the
    # changes they make would not make those copies stale).
    cache.clear()
    public_pages_forget()


REFERENCE_DATA_MIGRATIONS = [
    ("cohorts.migrations.0002_places_and_roles", "add_reference_data"),
    ("modules.migrations.0002_seven_modules", "add_modules"),
    ("ellw.accounts.migrations.0002_staff_roles", "add_roles"),
]


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests flush the database afterwards, data migrations included; put
    the reference data back with the data migrations' own functions. (Serialized rollback
    cannot be used: under Playwright's event loop Django hands out another connection.)"""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    if Place.objects.exists():
        return
    for module_name, function_name in REFERENCE_DATA_MIGRATIONS:
        getattr(importlib.import_module(module_name), function_name)(django_apps, None)


@pytest.fixture
def link_worker(db):
    return factories.UserFactory()


@pytest.fixture
def sp_manager(db):
    return factories.StaffFactory(role="SP managers")


@pytest.fixture
def programme_lead(db):
    return factories.StaffFactory(role="Programme leads")


@pytest.fixture
def celery_conf():
    """Celery's live configuration, restored after the test (Django's settings fixture
    does not reach it once the app has read them)."""
    keys = ("broker_url", "task_always_eager")
    saved = {key: celery_app.conf[key] for key in keys}
    yield celery_app.conf
    celery_app.conf.update(saved)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def unreachable_broker(celery_conf, monkeypatch):
    """The broker refuses connections (as when Redis is down): enqueueing fails fast."""
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    celery_conf.broker_url = "redis://127.0.0.1:1/0"
    celery_conf.task_always_eager = False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(scope="session")
def celery_worker_session(django_db_blocker):
    """A real Celery worker in a thread, fed by the configured broker (Redis on CI)."""
    from celery.contrib.testing.worker import start_worker

    # The worker consumes whatever reaches the broker; only tests that ask for it (the
    # `celery_worker` fixture) stop running tasks in process, so tests that come after
    # the worker started still run theirs in process.
    with (
        django_db_blocker.unblock(),
        start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"),
    ):
        yield


@pytest.fixture
def celery_worker(celery_worker_session, celery_conf):
    celery_conf.task_always_eager = False
    yield
