"""The completion rule: for every enrolment of a cohort, completed or not, and why, worked
out by the database in two queries whatever the number of participants and sessions.

The rule, as the programme runs it:
- Only sessions that have been held count: a session is held once it has started
  (`starts_at` at or before now). Until then nobody could have attended it; once the
  cohort has ended every session of its timetable has started, so it then counts them all.
- Module sessions: the share of held module sessions attended. Late counts as attended.
  Absent, sent apologies and a missing register line count as not attended. Apologies the
  lead excused take the session out of that participant's count altogether.
- Set meetings: the same over the held meetings of the participant's own (current) set.
- Completed when both shares reach the cohort's thresholds (whole-number arithmetic, so
  4 of 5 is exactly 80%).
- No module sessions counted yet (none held, or all excused): not completed, as the modules
  are the programme. No set meetings counted (no set, or no meetings of theirs held or all
  excused): the set requirement is met, because there was nothing of theirs to miss; the
  reason says so, so the lead sees it rather than a silent pass.
- Withdrawn enrolments are listed as withdrawn and never completed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from cohorts.enums import ATTENDED, AttendanceStatus, SessionKind
from cohorts.models import Cohort, Enrolment, Session
from ellw.text import count_of


@dataclass(frozen=True)
class Share:
    """Sessions attended out of those that count, against a threshold (a percentage)."""

    attended: int
    counted: int
    threshold: int

    @property
    def met(self) -> bool:
        return self.attended * 100 >= self.threshold * self.counted

    @property
    def percent_text(self) -> str:
        """Rounded to a whole percentage, unless rounding would make a share that falls
        short read as reaching the threshold (79.6% is not "80%, needs 80%")."""
        exact = self.attended * 100 / self.counted
        rounded = int(exact + 0.5)
        if not self.met and rounded >= self.threshold:
            return f"{int(exact * 10) / 10:g}%"
        return f"{rounded}%"


@dataclass
class EnrolmentCompletion:
    enrolment: Enrolment
    modules: Share
    set_meetings: Share
    withdrawn: bool
    completed: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def graduated(self) -> bool:
        return self.enrolment.graduated_on is not None

    @property
    def by_override(self) -> bool:
        return self.graduated and bool(self.enrolment.graduation_override_reason)

    @property
    def may_graduate_in_bulk(self) -> bool:
        """Graduated with everyone who completed, in the lead's one step."""
        return self.completed and not self.graduated

    @property
    def may_be_overridden(self) -> bool:
        """Falls short, so graduates only by the lead's recorded decision."""
        return not self.completed and not self.withdrawn and not self.graduated

    @property
    def status_text(self) -> str:
        if self.withdrawn:
            return "Withdrawn"
        if self.graduated:
            when = f"{self.enrolment.graduated_on:%-d %B %Y}"
            if self.by_override:
                return f"Graduated on {when} by the lead's decision"
            return f"Graduated on {when}"
        return "Completed, not yet graduated" if self.completed else "Not completed"


def _module_reason(share: Share, excused: int) -> str:
    if share.counted == 0:
        return "No module sessions held yet" + (
            f" that count ({count_of(excused, 'excused apology', 'excused apologies')})"
            if excused
            else ""
        )
    text = (
        f"Attended {share.attended} of {count_of(share.counted, 'module session')} "
        f"({share.percent_text}, needs {share.threshold}%)"
    )
    if excused:
        text += f"; {count_of(excused, 'excused apology', 'excused apologies')} not counted"
    return text


def _set_reason(share: Share, excused: int, *, has_set: bool) -> str:
    if not has_set:
        return "Not in an action learning set, so set meetings do not count"
    if share.counted == 0:
        return (
            "No set meetings held for their set yet"
            + (
                f" that count ({count_of(excused, 'excused apology', 'excused apologies')})"
                if excused
                else ""
            )
            + ", so set meetings do not count"
        )
    text = (
        f"Attended {share.attended} of {count_of(share.counted, 'set meeting')} "
        f"({share.percent_text}, needs {share.threshold}%)"
    )
    if excused:
        text += f"; {count_of(excused, 'excused apology', 'excused apologies')} not counted"
    return text


