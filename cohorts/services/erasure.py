"""Erasure in cohorts: a participant's places, attendance and graduation stay (the figures
count them); the reasons staff typed about them, their calendar feed and their name go. A
certificate stays verifiable by its code, as issued on its date to a graduate of its cohort,
without the name; its PDF (and any print-ready batch of its cohort, which names everyone
in it) is deleted, since a file cannot be anonymised. The lead can print the batch again."""

from __future__ import annotations

from django.utils import timezone

from cohorts.models import Certificate, Enrolment, EnrolmentEvent
from ellw.accounts.models import User
from ellw.documents.enums import DocumentKind
from ellw.documents.selectors import documents_of
from ellw.documents.services import documents_erase
from ellw.text import text_redact


def cohorts_personal_data_erase(*, user: User | None, emails: list[str]) -> dict[str, int]:
    if user is None:
        return {}
    words = {user.full_name, user.email, *emails}
    enrolments = list(Enrolment.objects.filter(participant=user).select_related("cohort"))
    ids = [e.pk for e in enrolments]
    Enrolment.objects.filter(pk__in=ids).update(
        withdrawal_reason="",
        graduation_override_reason="",
        calendar_feed_nonce="",
        calendar_feed_token_hash="",
    )
    events = 0
    for event in EnrolmentEvent.objects.filter(enrolment_id__in=ids):
        event.description = text_redact(event.description, words)
        event.actor_label = text_redact(event.actor_label, words)
        event.note = ""
        event.save(update_fields=["description", "actor_label", "note"])
        events += 1
    today = timezone.localdate().isoformat()
    certificates = list(Certificate.objects.filter(enrolment_id__in=ids).select_related("document"))
    for certificate in certificates:
        words.add(certificate.snapshot.get("name", ""))
        certificate.snapshot = {**certificate.snapshot, "name": "", "holder_erased_on": today}
        certificate.revocation_reason = text_redact(certificate.revocation_reason, words)
        certificate.replacement_reason = text_redact(certificate.replacement_reason, words)
        certificate.save(update_fields=["snapshot", "revocation_reason", "replacement_reason"])
    documents_erase(
        [c.document for c in certificates if c.document_id],
        title="Certificate {document.certificate.display_code}",
    )
    batches = []
    for cohort in {e.cohort for e in enrolments if e.certificates.exists()}:
        batches += list(documents_of(owner=cohort, kind=DocumentKind.CERTIFICATE_BATCH))
    documents_erase(batches)
    return {
        "enrolments_anonymised": len(ids),
        "enrolment_events_anonymised": events,
        "certificates_anonymised": len(certificates),
        "certificate_batches_deleted": len(batches),
    }
