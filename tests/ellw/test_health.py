"""/healthz: the database, the broker and each queue's worker heartbeat, for load balancers.
The broker and heartbeat tests use a Redis server of the test's own (the heartbeats of the
shared one belong to whatever workers run there)."""

from __future__ import annotations

import json
import shutil

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

from ellw.health.checks import check_heartbeat_outlasts_its_interval
from ellw.health.services import broker_client, worker_heartbeat_record
from tests.faults.services import RedisServer, free_port, on_postgresql, unavailable
from tests.profiles import profile_run

QUEUES = ["celery", "documents", "email"]


def healthz(client, query: str = "") -> tuple[int, dict]:
    response = client.get("/healthz" + query)
    return response.status_code, json.loads(response.content)


@pytest.fixture
def own_redis(tmp_path, celery_conf, monkeypatch):
    """The web process's broker is a Redis server of the test's own, as with REDIS_URL."""
    if shutil.which("redis-server") is None:
        unavailable("redis-server is not installed")
    server = RedisServer(free_port(), tmp_path / "redis.log")
    server.start()
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    celery_conf.broker_url = server.url
    celery_conf.task_always_eager = False
    yield server
    server.stop()


@pytest.fixture
def redis_now(own_redis):
    """Record heartbeats `seconds_ago` by the Redis server's clock, as /healthz reads it."""
    client = broker_client(own_redis.url, timeout=1)

    def beat(queues: list[str], seconds_ago: float = 0) -> None:
        seconds, microseconds = client.time()
        at = seconds + microseconds / 1_000_000 - seconds_ago
        worker_heartbeat_record(client=client, queues=queues, at=at)

    yield beat
    client.close()


def test_healthz_in_process_is_ok_without_a_broker(client, db):
    assert healthz(client) == (
        200,
        {
            "status": "ok",
            "database": "ok",
            "broker": "in process",
            "workers": {queue: {"status": "in process"} for queue in QUEUES},
        },
    )


def test_healthz_is_never_cached_and_sets_no_cookie_nor_session(client, db):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}
    assert not Session.objects.exists()


def test_healthz_answers_get_and_head_only(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_asks_the_database_one_query_and_nothing_else(
    client, db, django_assert_num_queries
):
    # No session read or written, no user looked up: SELECT 1 alone.
    with django_assert_num_queries(1) as queries:
        assert client.get("/healthz").status_code == 200
    assert queries.captured_queries[0]["sql"] == "SELECT 1"


@pytest.mark.parametrize(
    ("every", "stale", "errors"),
    [(15, 60, []), (15, 30, []), (15, 29, ["health.E001"]), (0, 60, ["health.E001"])],
)
def test_a_queue_goes_stale_only_after_two_missed_heartbeats(settings, every, stale, errors):
    settings.ELLW_WORKER_HEARTBEAT_SECONDS = every
    settings.ELLW_WORKER_HEARTBEAT_STALE_SECONDS = stale
    assert [error.id for error in check_heartbeat_outlasts_its_interval()] == errors


def _database_unreachable(monkeypatch) -> None:
    """On PostgreSQL a real failure: the connection re-opened on a port nothing listens on.
    Django never closes an in-memory SQLite database (closing it would destroy it), so there
    the cursor fails as a dead server's would."""
    from django.db import OperationalError

    if on_postgresql():
        monkeypatch.setitem(connection.settings_dict, "PORT", str(free_port()))
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        connection.close()
        return

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refused)


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    with monkeypatch.context() as patched:
        _database_unreachable(patched)
        status, body = healthz(client)
        connection.close()
    assert (status, body["status"], body["database"]) == (503, "fail", "fail")


def test_healthz_is_503_when_the_broker_is_down(client, db, unreachable_broker):
    assert healthz(client) == (
        503,
        {
            "status": "fail",
            "database": "ok",
            "broker": "fail",
            "workers": {queue: {"status": "unknown"} for queue in QUEUES},
        },
    )


def test_healthz_reports_fresh_stale_and_missing_heartbeats(client, db, redis_now, settings):
    settings.ELLW_WORKER_HEARTBEAT_STALE_SECONDS = 60
    redis_now(["email"], seconds_ago=5)
    redis_now(["documents"], seconds_ago=61)
    status, body = healthz(client)
    # A worker that died does not take the web server out of the load balancer.
    assert status == 200
    assert body == {
        "status": "degraded",
        "database": "ok",
        "broker": "ok",
        "workers": {
            "celery": {"status": "missing"},
            "documents": {"status": "stale", "seconds_ago": 61},
            "email": {"status": "ok", "seconds_ago": 5},
        },
    }


def test_a_heartbeat_exactly_at_the_stale_limit_is_still_fresh(client, db, redis_now, settings):
    settings.ELLW_WORKER_HEARTBEAT_STALE_SECONDS = 60
    redis_now(QUEUES, seconds_ago=59.6)
    assert healthz(client)[1]["workers"]["email"] == {"status": "ok", "seconds_ago": 60}


def test_healthz_with_workers_required_fails_until_every_queue_has_a_fresh_worker(
    client, db, redis_now
):
    redis_now(["email", "documents"])
    status, body = healthz(client, "?workers=required")
    assert (status, body["status"], body["workers"]["celery"]) == (
        503,
        "degraded",
        {"status": "missing"},
    )
    redis_now(["celery"])
    status, body = healthz(client, "?workers=required")
    assert (status, body["status"]) == (200, "ok")
    assert {queue: worker["status"] for queue, worker in body["workers"].items()} == dict.fromkeys(
        QUEUES, "ok"
    )


def _production_settings(*names: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}))"
    )
    result = profile_run("-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_healthz_answers_plain_http_in_production_where_pages_redirect(client, db, settings):
    production = _production_settings("SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT")
    assert production["SECURE_SSL_REDIRECT"] is True
    for name, value in production.items():
        setattr(settings, name, value)
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/").status_code == 301
