"""Helpers for the fault tests (their fixtures are in conftest.py): a Redis server of the
test's own, real worker processes, and one function run by several threads at once."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tests.waiting import wait_for

ON_CI = bool(os.environ.get("CI"))


def unavailable(reason: str) -> None:
    """Off CI a missing service skips the test; on CI it fails it."""
    if ON_CI:
        pytest.fail(f"CI needs it: {reason}")
    pytest.skip(reason)


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def needs_postgresql(why: str = "another process must see the test database") -> None:
    if not on_postgresql():
        unavailable(f"needs PostgreSQL (DATABASE_URL): {why}")


# --- a Redis server of the test's own -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """`redis-server` on a loopback port of its own, nothing kept on disk. stop() and start()
    are Redis going down and coming back on the same address."""

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self._log = log
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        assert self._process is None, "already running"
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        assert wait_for(lambda: _redis_answers(self.port), timeout=10, interval=0.02), (
            self._log.read_text()
        )

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        self._process.wait(timeout=10)
        self._process = None
        assert not _redis_answers(self.port)

    def command(self, *words: str) -> bytes:
        """One command in Redis's inline protocol; the raw reply."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(" ".join(words).encode() + b"\r\n")
            return sock.recv(65536)


# --- real worker processes ------------------------------------------------------------------


def database_url_for_workers() -> str:
    """DATABASE_URL for another process: the test database pytest-django made."""
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """`celery -A ellw worker` with the solo pool: the process that takes a task is the one
    that runs it, so killing it kills the task mid-way with its message unacknowledged.
    `queues` is its -Q (as production runs one worker per queue); None consumes them all."""

    def __init__(
        self, name: str, env: dict[str, str], log: Path, queues: str | None = None
    ) -> None:
        self.name = name
        self.log_path = log
        with log.open("ab") as handle:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "ellw", "worker", "--pool=solo"]
                + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
                + ["--loglevel=INFO", f"--hostname={name}@faults"]
                + ([f"--queues={queues}"] if queues else []),
                cwd=settings.BASE_DIR,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def ready(self) -> bool:
        """Connected and consuming (Celery logs "ready." once its consumer has started)."""
        return "ready." in self.log()

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, nothing written on the way out."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


# --- the same function twice at the same moment ----------------------------------------------


def run_at_once(function: Callable[[], object], times: int = 2) -> list[object]:
    """Run `function` in `times` threads released together by a barrier, each on its own
    database connection (as two beat instances' workers would be); returns what each
    returned, and re-raises the first error."""
    barrier = threading.Barrier(times)
    results: list[object] = [None] * times
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except BaseException as error:  # handed to the test's thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


# --- what the document tests build and read ---------------------------------------------------


def graduated_cohort(participants: int):
    """A cohort like Cohort 1 whose `participants` graduates can be given certificates."""
    import datetime

    from tests.factories import EnrolmentFactory, UserFactory, certificate_cohort

    cohort = certificate_cohort()
    for n in range(participants):
        EnrolmentFactory(
            cohort=cohort,
            participant=UserFactory(full_name=f"Graduate Number {n + 1:02d}"),
            graduated_on=datetime.date(2022, 3, 29),
        )
    return cohort


def certificates_issue_unrendered(cohort) -> dict[int, str]:
    """Issue the cohort's certificates and drop their render tasks from the broker (their
    own PDFs are not what these tests are about); returns each certificate's code."""
    from django.db import transaction

    from cohorts.models import Certificate
    from cohorts.services.certificates import cohort_certificates_issue
    from ellw.celery import app as celery_app

    with transaction.atomic():
        cohort_certificates_issue(cohort=cohort, actor=None)
    celery_app.control.purge()
    return dict(Certificate.objects.filter(enrolment__cohort=cohort).values_list("pk", "code"))


def document_files() -> set[str]:
    """Every file in the documents storage, by its name there."""
    from django.core.files.storage import storages

    storage = storages["documents"]
    folders, _ = storage.listdir("")
    return {f"{folder}/{name}" for folder in folders for name in storage.listdir(folder)[1]}


def pdf_pages_text(content: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def progress_shown(html: str) -> tuple[str, int]:
    """What the progress fragment says (its first sentence) and its percentage."""
    import re

    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    if "Ready." in text:
        return "Ready.", 100
    value = re.search(r'<progress[^>]* value="(\d+)"', html)
    return text.split(".")[0] + ".", int(value.group(1)) if value else -1
