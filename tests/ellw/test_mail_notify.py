"""E-mail through GOV.UK Notify (EMAIL_URL=notify://…): the URL's format, the request Notify's
client sends (checked by a stand-in for Notify's API on a loopback port: the path, a JWT
signed with the key's secret, the JSON body), and the outbox journey through it: sent and
erased, refused for good without retrying, or tried again after a temporary failure."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from django.core.checks import run_checks
from django.utils import timezone

from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.notify import NotifyURLError, notify_url_is, notify_url_parse
from ellw.mail.services import email_queue, outbound_emails_resend_pending
from tests.profiles import profile_run

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"ellw_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
REPLY_TO_ID = "8e222534-7f05-4972-86e3-17c5d9f894e2"
LATER = timezone.timedelta(hours=1)


class NotifyStandIn:
    """Notify's API on a loopback port: records each request and answers with the next
    queued (status, JSON) reply, or Notify's 201 once none are left."""

    def __init__(self):
        self.requests: list[dict] = []
        self.replies: list[tuple[int, dict]] = []
        self.delay = 0.0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stand_in.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                if stand_in.delay:
                    time.sleep(stand_in.delay)
                status, reply = stand_in.replies.pop(0) if stand_in.replies else (201, None)
                if reply is None:
                    reply = {
                        "id": str(uuid.uuid4()),
                        "reference": stand_in.requests[-1]["json"].get("reference"),
                        "content": {"subject": "", "body": "", "from_email": "ellw@notify"},
                        "uri": "",
                        "template": {"id": TEMPLATE_ID, "version": 1, "uri": ""},
                    }
                payload = json.dumps(reply).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:  # the client gave up waiting (the timeout test)
                    pass

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"notify+http://{API_KEY}@{host}:{port}/?template={TEMPLATE_ID}"


@pytest.fixture
def notify(settings):
    """Notify's stand-in, and the settings an EMAIL_URL pointing at it makes."""
    stand_in = NotifyStandIn()
    stand_in.thread.start()
    settings.EMAIL_BACKEND = "ellw.mail.backends.NotifyEmailBackend"
    for name, value in notify_url_parse(stand_in.url).items():
        setattr(settings, name, value)
    yield stand_in
    stand_in.server.shutdown()
    stand_in.server.server_close()


def queue_notice(django_capture_on_commit_callbacks, to="aisha.khan@example.nhs.uk"):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to=to, template="test_notice", context={"name": "Aisha"})
    email.refresh_from_db()
    return email


# --- EMAIL_URL -------------------------------------------------------------------------------


def test_a_notify_url_gives_the_key_the_https_api_the_template_and_the_reply_to():
    url = (
        f"notify://{API_KEY}@api.notifications.service.gov.uk/"
        f"?template={TEMPLATE_ID}&reply_to={REPLY_TO_ID}"
    )
    assert notify_url_is(url)
    assert notify_url_parse(url) == {
        "NOTIFY_API_KEY": API_KEY,
        "NOTIFY_BASE_URL": "https://api.notifications.service.gov.uk",
        "NOTIFY_TEMPLATE_ID": TEMPLATE_ID,
        "NOTIFY_REPLY_TO_ID": REPLY_TO_ID,
    }
    assert not notify_url_is("smtp+tls://user:password@smtp.example.nhs.uk:587")


def test_notify_over_plain_http_is_for_loopback_addresses_only():
    local = notify_url_parse(f"notify+http://{API_KEY}@127.0.0.1:8025?template={TEMPLATE_ID}")
    assert local["NOTIFY_BASE_URL"] == "http://127.0.0.1:8025"
    assert local["NOTIFY_REPLY_TO_ID"] == ""
    with pytest.raises(NotifyURLError, match="loopback address only"):
        notify_url_parse(f"notify+http://{API_KEY}@notify.example.org/?template={TEMPLATE_ID}")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (f"notify://{API_KEY}@api.notifications.service.gov.uk/", "template"),
        (
            f"notify://{API_KEY}@api.notifications.service.gov.uk/?template=welcome",
            "template id is not a UUID",
        ),
        (f"notify://{SECRET}@api.notifications.service.gov.uk/?template=1", "whole key"),
        (f"notify://{API_KEY[:-1]}x@api.notifications.service.gov.uk/?template=1", "secret"),
        (f"notify://{API_KEY}@api.notifications.service.gov.uk/v2?template=1", "no path"),
        (f"notify://{API_KEY}@api.notifications.service.gov.uk/?templat=1", "unknown option"),
    ],
    ids=["no-template", "template-not-uuid", "key-alone", "bad-secret", "path", "typo"],
)
def test_a_notify_url_missing_or_wrong_is_refused_without_repeating_the_key(url, message):
    with pytest.raises(NotifyURLError, match=message) as refused:
        notify_url_parse(url)
    assert SECRET not in str(refused.value) and SECRET[:-1] not in str(refused.value)


