"""Certificates: issuing them to a cohort's graduates, printing the cohort's batch,
revoking and reissuing. Each certificate's PDF, and the cohort's print-ready batch, is a
generated document (ellw.documents) rendered by Celery after the transaction commits.

What a certificate states is a snapshot taken at issue (the name as it should appear, the
programme, cohort, dates, modules attended with their CPD hours and total, the signatory),
so rendering it again, years later, says the same thing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cohorts.codes import certificate_code_new
from cohorts.enums import ATTENDED, SessionKind
from cohorts.models import (
    CERTIFICATE_NAME_MAX_CHARS,
    REASON_MAX_CHARS,
    Attendance,
    Certificate,
    Cohort,
    Enrolment,
)
from cohorts.selectors.certificates import (
    certificate_verification_page,
    certificate_verification_url,
    cohort_current_certificates,
)
from cohorts.services.reasons import reason_checked
from ellw.accounts.models import User
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record, audit_record_each
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.models import GeneratedDocument
from ellw.documents.selectors import documents_of
from ellw.documents.services import document_request
from ellw.text import max_chars_message
from modules.models import Module


class CertificateRuleError(Exception):
    """The certificate action asked for breaks a rule; the message says which."""


def _hours(value: Decimal) -> str:
    """6.0 → "6", 1.5 → "1.5"."""
    return f"{value.normalize():f}"


def _check_reason(reason: str) -> str:
    return reason_checked(reason, error=CertificateRuleError, missing="Give the reason")


def _modules_attended(enrolment_ids: list[int]) -> dict[int, set[int]]:
    """Module ids each enrolment attended at least one session of (late counts)."""
    rows = (
        Attendance.objects.filter(
            enrolment_id__in=enrolment_ids,
            status__in=list(ATTENDED),
            session__kind=SessionKind.MODULE,
            session__module__isnull=False,
        )
        .values_list("enrolment_id", "session__module_id")
        .distinct()
    )
    attended: dict[int, set[int]] = defaultdict(set)
    for enrolment_id, module_id in rows:
        attended[enrolment_id].add(module_id)
    return attended


def _snapshot(
    enrolment: Enrolment, *, name: str, modules: list[Module], attended: set[int]
) -> dict[str, Any]:
    cohort = enrolment.cohort
    completed = [m for m in modules if m.pk in attended]
    return {
        "name": name,
        "programme": settings.ELLW_PROGRAMME_NAME,
        "issuer": settings.ELLW_CERTIFICATE_ISSUER,
        "cohort": cohort.name,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "graduated_on": enrolment.graduated_on.isoformat(),
        "modules": [{"name": m.name, "cpd_hours": _hours(m.default_cpd_hours)} for m in completed],
        "total_cpd_hours": _hours(sum((m.default_cpd_hours for m in completed), Decimal(0))),
        "signatory_name": cohort.signatory_name,
        "signatory_title": cohort.signatory_title,
    }


def _check_signatory(cohort: Cohort) -> None:
    if not cohort.has_signatory:
        raise CertificateRuleError(
            f"Set who signs {cohort.name}'s certificates (name and title) on the cohort's "
            "details first"
        )


def _certificate_create(
    enrolment: Enrolment, *, snapshot: dict, actor: User | None, issued_on: datetime.date
) -> Certificate:
    """A new current certificate and its queued PDF. A clash on the code (55 random bits:
    practically never) draws a new one."""
    for _ in range(5):
        try:
            code = certificate_code_new()
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    enrolment=enrolment,
                    code=code,
                    issued_on=issued_on,
                    snapshot={
                        **snapshot,
                        # Part of what the certificate says, pinned as issued.
                        "verification_url": certificate_verification_url(code),
                        "verification_page": certificate_verification_page(),
                    },
                    issued_by=actor,
                )
        except IntegrityError as error:
            if "code" not in str(error).lower():
                raise
            continue
        break
    else:  # pragma: no cover
        raise CertificateRuleError("Could not draw a unique certificate code; try again")
    certificate.document = document_request(
        kind=DocumentKind.CERTIFICATE,
        owner=certificate,
        title=f"Certificate {certificate.display_code} – {snapshot['name']}",
        requested_by=actor,
    )
    certificate.save(update_fields=["document"])
    audit_record(event=AuditEvent.CERTIFICATE_ISSUED, target=certificate, actor=actor)
    return certificate


@transaction.atomic
def cohort_certificates_issue(
    *, cohort: Cohort, actor: User | None, issued_on: datetime.date | None = None
) -> int:
    """Issue a certificate to every graduate of the cohort who has never had one. Returns
    how many were issued. The graduates are locked while it runs, so two clicks at once (or
    a retried task) issue each certificate once; the database's one-current-certificate
    rule holds even so."""
    _check_signatory(cohort)
    issued_on = issued_on or timezone.localdate()
    has_certificate = Certificate.objects.filter(enrolment=OuterRef("pk"))
    due = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("cohort", "participant")
        .filter(cohort=cohort, graduated_on__isnull=False, withdrawn_at__isnull=True)
        .filter(~Exists(has_certificate))
        .order_by("pk")
    )
    if not due:
        return 0
    modules = list(Module.objects.order_by("position"))
    attended = _modules_attended([e.pk for e in due])
    for enrolment in due:
        snapshot = _snapshot(
            enrolment,
            name=enrolment.participant.get_full_name(),
            modules=modules,
            attended=attended[enrolment.pk],
        )
        _certificate_create(enrolment, snapshot=snapshot, actor=actor, issued_on=issued_on)
    return len(due)


@transaction.atomic
def enrolment_certificate_issue(
    *, enrolment: Enrolment, actor: User | None, issued_on: datetime.date | None = None
) -> Certificate:
    """The enrolment's current certificate, issuing it if it never had one (idempotent: a
    second call returns the same certificate and code)."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("cohort", "participant")
        .get(pk=enrolment.pk)
    )
    current = enrolment.certificates.current().first()
    if current is not None:
        return current
    if enrolment.graduated_on is None or enrolment.withdrawn_at is not None:
        raise CertificateRuleError("Only graduates receive a certificate")
    if enrolment.certificates.exists():
        # As in issuing to the cohort: a revoked certificate stays the lead's decision.
        raise CertificateRuleError(
            "This participant's certificate was revoked: reissue it to give them a new one"
        )
    _check_signatory(enrolment.cohort)
    snapshot = _snapshot(
        enrolment,
        name=enrolment.participant.get_full_name(),
        modules=list(Module.objects.order_by("position")),
        attended=_modules_attended([enrolment.pk])[enrolment.pk],
    )
    return _certificate_create(
        enrolment, snapshot=snapshot, actor=actor, issued_on=issued_on or timezone.localdate()
    )


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: User | None, reason: str) -> None:
    """Revoke a current certificate: the verification page says so from now on."""
    reason = _check_reason(reason)
    updated = (
        Certificate.objects.current()
        .filter(pk=certificate.pk)
        .update(revoked_at=timezone.now(), revoked_by=actor, revocation_reason=reason)
    )
    if not updated:
        raise CertificateRuleError("This certificate is already revoked or replaced")
    audit_record(event=AuditEvent.CERTIFICATE_REVOKED, target=certificate, actor=actor)


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, actor: User | None, name: str, reason: str
) -> Certificate:
    """Issue a new certificate (new code) in place of this one, with the name as it should
    appear; the old one is shown as replaced. A revoked certificate can be reissued too
    (revoked in error); it stays revoked."""
    reason = _check_reason(reason)
    name = " ".join((name or "").split())
    if not name:
        raise CertificateRuleError("Enter the name as it should appear on the certificate")
    if len(name) > CERTIFICATE_NAME_MAX_CHARS:
        raise CertificateRuleError(
            max_chars_message("The name", CERTIFICATE_NAME_MAX_CHARS, len(name))
        )
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.replaced_at is not None:
        raise CertificateRuleError("This certificate has already been replaced")
    enrolment = Enrolment.objects.select_related("cohort", "participant").get(pk=old.enrolment_id)
    if enrolment.graduated_on is None or enrolment.withdrawn_at is not None:
        raise CertificateRuleError("Only graduates receive a certificate")
    if old.revoked_at is not None and enrolment.certificates.current().exists():
        raise CertificateRuleError("This participant already has a current certificate")
    _check_signatory(enrolment.cohort)
    now = timezone.now()
    if old.revoked_at is None:
        # Out of the "current" rule before the new one enters it.
        Certificate.objects.filter(pk=old.pk).update(replaced_at=now, replacement_reason=reason)
    snapshot = _snapshot(
        enrolment,
        name=name,
        modules=list(Module.objects.order_by("position")),
        attended=_modules_attended([enrolment.pk])[enrolment.pk],
    )
    new = _certificate_create(
        enrolment, snapshot=snapshot, actor=actor, issued_on=timezone.localdate()
    )
    Certificate.objects.filter(pk=old.pk).update(
        replaced_at=now, replaced_by=new, replacement_reason=reason
    )
    audit_record(
        event=AuditEvent.CERTIFICATE_REISSUED,
        target=old,
        actor=actor,
        details={"new_certificate": new.pk, "name_changed": name != old.snapshot.get("name")},
    )
    return new


