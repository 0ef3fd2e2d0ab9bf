"""Log lines say where they came from: one JSON object a line in production, with the request
id (decided once: a trusted proxy's X-Request-ID, else a new one), the signed-in account's
id (never an address) and, in a task, the task's id and the id of the request that enqueued
it, whether the task runs in process or on a real worker."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import uuid

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils.module_loading import import_string

from ellw import crypto
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.mail.services import outbound_email_message_id
from tests.profiles import profile_run
from tests.waiting import wait_for

ADDRESS = "aisha.private@example.nhs.uk"


def _configured(entry: dict):
    """A formatter or filter built as LOGGING builds it from its entry."""
    entry = dict(entry)
    if "()" in entry:
        return import_string(entry.pop("()"))(**entry)
    return logging.Formatter(entry.get("format"))


class JsonLines:
    """A handler on the root logger with the JSON formatter and context filter of LOGGING."""

    def __init__(self):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(_configured(django_settings.LOGGING["formatters"]["json"]))
        for name in django_settings.LOGGING["handlers"]["console"]["filters"]:
            self.handler.addFilter(_configured(django_settings.LOGGING["filters"][name]))

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]

    def text(self) -> str:
        return self.stream.getvalue()

    def with_message(self, pattern: str) -> list[dict]:
        return [line for line in self.lines() if re.search(pattern, line["message"])]


@pytest.fixture
def json_logs():
    root = logging.getLogger()
    lines = JsonLines()
    level = root.level
    root.addHandler(lines.handler)
    root.setLevel(logging.INFO)
    yield lines
    root.removeHandler(lines.handler)
    root.setLevel(level)


def failed_email() -> OutboundEmail:
    return OutboundEmail.objects.create(
        template="test_notice",
        to=[ADDRESS],
        subject="Test notice for Aisha",
        body_text=crypto.encrypt("Hello Aisha, your link: http://testserver/endorse/s3cr3t-t0ken/"),
        status=OutboundEmailStatus.FAILED,
        attempts=1,
        last_error="mail server down",
        message_id=outbound_email_message_id(),
    )


@pytest.fixture
def lead_client(client, programme_lead, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(programme_lead)
    return client


def try_again(client, email: OutboundEmail, **headers):
    response = client.post(reverse("staff:mail:retry", args=[email.pk]), **headers)
    assert response.status_code == 302
    return response


def assert_journey(json_logs, response, email, lead, *, request_id=None):
    """The request's line and the task's line, tied by one request id."""
    request_id = request_id or response["X-Request-ID"]
    [queued] = json_logs.with_message(rf"^Outbound e-mail {email.pk} queued again by user")
    assert queued["request_id"] == request_id
    assert queued["user_id"] == lead.pk
    assert queued["task_id"] is None
    assert queued["level"] == "INFO" and queued["logger"] == "ellw.mail.services"
    assert set(queued) >= {"time", "level", "logger", "message"}
    [sent] = json_logs.with_message(rf"^Sent outbound e-mail {email.pk} ")
    assert sent["request_id"] == request_id
    assert str(uuid.UUID(sent["task_id"])) == sent["task_id"]
    text = json_logs.text()
    assert ADDRESS not in text and lead.email not in text
    assert "s3cr3t-t0ken" not in text and "@" not in text


@pytest.mark.django_db(transaction=True)
def test_a_request_and_the_task_it_enqueues_on_commit_log_one_request_id_in_process(
    lead_client, programme_lead, json_logs
):
    email = failed_email()
    response = try_again(lead_client, email)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.SENT
    assert_journey(json_logs, response, email, programme_lead)
    # Once the request is over, nothing of it is left in the context.
    logging.getLogger("ellw.test").info("after the request")
    [after] = json_logs.with_message("^after the request$")
    assert (after["request_id"], after["user_id"], after["task_id"]) == (None, None, None)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_task_on_a_real_worker_logs_the_request_id_of_the_request_that_enqueued_it(
    lead_client, programme_lead, json_logs, settings, celery_worker
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    offered = "0123456789abcdef0123456789abcdef"
    email = failed_email()
    response = try_again(lead_client, email, HTTP_X_REQUEST_ID=offered)
    assert response["X-Request-ID"] == offered
    assert wait_for(
        lambda: OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmailStatus.SENT).exists()
    )
    assert wait_for(lambda: json_logs.with_message(rf"^Sent outbound e-mail {email.pk} "))
    assert_journey(json_logs, response, email, programme_lead, request_id=offered)


@pytest.mark.django_db
def test_an_untrusted_or_malformed_request_id_is_replaced(client, settings):
    offered = "0123456789abcdef0123456789abcdef"
    assert client.get("/", HTTP_X_REQUEST_ID=offered)["X-Request-ID"] != offered
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client.get("/", HTTP_X_REQUEST_ID=offered)["X-Request-ID"] == offered
    replaced = client.get("/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)


def test_an_exception_is_logged_as_one_json_line(json_logs):
    try:
        raise RuntimeError("the renderer fell over")
    except RuntimeError:
        logging.getLogger("ellw.test").exception("Rendering failed")
    [line] = json_logs.lines()
    assert line["message"] == "Rendering failed"
    assert line["level"] == "ERROR"
    assert "RuntimeError: the renderer fell over" in line["exc_info"]


def test_django_requests_request_object_is_not_written_out(json_logs, rf):
    request = rf.get("/calendar/s3cr3t-t0ken.ics")
    logging.getLogger("ellw.test").warning("Not found", extra={"request": request, "code": 404})
    [line] = json_logs.lines()
    assert "request" not in line and line["code"] == 404
    assert "s3cr3t-t0ken" not in json_logs.text()


@pytest.mark.django_db
def test_a_links_token_in_a_path_and_an_address_never_reach_a_log_line(client, json_logs):
    token = "q9Vw2-xYz_ABCdef0123456789ghijklmnOPQRst"
    assert client.get(f"/endorse/{token}/").status_code == 404
    assert client.get(f"/calendar/{token}.ics").status_code == 404
    logging.getLogger("ellw.test").warning("No account for %s", ADDRESS)
    lines = json_logs.lines()  # still JSON after the replacements
    messages = [line["message"] for line in lines]
    assert "Not Found: /endorse/[Filtered]/" in messages
    assert "Not Found: /calendar/[Filtered].ics" in messages
    assert "No account for [email]" in messages
    assert token not in json_logs.text() and ADDRESS not in json_logs.text()

    text = _configured(django_settings.LOGGING["formatters"]["text"])
    record = logging.LogRecord("ellw.test", logging.INFO, __file__, 1, "%s", (ADDRESS,), None)
    assert text.format(record) == "[email]"


def _logging_of(profile: str, **env: str) -> subprocess.CompletedProcess:
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('ellw.check').warning('Hello from %s', 'settings')"
    )
    return profile_run("-c", script, profile=profile, unset=("LOG_FORMAT",), **env)


def test_production_logs_json_by_default_and_plain_text_when_asked():
    result = _logging_of("ellw.settings.production")
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "Hello from settings"
    assert (line["level"], line["logger"]) == ("WARNING", "ellw.check")
    assert (line["request_id"], line["user_id"], line["task_id"]) == (None, None, None)

    result = _logging_of("ellw.settings.production", LOG_FORMAT="text")
    assert result.stderr.strip().splitlines()[-1] == "Hello from settings"
    result = _logging_of("ellw.settings.base")
    assert result.stderr.strip().splitlines()[-1] == "Hello from settings"
    result = _logging_of("ellw.settings.production", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT is 'xml': it must be json or text." in result.stderr