def cohort_completion(
    cohort: Cohort,
    *,
    now: datetime.datetime | None = None,
    enrolment_pk: int | None = None,
) -> list[EnrolmentCompletion]:
    """Completion for every enrolment of the cohort (or only `enrolment_pk`), in the order of
    participants' names, withdrawn ones included and marked. Two queries."""
    now = now or timezone.now()
    held = Q(attendances__session__starts_at__lte=now)
    attended = Q(attendances__status__in=list(ATTENDED))
    excused = Q(attendances__status=AttendanceStatus.APOLOGIES, attendances__apologies_excused=True)
    module = held & Q(attendances__session__kind=SessionKind.MODULE)
    own_meeting = (
        held
        & Q(attendances__session__kind=SessionKind.SET_MEETING)
        & Q(attendances__session__action_learning_set_id=F("action_learning_set_id"))
    )
    enrolments = (
        Enrolment.objects.filter(cohort=cohort)
        .select_related("participant", "action_learning_set")
        .annotate(
            module_attended=Count("attendances", filter=module & attended),
            module_excused=Count("attendances", filter=module & excused),
            set_attended=Count("attendances", filter=own_meeting & attended),
            set_excused=Count("attendances", filter=own_meeting & excused),
        )
        .order_by("participant__full_name", "pk")
    )
    if enrolment_pk is not None:
        enrolments = enrolments.filter(pk=enrolment_pk)
    # Held sessions per set; the row without a set counts the module sessions.
    held_counts = {
        row["action_learning_set_id"]: row["n"]
        for row in Session.objects.filter(
            cohort=cohort,
            starts_at__lte=now,
            kind__in=[SessionKind.MODULE, SessionKind.SET_MEETING],
        )
        .values("action_learning_set_id")
        .annotate(n=Count("pk"))
        .order_by()
    }
    modules_held = held_counts.get(None, 0)
    results = []
    for enrolment in enrolments:
        modules = Share(
            attended=enrolment.module_attended,
            counted=modules_held - enrolment.module_excused,
            threshold=cohort.module_attendance_threshold,
        )
        set_id = enrolment.action_learning_set_id
        meetings_held = held_counts.get(set_id, 0) if set_id is not None else 0
        meetings = Share(
            attended=enrolment.set_attended,
            counted=meetings_held - enrolment.set_excused,
            threshold=cohort.set_meeting_attendance_threshold,
        )
        withdrawn = enrolment.withdrawn_at is not None
        completed = (
            not withdrawn
            and modules.counted > 0
            and modules.met
            and (meetings.counted == 0 or meetings.met)
        )
        reasons = []
        if withdrawn:
            when = timezone.localtime(enrolment.withdrawn_at)
            reasons.append(f"Withdrew on {when:%-d %B %Y}")
        reasons.append(_module_reason(modules, enrolment.module_excused))
        reasons.append(_set_reason(meetings, enrolment.set_excused, has_set=set_id is not None))
        results.append(
            EnrolmentCompletion(
                enrolment=enrolment,
                modules=modules,
                set_meetings=meetings,
                withdrawn=withdrawn,
                completed=completed,
                reasons=reasons,
            )
        )
    return results


def enrolment_completion(
    enrolment: Enrolment, *, now: datetime.datetime | None = None
) -> EnrolmentCompletion:
    """Completion of one enrolment, by the same rule."""
    return cohort_completion(enrolment.cohort, now=now, enrolment_pk=enrolment.pk)[0]


@dataclass(frozen=True)
class GraduationPage:
    rows: list[EnrolmentCompletion]
    due: int  # completed, not yet graduated: the lead's one step graduates these
    graduated: int
    completed: int
    active: int


def cohort_graduation_page(cohort: Cohort) -> GraduationPage:
    """Everyone in the cohort with completion, reasons and graduation, and the counts the
    graduation page states."""
    rows = cohort_completion(cohort)
    return GraduationPage(
        rows=rows,
        due=sum(row.may_graduate_in_bulk for row in rows),
        graduated=sum(row.graduated for row in rows),
        completed=sum(row.completed for row in rows),
        active=sum(not row.withdrawn for row in rows),
    )
