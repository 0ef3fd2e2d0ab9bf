"""Graduation: the lead graduates everyone who completed in one step, graduates someone who
falls short only with a recorded reason (an override), and can undo a graduation with a
reason. Each is kept in the enrolment's history; withdrawn participants never graduate."""

from __future__ import annotations

import datetime

from django.db import transaction

from cohorts.enums import EnrolmentEventKind
from cohorts.models import Cohort, Enrolment, EnrolmentEvent
from cohorts.selectors.completion import cohort_completion, enrolment_completion
from cohorts.services.certificates import enrolment_certificates_revoke_for_undone_graduation
from cohorts.services.reasons import reason_checked
from ellw.accounts.models import User
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record, audit_record_each


class GraduationRuleError(Exception):
    """The graduation asked for breaks a rule; the message says which, for the lead."""


def _label(actor: User | None) -> str:
    return actor.get_full_name() if actor else "System"


def _check_reason(reason: str) -> str:
    return reason_checked(
        reason, error=GraduationRuleError, missing="Give the reason for your decision"
    )


def _event(enrolment: Enrolment, *, kind: str, actor: User | None, description: str, note=""):
    return EnrolmentEvent(
        enrolment=enrolment,
        kind=kind,
        actor=actor,
        actor_label=_label(actor),
        description=description,
        note=note,
    )


@transaction.atomic
def cohort_graduate_completed(
    *, cohort: Cohort, actor: User | None, graduated_on: datetime.date
) -> int:
    """Graduate, on `graduated_on`, every participant of the cohort who completed and has
    not graduated yet. Returns how many graduated. Each enrolment is claimed with a
    conditional UPDATE, so two confirmations at once graduate each person once."""
    due = [c.enrolment for c in cohort_completion(cohort) if c.may_graduate_in_bulk]
    claimed = set(
        Enrolment.objects.select_for_update()
        .filter(pk__in=[e.pk for e in due], graduated_on__isnull=True, withdrawn_at__isnull=True)
        .values_list("pk", flat=True)
    )
    Enrolment.objects.filter(pk__in=claimed).update(
        graduated_on=graduated_on, graduation_override_reason=""
    )
    EnrolmentEvent.objects.bulk_create(
        _event(
            enrolment,
            kind=EnrolmentEventKind.GRADUATED,
            actor=actor,
            description=f"Graduated on {graduated_on:%-d %B %Y}",
        )
        for enrolment in due
        if enrolment.pk in claimed
    )
    audit_record_each(
        event=AuditEvent.GRADUATED,
        targets=[enrolment for enrolment in due if enrolment.pk in claimed],
        actor=actor,
        details={"graduated_on": graduated_on.isoformat()},
    )
    return len(claimed)


@transaction.atomic
def enrolment_graduate_override(
    *, enrolment: Enrolment, actor: User | None, reason: str, graduated_on: datetime.date
) -> None:
    """Graduate a participant who falls short of the completion rule, by the lead's
    decision: the reason is required and kept, on the enrolment and in its history."""
    reason = _check_reason(reason)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.withdrawn_at is not None:
        raise GraduationRuleError("A participant who withdrew cannot graduate")
    if enrolment.graduated_on is not None:
        raise GraduationRuleError("This participant has already graduated")
    if enrolment_completion(enrolment).completed:
        raise GraduationRuleError(
            "This participant completed: graduate them with everyone who completed"
        )
    enrolment.graduated_on = graduated_on
    enrolment.graduation_override_reason = reason
    enrolment.save(update_fields=["graduated_on", "graduation_override_reason"])
    _event(
        enrolment,
        kind=EnrolmentEventKind.GRADUATED_OVERRIDE,
        actor=actor,
        description=f"Graduated on {graduated_on:%-d %B %Y} by the lead's decision",
        note=reason,
    ).save()
    audit_record(
        event=AuditEvent.GRADUATED,
        target=enrolment,
        actor=actor,
        details={"graduated_on": graduated_on.isoformat(), "override": True},
    )


@transaction.atomic
def enrolment_graduation_undo(*, enrolment: Enrolment, actor: User | None, reason: str) -> None:
    """Undo a graduation (recorded in error, say), with the reason in the history."""
    reason = _check_reason(reason)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.graduated_on is None:
        raise GraduationRuleError("This participant has not graduated")
    was = enrolment.graduated_on
    enrolment.graduated_on = None
    enrolment.graduation_override_reason = ""
    enrolment.save(update_fields=["graduated_on", "graduation_override_reason"])
    # A certificate of an undone graduation is no longer valid.
    enrolment_certificates_revoke_for_undone_graduation(
        enrolment=enrolment, actor=actor, reason=reason
    )
    _event(
        enrolment,
        kind=EnrolmentEventKind.GRADUATION_UNDONE,
        actor=actor,
        description=f"Graduation on {was:%-d %B %Y} undone",
        note=reason,
    ).save()
    audit_record(
        event=AuditEvent.GRADUATION_UNDONE,
        target=enrolment,
        actor=actor,
        details={"was_graduated_on": was.isoformat()},
    )