def _production(email_url: str, *command: str) -> subprocess.CompletedProcess:
    return profile_run("manage.py", *command, EMAIL_URL=email_url)


def test_production_with_a_notify_url_passes_the_deploy_check_and_a_bad_one_stops_it():
    url = f"notify://{API_KEY}@api.notifications.service.gov.uk/?template={TEMPLATE_ID}"
    result = _production(url, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout

    result = _production(url.replace(TEMPLATE_ID, "welcome"), "check", "--deploy")
    assert result.returncode != 0
    assert "EMAIL_URL: the template id is not a UUID." in result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_the_mail_deploy_check_accepts_notify(notify):
    assert "mail.E001" not in {m.id for m in run_checks(include_deployment_checks=True)}


# --- the request ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_request_is_notifys_email_endpoint_signed_with_the_key_and_the_plain_text(
    notify, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFY_REPLY_TO_ID = REPLY_TO_ID
    email = queue_notice(django_capture_on_commit_callbacks)

    [request] = notify.requests
    assert request["path"] == "/v2/notifications/email"
    scheme, token = request["headers"]["Authorization"].split(" ")
    assert scheme == "Bearer"
    claims = jwt.decode(token, key=SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID
    assert abs(claims["iat"] - time.time()) < 30
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT"}
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, key=SERVICE_ID, algorithms=["HS256"])
    assert request["headers"]["Content-type"] == "application/json"
    assert request["json"] == {
        "email_address": "aisha.khan@example.nhs.uk",
        "template_id": TEMPLATE_ID,
        "personalisation": {
            "subject": "Test notice for Aisha",
            "body": (
                "Hello Aisha,\n\nYour account for the Emerging Leaders Link Worker programme is "
                "ready.\n\nFind open cohorts at http://testserver/cohorts/\n\n"
            ),
        },
        "reference": str(email.pk),
        "email_reply_to_id": REPLY_TO_ID,
    }


# --- the outbox journey -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_email_goes_from_queued_to_sent_and_its_body_is_erased(
    notify, django_capture_on_commit_callbacks
):
    email = queue_notice(django_capture_on_commit_callbacks)
    assert (email.status, email.attempts, email.last_error) == (OutboundEmailStatus.SENT, 1, "")
    assert (email.body_text, email.body_html) == ("", "")
    assert email.sent_at is not None
    assert len(notify.requests) == 1
    assert "reply_to_id" not in json.dumps(notify.requests[0]["json"])


@pytest.mark.django_db
def test_a_refusal_fails_the_email_at_once_and_it_is_never_tried_again(
    notify, django_capture_on_commit_callbacks
):
    notify.replies.append(
        (
            400,
            {
                "status_code": 400,
                "errors": [{"error": "BadRequestError", "message": "Template not found"}],
            },
        )
    )
    email = queue_notice(django_capture_on_commit_callbacks)
    assert (email.status, email.attempts) == (OutboundEmailStatus.FAILED, 1)
    assert email.last_error == "GOV.UK Notify answered 400: Template not found"
    assert email.body_text != ""  # kept, encrypted, for the lead's "Try again"

    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 0
    assert len(notify.requests) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "error"),
    [
        (500, {"status_code": 500, "errors": [{"error": "Exception", "message": "Internal"}]}),
        (429, {"status_code": 429, "errors": [{"error": "RateLimitError", "message": "Slow"}]}),
    ],
    ids=["500", "429"],
)
def test_a_temporary_failure_leaves_the_email_pending_and_the_resend_sends_it(
    notify, django_capture_on_commit_callbacks, status, error
):
    notify.replies.append((status, error))
    email = queue_notice(django_capture_on_commit_callbacks)
    assert (email.status, email.attempts) == (OutboundEmailStatus.PENDING, 1)
    assert email.last_error.startswith(f"GOV.UK Notify answered {status}: ")

    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.body_text) == (OutboundEmailStatus.SENT, 2, "")
    assert [r["json"]["reference"] for r in notify.requests] == [str(email.pk)] * 2


@pytest.mark.django_db
def test_a_notify_that_does_not_answer_in_time_is_a_temporary_failure(
    notify, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_TIMEOUT = 0.3
    notify.delay = 1.0
    started = time.monotonic()
    email = queue_notice(django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 1.0
    assert (email.status, email.attempts) == (OutboundEmailStatus.PENDING, 1)
    assert email.last_error.startswith("GOV.UK Notify answered 503: ")


@pytest.mark.django_db
def test_repeated_temporary_failures_give_up_after_the_outbox_attempts(
    notify, settings, django_capture_on_commit_callbacks
):
    settings.ELLW_OUTBOX_MAX_ATTEMPTS = 2
    notify.replies.extend([(503, {"status_code": 503, "errors": []})] * 2)
    email = queue_notice(django_capture_on_commit_callbacks)
    assert email.status == OutboundEmailStatus.PENDING
    outbound_emails_resend_pending(now=timezone.now() + LATER)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmailStatus.FAILED, 2)
