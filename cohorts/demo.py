"""The demo's cohorts and what happened in them.

`demo_seed` lays down the PCNs and the two cohorts (Cohort 2 kept open for applications
whenever the demo is seeded). `demo_run`, once the applications demo has enrolled Cohort 1's
participants, gives Cohort 1 its whole programme (induction, the seven module sessions
January to March 2022, fortnightly meetings of three action learning sets, a guest speaker,
the graduation event after the clock change), the registers, graduates all 11, who
completed, and issues their certificates; Cohort 2 gets its planned timetable. Safe to run
again: sessions are keyed by what they are (a cohort's session of a module, a set's meeting
on a day), register lines and sets by their natural keys, Cohort 1 graduates only if nobody
ever has, and only graduates who never had a certificate are issued one.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from cohorts.enums import AttendanceStatus, EnrolmentEventKind, SessionKind
from cohorts.models import (
    ActionLearningSet,
    Attendance,
    Cohort,
    Enrolment,
    EnrolmentEvent,
    Place,
    PrimaryCareNetwork,
    Role,
    Session,
)
from cohorts.services.certificates import cohort_certificates_issue
from cohorts.services.graduation import cohort_graduate_completed
from ellw.accounts.models import User
from modules import demo as modules_demo
from modules.models import Module, TrainingPartner

# Sessions name the modules' training partners, trainers and facilitators.
DEMO_AFTER = ("modules",)

LONDON = ZoneInfo("Europe/London")
COHORT_1 = "cohort-1"
COHORT_2 = "cohort-2"

PCNS = {
    "barking-and-dagenham": ["Barking and Dagenham North PCN", "Barking Riverside PCN"],
    "city-of-london": ["City and Hackney PCN"],
    "hackney": ["Hackney Marshes PCN", "Well Street Common PCN"],
    "havering": ["Romford Central PCN", "Hornchurch PCN"],
    "newham": ["Newham Central 1 PCN", "Royal Docks PCN"],
    "redbridge": ["Ilford North PCN", "Seven Kings PCN"],
    "tower-hamlets": ["Bow Health Network PCN", "Isle of Dogs PCN"],
    "waltham-forest": ["Walthamstow Central PCN", "Leyton and Leytonstone PCN"],
}

# Where clinical directors' e-mail lives: NHSmail. Every demo clinical director is on it,
# so an address elsewhere (a personal one, or the applicant's own) is refused on applying.
ENDORSER_EMAIL_DOMAINS = "nhs.net"

VENUE = "Stratford Library, 3 The Grove, London E15 1EL"
ONLINE = "https://teams.microsoft.com/l/meetup-join/ellw-demo"

# Cohort 1, January to March 2022 (London time). One module session a week or two, on
# Wednesdays, 10:00 to 13:00, in the order of the programme.
COHORT_1_INDUCTION = datetime.date(2022, 1, 10)
COHORT_1_MODULE_DAYS = [
    datetime.date(2022, 1, 12),
    datetime.date(2022, 1, 26),
    datetime.date(2022, 2, 2),
    datetime.date(2022, 2, 16),
    datetime.date(2022, 2, 23),
    datetime.date(2022, 3, 2),
    datetime.date(2022, 3, 16),
]
COHORT_1_GUEST_SPEAKER = datetime.date(2022, 3, 9)
# After the clock change on 27 March: 14:00 BST is 13:00 UTC.
COHORT_1_GRADUATION = datetime.date(2022, 3, 29)
# Three sets, each meeting fortnightly from its first day, five times, 14:00 to 16:00.
COHORT_1_SETS = [
    ("Thames", datetime.date(2022, 1, 17)),
    ("Lea", datetime.date(2022, 1, 18)),
    ("Roding", datetime.date(2022, 1, 20)),
]
SET_MEETINGS = 5

# Realistic registers in which everyone still completes: (participant's place in name
# order, module session or set meeting number from 0, what the register says).
EXCUSED = "excused"
MODULE_EXCEPTIONS = {
    (1, 2): AttendanceStatus.LATE,
    (4, 4): EXCUSED,  # 6 of 6 counted
    (7, 5): AttendanceStatus.ABSENT,  # 6 of 7: 86%
    (10, 0): AttendanceStatus.LATE,
}
SET_EXCEPTIONS = {
    (2, 1): AttendanceStatus.LATE,
    (5, 2): EXCUSED,
    (9, 3): AttendanceStatus.APOLOGIES,  # 4 of 5: 80%
}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def _next(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def demo_seed(*, context) -> None:
    for place_slug, names in PCNS.items():
        place = Place.objects.get(slug=place_slug)
        for name in names:
            PrimaryCareNetwork.objects.get_or_create(name=name, place=place)

    link_worker = Role.objects.get(slug="social-prescribing-link-worker")
    cohort_1, _ = Cohort.objects.update_or_create(
        slug=COHORT_1,
        defaults={
            "name": "Cohort 1",
            "summary": "The first cohort: 11 link workers graduated in March 2022.",
            "applications_open_on": datetime.date(2021, 11, 1),
            "applications_close_on": datetime.date(2021, 11, 30),
            "starts_on": datetime.date(2022, 1, 10),
            "ends_on": datetime.date(2022, 3, 31),
            "capacity": 12,
            "endorser_email_domains": ENDORSER_EMAIL_DOMAINS,
            "signatory_name": "Gita Malhotra",
            "signatory_title": "Programme Lead",
        },
    )
    cohort_1.eligible_roles.set([link_worker])
    # Cohort 2 is kept open for applications whenever the demo is seeded.
    opens = context.today - datetime.timedelta(days=14)
    closes = context.today + datetime.timedelta(days=30)
    starts = closes + datetime.timedelta(days=42)
    cohort_2, _ = Cohort.objects.update_or_create(
        slug=COHORT_2,
        defaults={
            "name": "Cohort 2",
            "summary": (
                "Now open to link workers, health and wellbeing coaches and care coordinators."
            ),
            "applications_open_on": opens,
            "applications_close_on": closes,
            "starts_on": starts,
            "ends_on": starts + datetime.timedelta(days=89),
            "capacity": 15,
            "endorser_email_domains": ENDORSER_EMAIL_DOMAINS,
        },
    )
    cohort_2.eligible_roles.set(Role.objects.all())


def demo_run(*, context) -> None:
    timetable = _Timetable()
    cohort_1 = Cohort.objects.get(slug=COHORT_1)
    cohort_2 = Cohort.objects.get(slug=COHORT_2)
    sessions = timetable.cohort(
        cohort_1,
        induction=COHORT_1_INDUCTION,
        module_days=COHORT_1_MODULE_DAYS,
        guest_speaker=COHORT_1_GUEST_SPEAKER,
        graduation=COHORT_1_GRADUATION,
    )
    meetings = timetable.sets(cohort_1)
    _registers(cohort_1, sessions=sessions, meetings=meetings, now=context.now)
    _graduate(cohort_1)
    _issue_certificates(cohort_1)
    # Cohort 2's plan: induction on its first Monday, module sessions on Wednesdays, the
    # graduation event on a Thursday eleven weeks on, all within its dates.
    monday = _next(cohort_2.starts_on, 0)
    timetable.cohort(
        cohort_2,
        induction=monday,
        module_days=[monday + datetime.timedelta(weeks=w, days=2) for w in (0, 1, 3, 4, 6, 7, 9)],
        guest_speaker=None,
        graduation=monday + datetime.timedelta(weeks=11, days=3),
    )


class _Timetable:
    """Writes sessions directly (the timetable service warns about clashes and asks)."""

    def __init__(self) -> None:
        self.partners = {p.name: p for p in TrainingPartner.objects.all()}
        self.modules = {m.slug: m for m in Module.objects.all()}

    @staticmethod
    def speaker(full_name: str):
        return modules_demo.demo_speaker(full_name)

    def session(self, cohort: Cohort, key: dict, *, speakers=(), **values) -> Session:
        session = Session.objects.filter(cohort=cohort, **key).order_by("pk").first()
        if session is None:
            session = Session(cohort=cohort, **key)
        for name, value in values.items():
            setattr(session, name, value)
        # A session that has started was reminded of the day before, as the task would have.
        if session.reminder_sent_at is None and session.starts_at <= datetime.datetime.now(
            tz=LONDON
        ):
            session.reminder_sent_at = session.starts_at - datetime.timedelta(days=1)
        session.save()
        session.speakers.set([s for s in speakers if s is not None])
        return session

    def cohort(self, cohort, *, induction, module_days, guest_speaker, graduation) -> dict:
        sessions = {}
        academy = self.partners.get(modules_demo.LEADERSHIP_ACADEMY)
        system_leader = self.speaker(modules_demo.SYSTEM_LEADER)
        sessions["induction"] = self.session(
            cohort,
            {"kind": SessionKind.INDUCTION},
            title="Induction: welcome to the programme",
            starts_at=_at(induction, 10),
            ends_at=_at(induction, 13),
            venue=VENUE,
            training_partner=academy,
            speakers=[system_leader, *map(self.speaker, modules_demo.FACILITATORS)],
        )
        modules = sorted(self.modules.values(), key=lambda m: m.position)
        sessions["modules"] = []
        for module, day in zip(modules, module_days, strict=True):
            partner, trainer = modules_demo.MODULE_DELIVERY.get(module.slug, (None, None))
            sessions["modules"].append(
                self.session(
                    cohort,
                    {"kind": SessionKind.MODULE, "module": module},
                    starts_at=_at(day, 10),
                    ends_at=_at(day, 13),
                    venue=VENUE,
                    online_link="",
                    training_partner=self.partners.get(partner),
                    speakers=[self.speaker(trainer)] if trainer else [],
                )
            )
        if guest_speaker:
            self.session(
                cohort,
                {"kind": SessionKind.GUEST_SPEAKER},
                title="Guest speakers: personalised care in north east London",
                starts_at=_at(guest_speaker, 14),
                ends_at=_at(guest_speaker, 15, 30),
                online_link=ONLINE,
                speakers=[self.speaker(modules_demo.GUEST_SPEAKER), system_leader],
            )
        sessions["graduation"] = self.session(
            cohort,
            {"kind": SessionKind.GRADUATION},
            title="Graduation",
            starts_at=_at(graduation, 14),
            ends_at=_at(graduation, 16, 30),
            venue=VENUE,
            training_partner=academy,
            speakers=[system_leader],
        )
        return sessions

    def sets(self, cohort: Cohort) -> dict[int, list[Session]]:
        """Three sets over the cohort's participants (in name order, dealt in turn), each
        with its facilitator and five fortnightly meetings; by set pk."""
        learning_sets = []
        for (name, _), facilitator in zip(COHORT_1_SETS, modules_demo.FACILITATORS, strict=True):
            learning_set, _ = ActionLearningSet.objects.get_or_create(
                cohort=cohort, name=name, defaults={"facilitator": self.speaker(facilitator)}
            )
            learning_sets.append(learning_set)
        enrolments = list(
            Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True).order_by(
                "participant__full_name", "pk"
            )
        )
        for index, enrolment in enumerate(enrolments):
            if enrolment.action_learning_set_id is None:
                enrolment.action_learning_set = learning_sets[index % len(learning_sets)]
                enrolment.save(update_fields=["action_learning_set"])
        meetings = {}
        for learning_set, (_, first) in zip(learning_sets, COHORT_1_SETS, strict=True):
            meetings[learning_set.pk] = [
                self.session(
                    cohort,
                    {
                        "kind": SessionKind.SET_MEETING,
                        "action_learning_set": learning_set,
                        "starts_at": _at(first + datetime.timedelta(weeks=2 * n), 14),
                    },
                    ends_at=_at(first + datetime.timedelta(weeks=2 * n), 16),
                    online_link=ONLINE,
                    speakers=[learning_set.facilitator],
                )
                for n in range(SET_MEETINGS)
            ]
        return meetings


def _registers(cohort: Cohort, *, sessions: dict, meetings: dict, now) -> None:
    """Every register of the cohort, taken by the SP manager, unless a line exists."""
    manager = User.objects.filter(email="manager@example.nhs.uk").first()
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True).order_by(
            "participant__full_name", "pk"
        )
    )
    existing = set(
        Attendance.objects.filter(session__cohort=cohort).values_list("session_id", "enrolment_id")
    )
    lines = []

    def line(session: Session, enrolment: Enrolment, mark) -> None:
        if session.starts_at > now or (session.pk, enrolment.pk) in existing:
            return
        lines.append(
            Attendance(
                session=session,
                enrolment=enrolment,
                status=AttendanceStatus.APOLOGIES if mark == EXCUSED else mark,
                apologies_excused=mark == EXCUSED,
                recorded_by=manager,
                recorded_at=session.ends_at,
            )
        )

    for index, enrolment in enumerate(enrolments):
        line(sessions["induction"], enrolment, AttendanceStatus.PRESENT)
        for number, session in enumerate(sessions["modules"]):
            mark = MODULE_EXCEPTIONS.get((index, number), AttendanceStatus.PRESENT)
            line(session, enrolment, mark)
        for number, session in enumerate(meetings.get(enrolment.action_learning_set_id, [])):
            mark = SET_EXCEPTIONS.get((index, number), AttendanceStatus.PRESENT)
            line(session, enrolment, mark)
        line(sessions["graduation"], enrolment, AttendanceStatus.PRESENT)
    Attendance.objects.bulk_create(lines)


def _graduate(cohort: Cohort) -> None:
    """Everyone who completed graduates on the graduation event's day, once: if anyone
    was ever graduated (or a graduation undone) the lead's decisions stand."""
    decided = EnrolmentEvent.objects.filter(
        enrolment__cohort=cohort,
        kind__in=[
            EnrolmentEventKind.GRADUATED,
            EnrolmentEventKind.GRADUATED_OVERRIDE,
            EnrolmentEventKind.GRADUATION_UNDONE,
        ],
    )
    if decided.exists():
        return
    lead = User.objects.filter(email="lead@example.nhs.uk").first()
    cohort_graduate_completed(cohort=cohort, actor=lead, graduated_on=COHORT_1_GRADUATION)
    # The history says when it happened: the end of the graduation event.
    decided.update(created_at=_at(COHORT_1_GRADUATION, 16, 30).astimezone(datetime.UTC))


def _issue_certificates(cohort: Cohort) -> None:
    """Cohort 1's graduates get their certificates, dated the graduation day, once (a
    graduate who ever had one keeps the lead's decisions). The PDFs are made by the
    workers, or in process as the seed commits when tasks run in process."""
    lead = User.objects.filter(email="lead@example.nhs.uk").first()
    cohort_certificates_issue(cohort=cohort, actor=lead, issued_on=COHORT_1_GRADUATION)