def enrolment_certificates_revoke_for_undone_graduation(
    *, enrolment: Enrolment, actor: User | None, reason: str
) -> int:
    """When a graduation is undone, its current certificate stops being valid."""
    current = list(Certificate.objects.current().filter(enrolment=enrolment))
    Certificate.objects.filter(pk__in=[c.pk for c in current]).update(
        revoked_at=timezone.now(),
        revoked_by=actor,
        revocation_reason=f"Graduation undone: {reason}"[:REASON_MAX_CHARS],
    )
    audit_record_each(
        event=AuditEvent.CERTIFICATE_REVOKED,
        targets=current,
        actor=actor,
        details={"graduation_undone": True},
    )
    return len(current)


@transaction.atomic
def cohort_certificates_print(*, cohort: Cohort, actor: User | None) -> GeneratedDocument:
    """The cohort's current certificates as one print-ready PDF. While one is being made,
    asking again returns it rather than starting another."""
    Cohort.objects.select_for_update().get(pk=cohort.pk)
    in_progress = (
        documents_of(owner=cohort, kind=DocumentKind.CERTIFICATE_BATCH)
        .filter(status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING])
        .first()
    )
    if in_progress is not None:
        return in_progress
    count = cohort_current_certificates(cohort).count()
    if not count:
        raise CertificateRuleError(f"{cohort.name} has no certificates to print yet")
    return document_request(
        kind=DocumentKind.CERTIFICATE_BATCH,
        owner=cohort,
        title=f"Certificates – {cohort.name} – {timezone.localdate():%-d %B %Y}",
        requested_by=actor,
        pages_total=count,
    )
