"""Retention: what each kind holds past its period goes (exactly at the period, not one day
short), the dry run and the staff page show the same counts and change nothing, each purge
is audited, two runs at once purge once, and the audit trail's own purge passes its trigger."""

from __future__ import annotations

import datetime
import re
import threading
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, EndorsementRequest
from cohorts.services.certificates import certificate_reissue, enrolment_certificate_issue
from ellw.accounts.roles import PROGRAMME_LEADS
from ellw.audit.enums import AuditEvent
from ellw.audit.models import AuditEntry
from ellw.audit.services import audit_entries_purge
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.links import link_keys_new
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.retention.models import RetentionRun
from ellw.retention.selectors import retention_due
from ellw.retention.services import retention_run
from evaluation import models as evaluation_models
from evaluation.models import AlumniUpdate
from tests.factories import ApplicationFactory, EnrolmentFactory, StaffFactory
from tests.mfa import log_in_with_mfa

DAY = datetime.timedelta(days=1)
# With the defaults: links 90 days, e-mails 365, sessions 0, documents 90, audit 2192.
EXPECTED = {
    "endorsement_links": 2,
    "testimonial_links": 1,
    "alumni_links": 1,
    "emails": 1,
    "sessions": 1,
    "certificate_pdfs": 1,
    "certificate_print_runs": 1,
    "applications": 1,
    "audit": 1,
}

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger and the advisory locks are PostgreSQL's"
)


def _endorsement(application, now, **times) -> EndorsementRequest:
    keys = link_keys_new("applications.endorsement")
    return EndorsementRequest.objects.create(
        application=application,
        endorser_name="Dr Priya Shah",
        endorser_email="priya.shah@nhs.net",
        link_nonce=keys.nonce,
        token_hash=keys.token_hash,
        created_at=now - 200 * DAY,
        **({"expires_at": now + DAY} | times),
    )


def _testimonial(now, **times) -> evaluation_models.Testimonial:
    keys = link_keys_new("evaluation.testimonial")
    return evaluation_models.Testimonial.objects.create(
        source="pcn",
        author_name="Dr Ade Ola",
        email="ade.ola@nhs.net",
        status="requested",
        created_at=now - 200 * DAY,
        link_nonce=keys.nonce,
        token_hash=keys.token_hash,
        **times,
    )


def _alumni(enrolment, months, now, **times) -> AlumniUpdate:
    keys = link_keys_new("evaluation.alumni")
    return AlumniUpdate.objects.create(
        enrolment=enrolment,
        months_after=months,
        requested_at=now - 200 * DAY,
        link_nonce=keys.nonce,
        token_hash=keys.token_hash,
        **({"link_expires_at": now + DAY} | times),
    )


def _email(sent_at, status=OutboundEmailStatus.SENT) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=["someone@nhs.net"], subject="Hello", status=status, sent_at=sent_at
    )


def _session(expire_date) -> str:
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).update(expire_date=expire_date)
    return store.session_key


def _ready(document: GeneratedDocument, name: str) -> GeneratedDocument:
    document.file.save(name, ContentFile(b"%PDF-1.7 " + name.encode()), save=False)
    document.status = DocumentStatus.READY
    document.sha256 = "a" * 64
    document.save()
    return document


def _print_run(cohort, requested_at) -> GeneratedDocument:
    document = GeneratedDocument.objects.create(
        kind=DocumentKind.CERTIFICATE_BATCH,
        owner_type=ContentType.objects.get_for_model(cohort),
        owner_id=cohort.pk,
        title="Certificates",
    )
    _ready(document, f"batch-{requested_at:%Y%m%d}.pdf")
    GeneratedDocument.objects.filter(pk=document.pk).update(requested_at=requested_at)
    return document


def _audit_entry(timestamp) -> AuditEntry:
    entry = AuditEntry(
        event=AuditEvent.APPLICATION_VIEWED,
        action=AuditEntry.Action.ACCESS,
        content_type=ContentType.objects.get_for_model(OutboundEmail),
        object_repr="Outbound email 1",
        timestamp=timestamp,
    )
    entry.save()
    return entry


@pytest.fixture
def lead(db):
    return StaffFactory(role=PROGRAMME_LEADS)


