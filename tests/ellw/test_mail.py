"""The outbox: sent once on commit, bodies encrypted at rest and erased once sent, a stable
Message-ID, deploy checks, and the programme lead's failed e-mails page."""

import datetime
import io
import logging
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.checks.registry import registry
from django.core.mail import get_connection
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ellw import crypto
from ellw.mail.checks import check_email_backend, check_stale_claim_outlasts_sends
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.mail.services import (
    email_queue,
    outbound_email_message_id,
    outbound_email_send,
    outbound_emails_resend_pending,
)
from ellw.mail.tasks import outbound_email_send_task, outbound_emails_resend_pending_task
from tests.factories import PASSWORD, UserFactory

LATER = datetime.timedelta(hours=1)


class BrokenSMTPBackend(EmailBackend):
    """Stands in for a mail server that refuses the message."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def queue_notice(to: str = "someone@example.nhs.uk") -> OutboundEmail:
    return email_queue(to=to, template="test_notice", context={"name": "Aisha"})


@pytest.mark.django_db(transaction=True)
def test_email_queued_in_rolled_back_transaction_is_never_sent():
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_notice()
        raise RuntimeError("the change failed")
    assert OutboundEmail.objects.count() == 0
    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_committed_email_is_sent_exactly_once_even_when_resend_runs():
    with transaction.atomic():
        email = queue_notice()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Test notice for Aisha"
    assert mail.outbox[0].alternatives[0][1] == "text/html"

    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 0
    outbound_emails_resend_pending_task.delay()
    assert outbound_email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.SENT
    assert email.attempts == 1


@pytest.mark.django_db
def test_send_claims_the_row_so_a_second_send_does_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    assert outbound_email_send(email_id=email.pk) is True
    assert outbound_email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_resend_waits_for_the_grace_period(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    grace = datetime.timedelta(seconds=settings.ELLW_OUTBOX_RESEND_AFTER_SECONDS)
    just_short = email.created_at + grace - datetime.timedelta(seconds=1)
    assert outbound_emails_resend_pending(now=just_short) == 0
    assert outbound_emails_resend_pending(now=email.created_at + grace) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_failed_send_stays_pending_then_gives_up(django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.ellw.test_mail.BrokenSMTPBackend"
    settings.ELLW_OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmailStatus.PENDING, 1)
    assert email.last_error == "mail server down"

    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 0
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutboundEmailStatus.FAILED, 2)


@pytest.mark.django_db
def test_stale_claim_is_released_for_resend(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    stale = timezone.now() - datetime.timedelta(seconds=settings.ELLW_OUTBOX_STALE_CLAIM_SECONDS)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmailStatus.SENDING, claimed_at=stale
    )
    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_request_succeeds_and_email_stays_pending_when_broker_is_down(client, unreachable_broker):
    started = timezone.now()
    response = client.post(
        reverse("account_signup"),
        {"email": "new.worker@example.nhs.uk", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert timezone.now() - started < datetime.timedelta(seconds=5)
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmailStatus.PENDING
    assert mail.outbox == []

    # Once the broker is back, beat's re-send delivers it.
    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 1
    assert len(mail.outbox) == 1


# --- bodies: encrypted at rest, decrypted only to send, erased once sent ------------------


def raw_outbox_rows() -> list[dict]:
    """Every column of every outbox row, as stored."""
    return list(OutboundEmail.objects.values())


def database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_email_body_is_stored_encrypted(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    [row] = raw_outbox_rows()
    assert crypto.is_encrypted(row["body_text"]) and crypto.is_encrypted(row["body_html"])
    assert "Aisha" not in row["body_text"] + row["body_html"]
    assert "/cohorts/" not in row["body_text"] + row["body_html"]
    assert crypto.decrypt(row["body_text"]).startswith("Hello Aisha,")
    assert row["subject"] == "Test notice for Aisha"
    assert email.status == OutboundEmailStatus.PENDING


@pytest.mark.django_db
def test_email_body_is_erased_once_sent_and_the_record_kept(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    assert "Find open cohorts at http://testserver/cohorts/" in mail.outbox[0].body
    email.refresh_from_db()
    assert (email.body_text, email.body_html) == ("", "")
    assert (email.status, email.attempts, email.to, email.subject, email.template) == (
        OutboundEmailStatus.SENT,
        1,
        ["someone@example.nhs.uk"],
        "Test notice for Aisha",
        "test_notice",
    )
    assert email.sent_at is not None
    assert email.message_id.startswith("<outbox-")


@pytest.mark.django_db
def test_database_holds_no_working_reset_link_before_or_after_sending(
    client, link_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("account_reset_password"), {"email": link_worker.email})
    [email] = OutboundEmail.objects.all()
    while_pending = database_dump()
    assert outbound_email_send(email_id=email.pk) is True
    after_sending = database_dump()

    link = re.search(r"http://testserver(/accounts/password/reset/key/(\S+)/)", mail.outbox[0].body)
    path, key = link[1], link[2]
    assert "/accounts/password/reset/key/" not in while_pending + after_sending
    assert key not in while_pending + after_sending
    # The link itself works: only the database is useless to whoever reads it.
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password/reset/key/")


@pytest.mark.django_db
def test_failed_email_keeps_its_encrypted_body_and_a_retry_sends_it(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.ellw.test_mail.BrokenSMTPBackend"
    settings.ELLW_OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    [row] = raw_outbox_rows()
    assert row["status"] == OutboundEmailStatus.FAILED
    assert crypto.is_encrypted(row["body_text"]) and crypto.is_encrypted(row["body_html"])

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmailStatus.PENDING)
    assert outbound_email_send(email_id=email.pk) is True
    assert mail.outbox[0].body.startswith("Hello Aisha,")


@pytest.mark.django_db
def test_email_under_a_lost_key_is_marked_failed_not_sent(
    django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    settings.ELLW_ENCRYPTION_KEYS = ["a-new-key-that-never-encrypted-this-row"]
    assert outbound_email_send(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.FAILED
    assert email.last_error.startswith("The message could not be decrypted")
    assert mail.outbox == []


@pytest.mark.django_db
def test_outbox_logs_name_the_row_never_its_content(
    django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.ellw.test_mail.BrokenSMTPBackend"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"Sending outbound e-mail {email.pk} failed (attempt 1)" in logged
    assert "Aisha" not in logged
    assert "someone@example.nhs.uk" not in logged


# --- the admin shows metadata only -----------------------------------------------------------


@pytest.fixture
def admin_client(client, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.django_db
def test_admin_changelist_and_change_page_show_no_body(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    changelist = admin_client.get(reverse("admin:mail_outboundemail_changelist"))
    change = admin_client.get(reverse("admin:mail_outboundemail_change", args=[email.pk]))
    assert (changelist.status_code, change.status_code) == (200, 200)
    for page in (changelist.content.decode(), change.content.decode()):
        assert "Test notice for Aisha" in page
        assert "Your account for the Emerging Leaders" not in page
        assert "testserver/cohorts/" not in page
        assert "enc1:" not in page
    assert "Body text" not in change.content.decode()
    assert email.message_id in change.content.decode().replace("&lt;", "<").replace("&gt;", ">")


# --- sending: timeout, Message-ID, claims ----------------------------------------------------


class RecordingBrokenBackend(EmailBackend):
    """Sees the message as it would go on the wire, then refuses it."""

    seen: list[str] = []

    def send_messages(self, messages):
        self.seen.extend(message.message()["Message-ID"] for message in messages)
        raise ConnectionResetError("connection dropped mid-send")


@pytest.mark.django_db
def test_message_id_is_the_same_at_every_send_attempt(django_capture_on_commit_callbacks, settings):
    RecordingBrokenBackend.seen = []
    settings.EMAIL_BACKEND = "tests.ellw.test_mail.RecordingBrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.PENDING

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbound_emails_resend_pending(now=timezone.now() + LATER) == 1
    sent_id = mail.outbox[0].message()["Message-ID"]
    assert RecordingBrokenBackend.seen == [sent_id] == [email.message_id]
    assert re.fullmatch(r"<outbox-[0-9a-f]{32}@ellw\.example\.nhs\.uk>", sent_id)


@pytest.mark.django_db
def test_each_email_has_its_own_message_id(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first, second = queue_notice(), queue_notice()
    assert first.message_id != second.message_id


def test_smtp_connections_time_out(settings):
    assert settings.EMAIL_TIMEOUT == 10
    connection = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert connection.timeout == 10


def test_stale_claim_outlasts_every_outbox_task_time_limit(settings):
    limits = [outbound_email_send_task.time_limit, outbound_emails_resend_pending_task.time_limit]
    assert limits == [settings.ELLW_OUTBOX_SEND_TIME_LIMIT, settings.ELLW_OUTBOX_RESEND_TIME_LIMIT]
    assert (limits, settings.ELLW_OUTBOX_STALE_CLAIM_SECONDS) == ([60, 300], 900)
    assert check_stale_claim_outlasts_sends() == []

    settings.ELLW_OUTBOX_STALE_CLAIM_SECONDS = max(limits)
    assert [error.id for error in check_stale_claim_outlasts_sends()] == ["mail.E002"]


@pytest.mark.django_db
def test_live_send_is_not_released_as_stale(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_notice()
    # Claimed as long ago as the longest outbox task may run: that send may still be live.
    now = timezone.now()
    claimed = now - datetime.timedelta(seconds=settings.ELLW_OUTBOX_RESEND_TIME_LIMIT)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=OutboundEmailStatus.SENDING, claimed_at=claimed
    )
    assert outbound_emails_resend_pending(now=now) == 0
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.SENDING
    assert mail.outbox == []


# --- production never falls back to printing e-mails ------------------------------------------


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "ellw.mail.backends.NotConfiguredEmailBackend",
    ],
)
def test_deploy_check_errors_when_production_does_not_deliver_email(settings, backend):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = backend
    assert [error.id for error in check_email_backend()] == ["mail.E001"]
    with pytest.raises(SystemCheckError, match="mail.E001"):
        call_command("check", "--deploy", "--tag", "mail")


def test_deploy_check_passes_with_smtp_or_in_the_demo(settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_email_backend() == []
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert check_email_backend() == []


def test_email_check_runs_only_with_deploy(settings):
    assert check_email_backend in registry.get_checks(include_deployment_checks=True)
    assert check_email_backend not in registry.get_checks(include_deployment_checks=False)


def test_production_profile_without_email_url_refuses_rather_than_prints():
    env = {
        k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ellw.settings.production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="ellw.example.nhs.uk",
        DATABASE_URL="sqlite:///:memory:",
    )
    script = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "ellw.mail.backends.NotConfiguredEmailBackend", result.stderr


@pytest.mark.django_db
def test_not_configured_backend_fails_the_row_without_printing(
    django_capture_on_commit_callbacks, settings, capsys
):
    settings.EMAIL_BACKEND = "ellw.mail.backends.NotConfiguredEmailBackend"
    settings.ELLW_OUTBOX_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        email = queue_notice()
    email.refresh_from_db()
    assert (email.status, email.last_error) == (
        OutboundEmailStatus.FAILED,
        "E-mail is not configured: set EMAIL_URL.",
    )
    assert "Aisha" not in capsys.readouterr().out


# --- the failed e-mails page and "Try again" --------------------------------------------------

FAILED = reverse("staff:mail:failed")


def failed_email(**fields) -> OutboundEmail:
    values = {
        "template": "test_notice",
        "to": ["someone@example.nhs.uk"],
        "subject": "Test notice for Aisha",
        "body_text": crypto.encrypt("Hello Aisha, a secret link: http://testserver/secret/"),
        "status": OutboundEmailStatus.FAILED,
        "attempts": 5,
        "last_error": "mail server down",
        "message_id": outbound_email_message_id(),
    }
    return OutboundEmail.objects.create(**{**values, **fields})


@pytest.fixture
def lead_client(client, programme_lead, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(programme_lead)
    return client


def listed(response) -> list[int]:
    return [email.pk for email in response.context["page"].object_list]


@pytest.mark.django_db
def test_failed_emails_page_lists_failed_ones_newest_first_without_bodies(lead_client):
    older = failed_email(subject="Older")
    newer = failed_email(subject="Newer")
    OutboundEmail.objects.filter(pk=older.pk).update(created_at=timezone.now() - LATER)
    failed_email(status=OutboundEmailStatus.SENT)
    failed_email(status=OutboundEmailStatus.PENDING)

    response = lead_client.get(FAILED)
    assert response.status_code == 200
    assert listed(response) == [newer.pk, older.pk]
    page = response.content.decode()
    assert "Showing 1 to 2 of 2 e-mails, newest first." in page
    assert "mail server down" in page and "someone@example.nhs.uk" in page
    assert "secret" not in page and "enc1:" not in page
    assert page.count(">Try again<") == 2


def queries_to_list_failed(client) -> int:
    client.get(FAILED)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as queries:
        client.get(FAILED)
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_failed_emails_page_is_paginated_with_flat_queries(lead_client):
    failed_email()
    with_one = queries_to_list_failed(lead_client)
    for _ in range(50):
        failed_email()
    assert queries_to_list_failed(lead_client) == with_one
    first = lead_client.get(FAILED)
    assert len(listed(first)) == 50
    assert "Showing 1 to 50 of 51 e-mails" in first.content.decode()
    assert len(listed(lead_client.get(FAILED, {"page": 2}))) == 1
    assert len(listed(lead_client.get(FAILED, {"page": "x"}))) == 50


@pytest.mark.django_db
def test_manage_failed_emails_needs_a_session_that_passed_mfa(programme_lead, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    assert programme_lead.has_perm("mail.manage_failed_emails") is False
    settings.ELLW_STAFF_MFA_REQUIRED = False
    assert programme_lead.has_perm("mail.manage_failed_emails") is True


@pytest.mark.django_db
def test_failed_emails_page_says_when_none_failed(lead_client):
    response = lead_client.get(FAILED)
    assert b"No e-mails have failed." in response.content


@pytest.mark.django_db
def test_try_again_sends_the_failed_email(lead_client, django_capture_on_commit_callbacks):
    email = failed_email()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(reverse("staff:mail:retry", args=[email.pk]), follow=True)
    assert response.redirect_chain == [(FAILED, 302)]
    assert (
        "We are trying again to send “Test notice for Aisha” to someone@example.nhs.uk. "
        "If it fails again it comes back to this list."
    ) in response.content.decode()
    assert [m.body for m in mail.outbox] == [
        "Hello Aisha, a secret link: http://testserver/secret/"
    ]
    assert mail.outbox[0].extra_headers["Message-ID"] == email.message_id
    email.refresh_from_db()
    assert (email.status, email.attempts, email.body_text) == (OutboundEmailStatus.SENT, 6, "")


@pytest.mark.django_db
def test_try_again_that_fails_again_comes_back_to_the_list(
    lead_client, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.ellw.test_mail.BrokenSMTPBackend"
    email = failed_email(last_error="old error")
    with django_capture_on_commit_callbacks(execute=True):
        lead_client.post(reverse("staff:mail:retry", args=[email.pk]))
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (
        OutboundEmailStatus.FAILED,
        6,
        "mail server down",
    )
    assert listed(lead_client.get(FAILED)) == [email.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "message"),
    [
        (
            OutboundEmailStatus.SENT,
            "The e-mail to someone@example.nhs.uk has already been sent, so it was not sent again.",
        ),
        (
            OutboundEmailStatus.PENDING,
            "The e-mail to someone@example.nhs.uk is already waiting to be sent, "
            "so nothing was changed.",
        ),
        (
            OutboundEmailStatus.SENDING,
            "The e-mail to someone@example.nhs.uk is already waiting to be sent, "
            "so nothing was changed.",
        ),
    ],
)
def test_try_again_refuses_an_email_that_has_not_failed(
    lead_client, django_capture_on_commit_callbacks, status, message
):
    email = failed_email(status=status)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = lead_client.post(reverse("staff:mail:retry", args=[email.pk]), follow=True)
    assert message in response.content.decode()
    assert callbacks == []
    email.refresh_from_db()
    assert (email.status, email.attempts) == (status, 5)
    assert mail.outbox == []


@pytest.mark.django_db
def test_try_again_unknown_email_is_404_and_get_is_405(lead_client):
    assert lead_client.post(reverse("staff:mail:retry", args=[999999])).status_code == 404
    email = failed_email()
    assert lead_client.get(reverse("staff:mail:retry", args=[email.pk])).status_code == 405


@pytest.mark.django_db
def test_failed_emails_refused_to_anyone_but_the_programme_lead(
    client, settings, sp_manager, link_worker
):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    email = failed_email()
    retry = reverse("staff:mail:retry", args=[email.pk])
    assert client.get(FAILED)["Location"].startswith(reverse("account_login"))
    assert client.post(retry)["Location"].startswith(reverse("account_login"))
    for user in (sp_manager, link_worker):
        client.force_login(user)
        assert (client.get(FAILED).status_code, client.post(retry).status_code) == (403, 403)
    email.refresh_from_db()
    assert email.status == OutboundEmailStatus.FAILED


@pytest.mark.django_db
def test_staff_dashboard_links_to_failed_emails_for_the_lead_only(
    client, settings, sp_manager, programme_lead
):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    link = f'href="{FAILED}"'.encode()
    client.force_login(sp_manager)
    assert link not in client.get(reverse("staff:dashboard")).content
    client.force_login(programme_lead)
    assert link in client.get(reverse("staff:dashboard")).content


# --- the data migration -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_erases_sent_bodies_and_encrypts_the_rest():
    executor = MigrationExecutor(connection)
    before = [("mail", "0001_initial")]
    after = executor.loader.graph.leaf_nodes("mail")
    executor.migrate(before)
    Old = executor.loader.project_state(before).apps.get_model("mail", "OutboundEmail")
    common = {"to": ["a@example.nhs.uk"], "subject": "S", "body_html": "<p>link</p>"}
    sent = Old.objects.create(status="sent", body_text="sent link", **common)
    pending = Old.objects.create(status="pending", body_text="pending link", **common)
    failed = Old.objects.create(status="failed", body_text="failed link", **common)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    rows = {row["id"]: row for row in OutboundEmail.objects.values()}
    assert (rows[sent.pk]["body_text"], rows[sent.pk]["body_html"]) == ("", "")
    for old, text in ((pending, "pending link"), (failed, "failed link")):
        row = rows[old.pk]
        assert (crypto.decrypt(row["body_text"]), crypto.decrypt(row["body_html"])) == (
            text,
            "<p>link</p>",
        )
        assert row["message_id"].startswith("<outbox-")
    assert outbound_email_send(email_id=pending.pk) is True
    assert mail.outbox[0].body == "pending link"
