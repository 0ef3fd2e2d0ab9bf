"""What cohorts holds about a participant: their places (enrolments) and their history,
attendance at each session, and their certificates. Calendar-feed secrets are never shown."""

from __future__ import annotations

from django.utils import timezone

from cohorts.models import Attendance, Certificate, Enrolment, EnrolmentEvent
from ellw.accounts.models import User
from ellw.privacy.selectors import Section


def cohorts_personal_data(*, user: User | None, emails: list[str]) -> list[Section]:
    if user is None:
        return []
    enrolments = Enrolment.objects.filter(participant=user).select_related(
        "cohort", "action_learning_set"
    )
    ids = [e.pk for e in enrolments]
    attendance = Attendance.objects.filter(enrolment_id__in=ids).select_related(
        "session__module", "session__action_learning_set", "enrolment__cohort"
    )
    return [
        Section(
            "enrolments",
            "Your places on cohorts",
            [
                {
                    "id": e.pk,
                    "cohort": e.cohort.name,
                    "enrolled_at": e.enrolled_at,
                    "action_learning_set": e.action_learning_set.name
                    if e.action_learning_set
                    else "",
                    "withdrawn_at": e.withdrawn_at,
                    "withdrawal_reason": e.withdrawal_reason,
                    "graduated_on": e.graduated_on,
                    "graduation_override_reason": e.graduation_override_reason,
                }
                for e in enrolments
            ],
        ),
        Section(
            "enrolment_history",
            "What happened to your places",
            [
                {
                    "enrolment": e.enrolment_id,
                    "at": e.created_at,
                    "by": e.actor_label,
                    "what": e.description,
                    "note": e.note,
                }
                for e in EnrolmentEvent.objects.filter(enrolment_id__in=ids)
            ],
        ),
        Section(
            "attendance",
            "Your attendance",
            [
                {
                    "cohort": a.enrolment.cohort.name,
                    "session": a.session.display_title,
                    "starts_at": timezone.localtime(a.session.starts_at),
                    "status": a.get_status_display(),
                    "apologies_excused": a.apologies_excused,
                    "recorded_at": a.recorded_at,
                }
                for a in attendance
            ],
        ),
        Section(
            "certificates",
            "Your certificates",
            [
                {
                    "code": c.display_code,
                    "issued_on": c.issued_on,
                    "name": c.snapshot.get("name", ""),
                    "cohort": c.snapshot.get("cohort", ""),
                    "total_cpd_hours": c.snapshot.get("total_cpd_hours", ""),
                    "standing": c.standing,
                    "revocation_reason": c.revocation_reason,
                }
                for c in Certificate.objects.filter(enrolment_id__in=ids)
            ],
        ),
    ]


def cohorts_erasure_problems(*, user: User | None, emails: list[str]) -> list[str]:
    """A participant still taking part (a place in a cohort that has not ended, neither
    withdrawn nor graduated) cannot be erased until they leave it."""
    if user is None:
        return []
    taking_part = Enrolment.objects.filter(
        participant=user,
        withdrawn_at__isnull=True,
        graduated_on__isnull=True,
        cohort__ends_on__gte=timezone.localdate(),
    ).select_related("cohort")
    return [
        f"They are still taking part in {e.cohort.name}, which ends on "
        f"{e.cohort.ends_on:%-d %B %Y}: withdraw them from it first."
        for e in taking_part
    ]
