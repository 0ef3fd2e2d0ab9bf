"""Sentry: on only with SENTRY_DSN, and nothing personal in what it would send: no cookie,
no Authorization header, no query string or posted data, no e-mail address anywhere, only
the account's id, and no secret token from a link's path."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from ellw.sentry import FILTERED, sentry_event_scrub, sentry_init, text_scrub

TOKEN = "q9Vw2-xYz_ABCdef0123456789ghijklmnOPQRst"
ADDRESS = "aisha.private@example.nhs.uk"


@pytest.mark.parametrize(
    ("path", "scrubbed"),
    [
        (f"/endorse/{TOKEN}/", f"/endorse/{FILTERED}/"),
        (f"/calendar/{TOKEN}.ics", f"/calendar/{FILTERED}.ics"),
        (f"/alumni/{TOKEN}/", f"/alumni/{FILTERED}/"),
        (f"/testimonials/{TOKEN}/", f"/testimonials/{FILTERED}/"),
        (f"/accounts/confirm-email/{TOKEN}/", f"/accounts/confirm-email/{FILTERED}/"),
        (f"/accounts/password/reset/key/1a-{TOKEN}/", f"/accounts/password/reset/key/{FILTERED}/"),
        (
            f"https://ellw.example.nhs.uk/endorse/{TOKEN}/",
            f"https://ellw.example.nhs.uk/endorse/{FILTERED}/",
        ),
        (f"Not Found: /alumni/{TOKEN}/", f"Not Found: /alumni/{FILTERED}/"),
        (
            f"<WSGIRequest: GET '/testimonials/{TOKEN}/'>",
            f"<WSGIRequest: GET '/testimonials/{FILTERED}/'>",
        ),
    ],
)
def test_a_token_in_a_links_path_is_filtered(path, scrubbed):
    assert text_scrub(path) == scrubbed


@pytest.mark.parametrize(
    "path",
    [
        "/endorse/review/12/",
        "/alumni/update/3/",
        "/testimonials/write/4/",
        "/staff/evaluation/alumni/5/",
        "/staff/evaluation/testimonials/6/",
        "/endorse/<str:token>/",
        "/verify/ABCD-EFGH-JKLM/",
    ],
)
def test_paths_without_a_token_are_left_alone(path):
    assert text_scrub(path) == path


def test_email_addresses_are_replaced_anywhere_in_a_text():
    assert text_scrub(f"No account for {ADDRESS}, nor o'neil+x@nhs.net.") == (
        "No account for [email], nor [email]."
    )


def test_an_event_keeps_nothing_personal():
    event = {
        "message": f"Could not send to {ADDRESS}",
        "request": {
            "url": f"https://ellw.example.nhs.uk/endorse/{TOKEN}/?email={ADDRESS}",
            "method": "POST",
            "query_string": f"email={ADDRESS}",
            "data": {"email": ADDRESS, "reason": "text a person typed"},
            "cookies": {"sessionid": "s" * 32, "csrftoken": "c" * 32},
            "env": {"REMOTE_ADDR": "203.0.113.9", "SERVER_NAME": "web-1"},
            "headers": {
                "Authorization": "Bearer not-for-sentry",
                "Cookie": "sessionid=" + "s" * 32,
                "X-CSRFToken": "c" * 32,
                "Referer": f"https://ellw.example.nhs.uk/calendar/{TOKEN}.ics?x={ADDRESS}",
                "User-Agent": "Mozilla/5.0",
            },
        },
        "user": {"id": 42, "email": ADDRESS, "username": ADDRESS, "ip_address": "203.0.113.9"},
        "exception": {
            "values": [{"type": "RuntimeError", "value": f"Link /alumni/{TOKEN}/ for {ADDRESS}"}]
        },
        "breadcrumbs": {"values": [{"message": f"GET /testimonials/{TOKEN}/", "data": {}}]},
        "extra": {"to": [ADDRESS]},
        "tags": {"kind": "endorsement"},
    }
    scrubbed = sentry_event_scrub(event, {})
    request = scrubbed["request"]
    assert set(request) == {"url", "method", "headers"}
    assert request["url"] == f"https://ellw.example.nhs.uk/endorse/{FILTERED}/"
    assert request["headers"] == {
        "Referer": f"https://ellw.example.nhs.uk/calendar/{FILTERED}.ics",
        "User-Agent": "Mozilla/5.0",
    }
    assert scrubbed["user"] == {"id": 42}
    assert scrubbed["message"] == "Could not send to [email]"
    assert scrubbed["exception"]["values"][0]["value"] == f"Link /alumni/{FILTERED}/ for [email]"
    assert scrubbed["breadcrumbs"]["values"][0]["message"] == f"GET /testimonials/{FILTERED}/"
    assert scrubbed["extra"] == {"to": ["[email]"]}
    assert scrubbed["tags"] == {"kind": "endorsement"}
    text = json.dumps(scrubbed)
    assert TOKEN not in text and ADDRESS not in text and "@" not in text
    assert "s" * 32 not in text and "c" * 32 not in text and "not-for-sentry" not in text


def test_an_event_without_a_users_id_has_no_user():
    assert "user" not in sentry_event_scrub({"user": {"email": ADDRESS}}, {})


class CapturingTransport:
    """Stands in for Sentry's servers: keeps the events, sends nothing."""

    def __new__(cls):
        from sentry_sdk.transport import Transport

        class Capturing(Transport):
            def __init__(self):
                super().__init__()
                self.events = []

            def capture_envelope(self, envelope):
                event = envelope.get_event()
                if event is not None:
                    self.events.append(event)

        return Capturing()