@pytest.fixture
def held(db, lead):
    """For each kind, one thing exactly at its period (or past it) and one a day short."""
    now = timezone.now()
    application = ApplicationFactory()
    other = ApplicationFactory()
    enrolment = EnrolmentFactory(
        graduated_on=datetime.date(2022, 3, 29),
        cohort__signatory_name="Gita Malhotra",
        cohort__signatory_title="Programme Lead",
    )
    old = enrolment_certificate_issue(enrolment=enrolment, actor=lead)
    _ready(old.document, "old.pdf")
    new = certificate_reissue(certificate=old, actor=lead, name="Aisha Khan", reason="Spelling")
    _ready(new.document, "new.pdf")
    from cohorts.models import Certificate

    Certificate.objects.filter(pk=old.pk).update(replaced_at=now - 90 * DAY)
    rejected_old = ApplicationFactory(status=ApplicationStatus.REJECTED)
    rejected_short = ApplicationFactory(status=ApplicationStatus.REJECTED)
    Application.objects.filter(pk=rejected_old.pk).update(updated_at=now - 366 * DAY)
    Application.objects.filter(pk=rejected_short.pk).update(updated_at=now - 364 * DAY)
    return {
        "now": now,
        "application_old": rejected_old,
        "application_short": rejected_short,
        "endorsement_expired": _endorsement(application, now, expires_at=now - 90 * DAY),
        "endorsement_decided": _endorsement(
            other, now, expires_at=now - 76 * DAY, decided_at=now - 90 * DAY, outcome="endorsed"
        ),
        "endorsement_short": _endorsement(
            ApplicationFactory(), now, expires_at=now - 89 * DAY, superseded_at=now - 89 * DAY
        ),
        "endorsement_live": _endorsement(ApplicationFactory(), now),
        "testimonial_used": _testimonial(
            now, link_expires_at=now - 60 * DAY, link_used_at=now - 90 * DAY
        ),
        "testimonial_short": _testimonial(now, link_expires_at=now - 89 * DAY),
        "alumni_answered": _alumni(enrolment, 6, now, submitted_at=now - 90 * DAY),
        "alumni_short": _alumni(enrolment, 12, now, link_expires_at=now - 89 * DAY),
        "email_old": _email(now - 365 * DAY),
        "email_short": _email(now - 364 * DAY),
        "email_failed": _email(None, status=OutboundEmailStatus.FAILED),
        "session_expired": _session(now - DAY),
        "session_live": _session(now + DAY),
        "certificate_old": old,
        "certificate_new": new,
        "print_runs": [
            _print_run(enrolment.cohort, now - 200 * DAY),
            _print_run(enrolment.cohort, now - 90 * DAY),
            _print_run(enrolment.cohort, now - 10 * DAY),
        ],
        "audit_old": _audit_entry(now - 2192 * DAY),
        "audit_short": _audit_entry(now - 2191 * DAY),
    }


def _snapshot() -> dict:
    """Everything a purge could change, to show that a dry run changes nothing."""
    return {
        "endorsements": sorted(EndorsementRequest.objects.values_list("pk", "link_nonce")),
        "testimonials": sorted(
            evaluation_models.Testimonial.objects.values_list("pk", "link_nonce")
        ),
        "alumni": sorted(AlumniUpdate.objects.values_list("pk", "link_nonce")),
        "emails": OutboundEmail.objects.count(),
        "sessions": Session.objects.count(),
        "documents": sorted(GeneratedDocument.objects.values_list("pk", "status", "file")),
        "audit": AuditEntry.objects.count(),
        "applications": sorted(Application.objects.values_list("pk", "anonymised_at")),
    }


def test_due_counts_each_kind_at_its_period_and_not_a_day_short(held):
    counts = {row.kind.key: row.count for row in retention_due(held["now"])}
    assert counts == EXPECTED


def test_dry_run_prints_counts_by_kind_and_changes_nothing(held):
    before = _snapshot()
    out = StringIO()
    call_command("retention", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "endorsement_links: 2 would be erased (Clinical directors' endorsement links, kept 90 days)"
    )
    printed = {line.split(":")[0]: int(line.split()[1]) for line in lines}
    assert printed == EXPECTED
    assert _snapshot() == before
    assert not RetentionRun.objects.exists()


