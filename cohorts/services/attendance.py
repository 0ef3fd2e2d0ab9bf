"""Writes for the attendance register: a whole session's register saved in one go, every
change kept as an AttendanceChange (who, from what, to what, when)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.enums import AttendanceStatus
from cohorts.models import Attendance, AttendanceChange, Enrolment, Session
from ellw.accounts.models import User
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record


class AttendanceRuleError(ValidationError):
    """The register was refused; the message says why. Nothing was changed."""


NOT_EXPECTED = (
    "{names} {verb} not expected at this session: not a participant of {cohort}, withdrawn, "
    "or in another action learning set. Nothing has been saved."
)


@dataclass(frozen=True)
class RegisterEntry:
    """One participant's line of the register. `excused` None: keep what was recorded (the
    only choice for someone who may not excuse apologies)."""

    status: str
    excused: bool | None = None


@transaction.atomic
def session_register_save(
    *,
    session: Session,
    entries: Mapping[int, RegisterEntry],
    actor: User,
    may_excuse: bool,
) -> int:
    """Record the register for `session` from `entries` (enrolment pk → entry) in one
    transaction. Refuses everything if anyone named is not expected at the session, a status
    is unknown, or apologies are excused by someone who may not (or something other than
    apologies is excused). Returns how many lines changed."""
    # Lock the session so two registers saved at once are applied one after the other.
    session = Session.objects.select_for_update().select_related("cohort").get(pk=session.pk)
    expected = Enrolment.objects.filter(cohort_id=session.cohort_id, withdrawn_at__isnull=True)
    if session.action_learning_set_id is not None:
        expected = expected.filter(action_learning_set_id=session.action_learning_set_id)
    expected_ids = set(expected.filter(pk__in=list(entries)).values_list("pk", flat=True))
    strangers = set(entries) - expected_ids
    if strangers:
        names = sorted(
            Enrolment.objects.filter(pk__in=strangers).values_list(
                "participant__full_name", flat=True
            )
        )
        shown = ", ".join(names) or f"{len(strangers)} people"
        raise AttendanceRuleError(
            NOT_EXPECTED.format(
                names=shown, verb="is" if len(strangers) == 1 else "are", cohort=session.cohort
            )
        )
    for entry in entries.values():
        if entry.status not in AttendanceStatus.values:
            raise AttendanceRuleError("Choose present, late, absent or sent apologies.")
        if entry.excused is not None and not may_excuse:
            raise AttendanceRuleError(
                "Only the programme lead can excuse apologies. Nothing has been saved."
            )
        if entry.excused and entry.status != AttendanceStatus.APOLOGIES:
            raise AttendanceRuleError("Only sent apologies can be excused.")

    now = timezone.now()
    recorded = {a.enrolment_id: a for a in Attendance.objects.filter(session=session)}
    new_rows: list[Attendance] = []
    updates: dict[tuple[str, bool], list[Attendance]] = {}
    changes: list[AttendanceChange] = []
    changed_enrolments: list[int] = []
    for enrolment_id, entry in entries.items():
        row = recorded.get(enrolment_id)
        before_status = row.status if row else ""
        before_excused = row.apologies_excused if row else False
        if entry.excused is None:
            excused = before_excused and entry.status == AttendanceStatus.APOLOGIES
        else:
            excused = entry.excused
        if row is not None and (before_status, before_excused) == (entry.status, excused):
            continue
        if row is None:
            row = Attendance(session=session, enrolment_id=enrolment_id)
            new_rows.append(row)
        else:
            updates.setdefault((entry.status, excused), []).append(row)
        row.status, row.apologies_excused = entry.status, excused
        changed_enrolments.append(enrolment_id)
        row.recorded_by, row.recorded_at = actor, now
        changes.append(
            AttendanceChange(
                attendance=row,
                from_status=before_status,
                to_status=entry.status,
                from_excused=before_excused,
                to_excused=excused,
                changed_by=actor,
                changed_at=now,
            )
        )
    Attendance.objects.bulk_create(new_rows)
    # One UPDATE per (status, excused) pair: at most five, whatever the register's size.
    for (status, excused), rows in updates.items():
        Attendance.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=status, apologies_excused=excused, recorded_by=actor, recorded_at=now
        )
    for change in changes:
        change.attendance_id = change.attendance.pk
    AttendanceChange.objects.bulk_create(changes)
    if changes:
        audit_record(
            event=AuditEvent.REGISTER_SAVED,
            target=session,
            actor=actor,
            details={"changed": len(changes), "enrolments": sorted(changed_enrolments)},
        )
    return len(changes)
