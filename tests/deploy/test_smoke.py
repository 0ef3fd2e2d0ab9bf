"""deploy/smoke.sh passes: the production profile behind Debian's nginx running
deploy/nginx/ellw.conf, gunicorn from deploy/gunicorn.conf.py and a Celery worker per
queue, checked over HTTPS (pages, static files, /healthz, an e-mail, a certificate).

It needs nginx, openssl, psql, redis-server, curl and a PostgreSQL server it may create a
database on: off CI a missing one skips the test; on CI it fails it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.faults.services import unavailable

pytestmark = pytest.mark.deploy

TOOLS = ("nginx", "openssl", "psql", "redis-server", "curl")


def postgres_server_url() -> str:
    """The PostgreSQL server the tests use (DATABASE_URL), or the local one on SQLite."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return "postgres://postgres@127.0.0.1:5432"
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"


def _reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        return False
    return True


def test_the_deploy_smoke_test_passes():
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        unavailable(f"deploy/smoke.sh needs {', '.join(missing)}")
    server = postgres_server_url()
    host_port = server.rsplit("@", 1)[1]
    host, port = host_port.rsplit(":", 1)
    if not _reachable(host, int(port)):
        unavailable(f"deploy/smoke.sh needs a PostgreSQL server at {host_port}")

    # SIGTERM on a timeout, not subprocess.run's SIGKILL: the script's trap then stops what
    # it started and drops its database.
    with subprocess.Popen(
        ["deploy/smoke.sh"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "SMOKE_POSTGRES_URL": server},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as smoke:
        try:
            stdout, stderr = smoke.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            smoke.terminate()
            stdout, stderr = smoke.communicate(timeout=60)
    result = subprocess.CompletedProcess(smoke.args, smoke.returncode, stdout, stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    checked = [line for line in result.stdout.splitlines() if line.startswith("ok    ")]
    for check in (
        "home page: 200 over HTTPS through nginx",
        "stylesheet /static/",
        "/healthz over HTTPS: ",
        "/healthz over plain HTTP by address",
        "e-mail: posted /accounts/password/reset/",
        "certificates: ",
    ):
        assert any(line.startswith(f"ok    {check}") for line in checked), result.stdout
    assert result.stdout.rstrip().endswith("smoke: all checks passed")