def test_run_purges_exactly_what_is_past_its_period(held):
    out = StringIO()
    call_command("retention", stdout=out)
    assert "emails: 1 deleted" in out.getvalue().splitlines()

    def keys(row):
        row.refresh_from_db()
        return (row.link_nonce, row.token_hash)

    expired, decided = held["endorsement_expired"], held["endorsement_decided"]
    assert keys(expired) == ("", f"erased-{expired.pk}")
    assert keys(decided) == ("", f"erased-{decided.pk}")
    assert decided.outcome == "endorsed"  # the answer stays with the application
    assert keys(held["endorsement_short"])[0] != ""
    assert keys(held["endorsement_live"])[0] != ""
    assert keys(held["testimonial_used"]) == ("", "")
    assert keys(held["testimonial_short"])[0] != ""
    assert keys(held["alumni_answered"]) == ("", "")
    assert keys(held["alumni_short"])[0] != ""
    assert set(OutboundEmail.objects.values_list("pk", flat=True)) == {
        held["email_short"].pk,
        held["email_failed"].pk,
    }
    assert not Session.objects.filter(session_key=held["session_expired"]).exists()
    assert Session.objects.filter(session_key=held["session_live"]).exists()

    old = held["certificate_old"].document
    name = old.file.name
    old.refresh_from_db()
    assert (old.status, old.file.name, old.sha256) == (DocumentStatus.DELETED, "", "a" * 64)
    assert not old.file.storage.exists(name)
    held["certificate_new"].document.refresh_from_db()
    assert held["certificate_new"].document.status == DocumentStatus.READY
    statuses = [GeneratedDocument.objects.get(pk=d.pk).status for d in held["print_runs"]]
    assert statuses == [DocumentStatus.DELETED, DocumentStatus.READY, DocumentStatus.READY]
    anonymised = Application.objects.filter(anonymised_at__isnull=False)
    assert list(anonymised.values_list("pk", flat=True)) == [held["application_old"].pk]
    assert not AuditEntry.objects.filter(pk=held["audit_old"].pk).exists()
    assert AuditEntry.objects.filter(pk=held["audit_short"].pk).exists()

    purged = AuditEntry.objects.filter(event=AuditEvent.RETENTION_PURGED)
    assert {e.additional_data["kind"]: e.additional_data["count"] for e in purged} == EXPECTED
    assert purged.get(additional_data__kind="emails").content_type.model == "outboundemail"
    assert RetentionRun.objects.get().counts == EXPECTED


def test_second_run_purges_nothing_more(held):
    retention_run(now=held["now"])
    again = retention_run(now=held["now"])
    assert again.counts == dict.fromkeys(EXPECTED, 0)
    assert AuditEntry.objects.filter(event=AuditEvent.RETENTION_PURGED).count() == len(EXPECTED)


def test_periods_come_from_settings(held, settings):
    settings.ELLW_RETENTION_EMAIL_DAYS = 364
    counts = {row.kind.key: row.count for row in retention_due(held["now"])}
    assert counts["emails"] == 2


def _page_counts(html: str) -> dict[str, int]:
    rows = re.findall(r'data-kind="(\w+)">(.*?)</tr>', html, flags=re.S)
    return {
        key: int(re.findall(r"numeric\" role=\"cell\">(\d+)</td>", row)[0]) for key, row in rows
    }


def test_staff_page_shows_the_dry_run_counts_periods_and_last_run(client, held, lead):
    log_in_with_mfa(client, lead)
    dashboard = client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("staff:retention:overview") in dashboard
    response = client.get(reverse("staff:retention:overview"))
    html = response.content.decode()
    assert response.status_code == 200
    assert _page_counts(html) == EXPECTED
    assert "The purge has not run yet." in html
    assert "6 years (2,192 days)" in html
    assert "90 days" in html

    retention_run()
    html = client.get(reverse("staff:retention:overview")).content.decode()
    assert _page_counts(html) == dict.fromkeys(EXPECTED, 0)
    assert "The purge last ran on" in html


def test_staff_page_is_the_leads(client, db):
    manager = StaffFactory()
    log_in_with_mfa(client, manager)
    assert client.get(reverse("staff:retention:overview")).status_code == 403


def test_beat_runs_it_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["retention-purge"]
    assert entry["task"] == "retention.purge"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({3}, {15})


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_purge_once():
    now = timezone.now()
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(to=["x@nhs.net"], subject="s", status="sent", sent_at=now - 400 * DAY)
            for _ in range(2000)
        ]
    )
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(retention_run(now=now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.counts.get("emails", 0) for r in results) == 2000
    assert OutboundEmail.objects.count() == 0
    purged = AuditEntry.objects.filter(
        event=AuditEvent.RETENTION_PURGED, additional_data__kind="emails"
    )
    assert [e.additional_data["count"] for e in purged] == [2000]


@on_postgresql
def test_audit_trail_refuses_plain_delete_and_update_but_allows_its_purge(db):
    now = timezone.now()
    old = _audit_entry(now - 2193 * DAY)
    recent = _audit_entry(now - 10 * DAY)
    for sql in (
        "DELETE FROM audit_auditentry WHERE id = %s",
        "UPDATE audit_auditentry SET object_repr = 'x' WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [old.pk])
    assert audit_entries_purge(now) == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]