@pytest.fixture
def sentry_events():
    import sentry_sdk

    transport = CapturingTransport()
    sentry_init(
        dsn="https://public@sentry.invalid/1",
        environment="test",
        release="ellw@test",
        transport=transport,
    )
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.init(dsn=None)


def wsgi_request(request) -> str:
    """The request through Django's WSGI application, as gunicorn hands it over (Sentry
    reads the request where the WSGI application is called, which the test client skips).
    Returns the status line."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    statuses = []
    # As the test client does: the test's transaction keeps its connection.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        body = WSGIHandler()(request.environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
    return statuses[0]


@pytest.mark.django_db
@pytest.mark.urls("tests.ellw.sentry_urlconf")
def test_an_error_in_a_request_to_a_tokened_url_reaches_sentry_without_token_email_or_cookie(
    client, rf, link_worker, sentry_events
):
    client.force_login(link_worker)
    session_key = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    request = rf.post(
        f"/endorse/{TOKEN}/?email={ADDRESS}",
        {"email": ADDRESS, "reason": "text a person typed"},
        HTTP_AUTHORIZATION="Bearer not-for-sentry",
        HTTP_COOKIE=f"{django_settings.SESSION_COOKIE_NAME}={session_key}; csrftoken={'c' * 32}",
        HTTP_REFERER=f"http://testserver/calendar/{TOKEN}.ics",
    )
    assert wsgi_request(request).startswith("500 ")

    [event] = sentry_events
    assert event["environment"] == "test" and event["release"] == "ellw@test"
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == f"Endorsement failed for [email] at /endorse/{FILTERED}/"
    assert event["request"]["url"] == f"http://testserver/endorse/{FILTERED}/"
    assert event["request"]["method"] == "POST"
    assert "cookies" not in event["request"] and "data" not in event["request"]
    assert "query_string" not in event["request"]
    headers = {name.lower(): value for name, value in event["request"]["headers"].items()}
    assert not headers.keys() & {"authorization", "cookie", "x-csrftoken"}
    assert headers["referer"] == f"http://testserver/calendar/{FILTERED}.ics"
    assert event.get("user", {}).keys() <= {"id"}
    # No local variables in the stack trace.
    frames = exception["stacktrace"]["frames"]
    assert frames and not any("vars" in frame for frame in frames)
    text = json.dumps(event)
    for secret in (TOKEN, ADDRESS, link_worker.email, session_key, "c" * 32, "not-for-sentry"):
        assert secret not in text
    assert "text a person typed" not in text


def _settings_sentry(**env: str) -> dict:
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SENTRY_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    script = (
        "import json, django; django.setup(); import sentry_sdk; "
        "client = sentry_sdk.get_client(); o = client.options; "
        "print(json.dumps({'active': client.is_active(), 'environment': o.get('environment'), "
        "'release': o.get('release'), 'traces': o.get('traces_sample_rate'), "
        "'before_send': getattr(o.get('before_send'), '__qualname__', None), "
        "'data_collection': o.get('data_collection'), "
        "'integrations': sorted(client.integrations)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env={**inherited, "DJANGO_SETTINGS_MODULE": "ellw.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_sentry_is_on_only_with_a_dsn_and_collects_no_personal_data():
    assert _settings_sentry()["active"] is False
    on = _settings_sentry(
        SENTRY_DSN="https://public@127.0.0.1:9/1",
        SENTRY_ENVIRONMENT="staging",
        SENTRY_RELEASE="ellw@1.2.3",
    )
    assert on["active"] is True
    assert (on["environment"], on["release"], on["traces"]) == ("staging", "ellw@1.2.3", None)
    assert on["before_send"] == "sentry_event_scrub"
    assert {"django", "celery"} <= set(on["integrations"])
    collection = on["data_collection"]
    assert collection["user_info"] is False and collection["stack_frame_variables"] is False
    assert collection["cookies"] == {"mode": "off"}
    assert collection["url_query_params"] == {"mode": "off"}
    assert collection["http_bodies"] == []
    traced = _settings_sentry(
        SENTRY_DSN="https://public@127.0.0.1:9/1", SENTRY_TRACES_SAMPLE_RATE="0.1"
    )
    assert traced["traces"] == 0.1
