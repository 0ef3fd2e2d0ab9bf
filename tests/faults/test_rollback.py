"""A failure at the last write of graduation and of a register save rolls everything back
together: the domain rows, the audit trail and the outbox. The failure is injected at the
database (the last INSERT/UPDATE/DELETE the service sends raises, as a full disk or a
dropped connection would), found by running the service once in a transaction rolled
back, so the test keeps aiming at the last write whatever the service comes to write."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.models import Attendance, AttendanceChange, Enrolment, EnrolmentEvent
from cohorts.services.attendance import RegisterEntry, session_register_save
from cohorts.services.graduation import cohort_graduate_completed
from ellw.audit.models import AuditEntry
from ellw.mail.models import OutboundEmail
from modules.models import Module
from tests.factories import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT
WRITES = ("INSERT", "UPDATE", "DELETE")


class _RolledBack(Exception):
    pass


def _is_write(sql: str) -> bool:
    return sql.lstrip().split(None, 1)[0].upper() in WRITES


def writes_made_by(call: Callable[[], object]) -> list[str]:
    """The write statements `call` sends, from a run whose transaction is rolled back."""
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        if _is_write(sql):
            statements.append(sql)
        return execute(sql, params, many, context)

    with pytest.raises(_RolledBack), transaction.atomic():
        with connection.execute_wrapper(record):
            call()
        raise _RolledBack
    return statements


def failing_at_write(number: int):
    """A database that refuses the `number`th write statement."""
    seen = [0]

    def refuse(execute, sql, params, many, context):
        if _is_write(sql):
            seen[0] += 1
            if seen[0] == number:
                raise OperationalError("could not extend file: No space left on device")
        return execute(sql, params, many, context)

    return connection.execute_wrapper(refuse)


def everything() -> dict[str, object]:
    """What either service could change, and the audit trail and outbox beside them."""
    return {
        "enrolments": sorted(
            Enrolment.objects.values_list("pk", "graduated_on", "graduation_override_reason")
        ),
        "events": EnrolmentEvent.objects.count(),
        "attendance": sorted(
            Attendance.objects.values_list("pk", "status", "apologies_excused", "recorded_by")
        ),
        "attendance_changes": AttendanceChange.objects.count(),
        "audit": sorted(AuditEntry.objects.values_list("pk", flat=True)),
        "outbox": OutboundEmail.objects.count(),
    }


@pytest.fixture
def cohort():
    return CohortFactory(
        applications_open_on=datetime.date(2021, 11, 1),
        applications_close_on=datetime.date(2021, 11, 30),
        starts_on=datetime.date(2022, 1, 10),
        ends_on=datetime.date(2022, 3, 31),
    )


@pytest.fixture
def sessions(cohort):
    return [
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.MODULE,
            module=module,
            starts_at=timezone.make_aware(
                datetime.datetime(2022, 1, 12, 10) + datetime.timedelta(weeks=i)
            ),
        )
        for i, module in enumerate(list(Module.objects.order_by("position"))[:5])
    ]


def participant(cohort, sessions, marks) -> Enrolment:
    enrolment = EnrolmentFactory(cohort=cohort)
    Attendance.objects.bulk_create(
        Attendance(session=s, enrolment=enrolment, status=m, recorded_at=s.ends_at)
        for s, m in zip(sessions, marks, strict=True)
    )
    return enrolment


def test_a_failure_at_the_last_write_of_graduation_rolls_it_all_back(
    cohort, sessions, programme_lead
):
    for _ in range(3):
        participant(cohort, sessions, [P, P, P, P, A])

    def graduate():
        return cohort_graduate_completed(
            cohort=cohort, actor=programme_lead, graduated_on=datetime.date(2022, 3, 29)
        )

    writes = writes_made_by(graduate)
    assert len(writes) >= 3  # the enrolments, their history, the audit trail
    assert "audit" in writes[-1]  # the audit trail is written last
    before = everything()
    with pytest.raises(OperationalError), failing_at_write(len(writes)):
        graduate()
    assert everything() == before
    assert not Enrolment.objects.filter(graduated_on__isnull=False).exists()
    # Nothing was left half-done: the same call, with the database well, does it all.
    assert graduate() == 3
    assert everything()["events"] == before["events"] + 3
    assert len(everything()["audit"]) > len(before["audit"])


def test_a_failure_at_the_last_write_of_a_register_save_rolls_it_all_back(
    cohort, sessions, sp_manager
):
    people = [participant(cohort, sessions[:4], [P, P, P, P]) for _ in range(2)]
    newcomer = EnrolmentFactory(cohort=cohort)  # no line in the register yet
    session = sessions[3]
    entries = {
        people[0].pk: RegisterEntry(status=A),  # changed
        people[1].pk: RegisterEntry(status=P),  # unchanged
        newcomer.pk: RegisterEntry(status=AttendanceStatus.LATE),  # new
    }

    def save():
        return session_register_save(
            session=session, entries=entries, actor=sp_manager, may_excuse=False
        )

    writes = writes_made_by(save)
    assert len(writes) >= 4  # new line, changed line, their changes, the audit trail
    before = everything()
    with pytest.raises(OperationalError), failing_at_write(len(writes)):
        save()
    assert everything() == before
    assert save() == 2
    assert everything()["attendance_changes"] == before["attendance_changes"] + 2
