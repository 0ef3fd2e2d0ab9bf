"""A national-scale dataset for benchmarks, the same every time for a seed. Prints counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ellw_load_data \
        .venv/bin/python bench/data.py [--scale 1.0] [--seed 2026]

`national_dataset_build(scale=, seed=)` fills a freshly migrated database (it refuses one
that already holds cohorts); the `__main__` runs migrate first, then builds and prints what
was made and how long it took. bench/load.py builds it into its own database.

At scale 1: 50 cohorts (40 that ran and finished, 10 still to start, two of them open for
applications today), 10,000 applications (200 a cohort, each from its own applicant, in
every status a cohort at that stage has), 2,000 enrolments (50 a finished cohort, from its
accepted applications), 100,000 attendance marks (each participant at the 50 past sessions
that are theirs: induction, 28 module sessions, the guest speaker, graduation and their
action learning set's 19 meetings), 20,000 survey answers (SurveyResponse rows, with their
confidence ratings: at scale 1 that is every participant answering each of their cohort's
ten surveys, as 2,000 participants can give no more) and 1,000 issued certificates (to the
graduates of the latest cohorts). Other scales multiply the number of
cohorts; each cohort keeps its shape.

How rows are made, so the models' and services' rules hold:

- Statuses follow the allowed transitions (applications.enums), and every step writes the
  history row the service writes (the same descriptions and actors as applications.demo),
  with the endorsement request, its outcome, reminders and supersession; an enrolment
  exists only for an accepted application, made at the moment it was accepted.
- Written with bulk_create, as applications.demo writes rows directly, because the services
  would queue an e-mail at every step. Times the models stamp (auto_now) are set afterwards
  to when things happened.
- Attendance only for sessions of the participant's cohort that have ended, set meetings
  only of their own set. Graduation is the service (cohort_graduate_completed), so only
  those who completed by the cohort's rule graduate.
- Certificates only for graduates; the snapshot is the certificate service's own
  (`_snapshot`, plus the pinned verification address); each has a certificate
  GeneratedDocument marked ready with a SHA-256 and size but no file (no PDF is rendered:
  the verification page reads only the fingerprint), and its audit row.
- Survey answers only to the surveys of the participant's cohort, within the survey's
  dates; closing dates as Survey.save() gives them.
- Link tokens (endorsement requests) are ellw.links keys: a nonce and the hash of its
  HMAC token, the nonce drawn from the seeded generator so runs agree (the hash depends on
  SECRET_KEY too). Certificate codes are drawn the same way, with their check character.

Dates are relative to `today` (default: the current London date), so the open cohorts are
open whenever it is built; with the same `today` and seed, two builds make the same rows.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import os
import random
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.local")
    import django

    django.setup()

LONDON = ZoneInfo("Europe/London")

# At scale 1.
FINISHED_COHORTS = 40
UPCOMING_COHORTS = 10
OPEN_COHORTS = 2  # of the upcoming ones, open for applications today
APPLICATIONS_PER_COHORT = 200
PARTICIPANTS_PER_COHORT = 50
SETS_PER_COHORT = 5
SESSIONS_PER_MODULE = 4
SET_MEETINGS = 19  # fortnightly through the 38 weeks
PCNS = 80
SURVEY_ANSWERS = 20_000
CERTIFICATES = 1_000
BATCH = 5000

FIRST_NAMES = [
    "Aisha", "Zoë", "Siobhán", "José", "Chloë", "Mohammed", "Priya", "Oluwaseun", "Grace",
    "Tomás", "Amélie", "Nnamdi", "Fatima", "Hannah", "Kwame", "Eleanor", "Sinéad", "Marek",
    "Yusuf", "Anjali", "Ciarán", "Joanna", "Mehmet", "Abimbola", "Thomas", "Ngozi", "Rebecca",
    "Olivia", "Liam", "Sophie", "Daniel", "Zainab", "Emily", "Wei", "Arjun", "Maria", "Kemi",
    "Callum", "Leah", "Emre", "Rhiannon", "Samira", "Marcus", "Chloe", "Jack", "Niamh",
]  # fmt: skip
LAST_NAMES = [
    "Khan", "Wójcik", "Álvarez", "Lefèvre", "Nowak", "Yılmaz", "Rahman", "Patel", "Adeyemi",
    "O'Connor", "Müller", "Nguyen", "Okafor", "Begum", "Smith", "Mensah", "Kovács", "Ahmed",
    "Chowdhury", "Dubois", "Jankowski", "Williams", "Eze", "Stevenson", "Bennett", "Chauhan",
    "Costa", "Hussain", "Clarke", "Chen", "Campbell", "Mehta", "Levy", "Balogun", "Robinson",
    "Santos", "Adebayo", "Akhtar", "Fraser", "Francis", "Davies", "Haddad", "Johnson", "Martin",
]  # fmt: skip
SET_NAMES = ["Thames", "Lea", "Roding", "Ingrebourne", "Beam", "Mardyke", "Wandle", "Brent"]


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


class _Builder:
    def __init__(self, *, scale: float, seed: int, today: datetime.date | None) -> None:
        from django.utils import timezone

        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        # "Now" for what has happened (sessions held, reminders sent) is the start of
        # `today`, so a build is the same whatever the hour.
        self.now = datetime.datetime.combine(self.today, datetime.time(0), tzinfo=LONDON)
        self.finished = max(2, round(FINISHED_COHORTS * scale))
        self.upcoming = max(OPEN_COHORTS, round(UPCOMING_COHORTS * scale))
        self.answers_wanted = round(SURVEY_ANSWERS * scale)
        self.certificates_wanted = round(CERTIFICATES * scale)
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    # --- helpers ---------------------------------------------------------------------------

    def _moment(self, day: datetime.date) -> datetime.datetime:
        """A working-hours time on `day` (London)."""
        at = datetime.time(8 + self.rng.randrange(9), self.rng.randrange(60))
        return datetime.datetime.combine(day, at, tzinfo=LONDON)

    def _nonce(self) -> str:
        """What secrets.token_urlsafe(32) gives (ellw.links), from the seeded generator."""
        raw = self.rng.getrandbits(256).to_bytes(32, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    def _certificate_code(self) -> str:
        from cohorts.codes import ALPHABET, RANDOM_LENGTH, certificate_code_normalise

        body = "".join(self.rng.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        # The one check character the code's own rule accepts.
        return next(c for c in (body + x for x in ALPHABET) if certificate_code_normalise(c) == c)

    def _timed(self, label: str, started: float) -> None:
        self.seconds[label] = round(time.perf_counter() - started, 1)

    # --- the build -------------------------------------------------------------------------

    def build(self) -> dict:
        from cohorts.models import Cohort

        if Cohort.objects.exists():
            raise SystemExit("The database already holds cohorts: build into a fresh one.")
        for label, step in (
            ("reference", self.reference),
            ("cohorts", self.cohorts),
            ("applications", self.applications),
            ("timetables", self.timetables),
            ("attendance", self.attendance),
            ("graduation", self.graduation),
            ("certificates", self.certificates),
            ("surveys", self.surveys),
        ):
            started = time.perf_counter()
            step()
            self._timed(label, started)
        return {"counts": self.counts, "seconds": self.seconds, "today": self.today.isoformat()}

    def reference(self) -> None:
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password

        from cohorts.models import Place, PrimaryCareNetwork, Role
        from ellw.accounts.models import User
        from ellw.accounts.roles import PROGRAMME_LEADS, SP_MANAGERS
        from ellw.accounts.services import staff_role_grant
        from modules import demo as modules_demo
        from modules.models import Module, TrainingPartner

        modules_demo.demo_seed(context=None)  # training partners and speakers, by name
        self.partners = {p.name: p for p in TrainingPartner.objects.all()}
        self.modules = list(Module.objects.order_by("position"))
        self.roles = list(Role.objects.order_by("pk"))
        places = list(Place.objects.order_by("pk"))
        PrimaryCareNetwork.objects.bulk_create(
            PrimaryCareNetwork(
                name=f"{places[i % len(places)].name} {i // len(places) + 1} PCN",
                place=places[i % len(places)],
            )
            for i in range(PCNS)
        )
        self.pcns = list(PrimaryCareNetwork.objects.select_related("place").order_by("pk"))
        self.staff = {}
        for email, name, role in (
            ("bench.lead@example.nhs.uk", "Gita Malhotra", PROGRAMME_LEADS),
            ("bench.manager@example.nhs.uk", "Sam Patel", SP_MANAGERS),
        ):
            user = User.objects.create(email=email, full_name=name, password=make_password(None))
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            self.staff[role] = staff_role_grant(user=user, role=role)
        self.lead = self.staff[PROGRAMME_LEADS]
        self.manager = self.staff[SP_MANAGERS]
        self.counts["pcns"] = len(self.pcns)

    def cohorts(self) -> None:
        from cohorts.models import Cohort

        rows = []
        self.stage: dict[str, str] = {}  # slug → finished, closed or open
        for i in range(self.finished):
            # Every five weeks back from one that started 300 days ago: all have ended.
            starts = self.today - datetime.timedelta(days=300 + 35 * (self.finished - 1 - i))
            starts -= datetime.timedelta(days=starts.weekday())  # a Monday
            rows.append(self._cohort(i, starts, opens_before=90, closes_before=42))
            self.stage[rows[-1].slug] = "finished"
        for j in range(self.upcoming):
            i = self.finished + j
            if j < OPEN_COHORTS:
                starts = self.today + datetime.timedelta(days=60 + 7 * j)
                starts -= datetime.timedelta(days=starts.weekday())
                opens = self.today - datetime.timedelta(days=20)
                closes = self.today + datetime.timedelta(days=25)
                stage = "open"
            else:
                starts = self.today + datetime.timedelta(days=40 + 7 * j)
                starts -= datetime.timedelta(days=starts.weekday())
                # Closed last week: decisions made since, offers still open.
                opens = self.today - datetime.timedelta(days=50)
                closes = self.today - datetime.timedelta(days=6)
                stage = "closed"
            rows.append(
                self._cohort(
                    i,
                    starts,
                    opens_before=(starts - opens).days,
                    closes_before=(starts - closes).days,
                )
            )
            self.stage[rows[-1].slug] = stage
        Cohort.objects.bulk_create(rows)
        self.cohort_list = list(Cohort.objects.order_by("pk"))
        Cohort.eligible_roles.through.objects.bulk_create(
            Cohort.eligible_roles.through(cohort_id=c.pk, role_id=r.pk)
            for c in self.cohort_list
            for r in self.roles
        )
        self.counts["cohorts"] = len(self.cohort_list)

    def _cohort(self, i: int, starts: datetime.date, *, opens_before: int, closes_before: int):
        from cohorts.models import Cohort

        return Cohort(
            name=f"Cohort {i + 1}",
            slug=f"cohort-{i + 1}",
            summary="Link workers, health and wellbeing coaches and care coordinators.",
            applications_open_on=starts - datetime.timedelta(days=opens_before),
            applications_close_on=starts - datetime.timedelta(days=closes_before),
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=265),
            capacity=PARTICIPANTS_PER_COHORT,
            endorser_email_domains="nhs.net",
            signatory_name="Gita Malhotra",
            signatory_title="Programme Lead",
        )

    # --- applications ----------------------------------------------------------------------

    def _paths(self, stage: str) -> list[tuple[str, ...]]:
        """The statuses each of a cohort's applications moved through after draft."""
        from applications.enums import ApplicationStatus as S

        sub = (S.AWAITING_ENDORSEMENT,)
        end = (*sub, S.ENDORSED)
        off = (*end, S.OFFERED)
        if stage == "finished":
            places = [(*off, S.ACCEPTED)] * PARTICIPANTS_PER_COHORT
            others = [
                (*sub, S.NOT_ENDORSED),
                (*sub, S.NOT_ENDORSED),
                (*sub, S.WITHDRAWN),
                (*sub, S.REJECTED),
                (*end, S.REJECTED),
                (*end, S.REJECTED),
                (*end, S.REJECTED),
                (*end, S.WAITLISTED),
                (*end, S.WAITLISTED, S.REJECTED),
                (*end, S.WITHDRAWN),
                (*off, S.OFFER_DECLINED),
                (*off, S.OFFER_LAPSED),
                (*off, S.OFFER_RESCINDED),
                (),  # a draft never submitted
            ]
        elif stage == "closed":
            places = []
            others = [
                sub,
                (*sub, S.NOT_ENDORSED),
                (*sub, S.WITHDRAWN),
                end,
                end,
                (*end, S.REJECTED),
                (*end, S.WAITLISTED),
                off,
                off,
                (*off, S.OFFER_DECLINED),
                (),
            ]
        else:  # open
            places = []
            others = [(), sub, sub, sub, (*sub, S.NOT_ENDORSED), (*sub, S.WITHDRAWN), end, end]
        rest = APPLICATIONS_PER_COHORT - len(places)
        paths = places + [others[self.rng.randrange(len(others))] for _ in range(rest)]
        # Open offers never exceed the cohort's places: the rest wait, endorsed.
        open_offers = [k for k, path in enumerate(paths) if path and path[-1] == S.OFFERED]
        for k in open_offers[PARTICIPANTS_PER_COHORT:]:
            paths[k] = end
        self.rng.shuffle(paths)
        return paths

    def _days(self, cohort, path: tuple[str, ...]) -> list[datetime.date]:
        """The day the draft was started, then the day of each status in `path`: the
        applying within the window, decisions after it closes, answers to an offer within
        the acceptance period, nothing later than yesterday."""
        from django.conf import settings

        from applications.enums import ApplicationStatus as S

        yesterday = self.today - datetime.timedelta(days=1)
        window_end = min(cohort.applications_close_on, yesterday - datetime.timedelta(days=2))
        span = (window_end - cohort.applications_open_on).days
        day = cohort.applications_open_on + datetime.timedelta(days=self.rng.randrange(span + 1))
        days = [day]
        for status in path:
            if status == S.AWAITING_ENDORSEMENT:
                day = min(day + datetime.timedelta(days=self.rng.randrange(3)), window_end)
            elif status in (S.ENDORSED, S.NOT_ENDORSED):
                day = day + datetime.timedelta(days=1 + self.rng.randrange(6))
            elif status in (S.OFFERED, S.REJECTED, S.WAITLISTED):
                decided = max(day, cohort.applications_close_on) + datetime.timedelta(
                    days=1 + self.rng.randrange(7)
                )
                day = decided
            elif status in (S.ACCEPTED, S.OFFER_DECLINED, S.OFFER_RESCINDED):
                days_to = settings.ELLW_OFFER_ACCEPTANCE_DAYS - 1
                day = day + datetime.timedelta(days=self.rng.randrange(days_to) + 1)
            elif status == S.WITHDRAWN:
                day = day + datetime.timedelta(days=1 + self.rng.randrange(5))
            elif status == S.OFFER_LAPSED:
                day = day + datetime.timedelta(days=settings.ELLW_OFFER_ACCEPTANCE_DAYS)
            else:  # waitlisted, then rejected when the cohort filled
                day = day + datetime.timedelta(days=1 + self.rng.randrange(10))
            days.append(min(day, yesterday))
        return days

    def applications(self) -> None:
        from allauth.account.models import EmailAddress
        from django.conf import settings
        from django.contrib.auth.hashers import make_password

        from applications.demo import (
            BY_APPLICANT,
            BY_CLINICAL_DIRECTOR,
            BY_MANAGER,
            DESCRIPTIONS,
            MOTIVATIONS,
            NOTES,
            WORKPLACE_BENEFITS,
            demo_step_record,
        )
        from applications.enums import ALLOWED_TRANSITIONS
        from applications.enums import ApplicationStatus as S
        from applications.models import Application, ApplicationEvent, EndorsementRequest
        from applications.services import TOKEN_SALT
        from cohorts.models import Enrolment
        from ellw.accounts.models import User
        from ellw.links import raw_token, token_hash

        plans = []  # (cohort, path, days, full_name, email)
        n = 0
        for cohort in self.cohort_list:
            for path in self._paths(self.stage[cohort.slug]):
                first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                email = f"{_ascii(first)}.{_ascii(last)}.{n}@example.nhs.uk"
                plans.append((cohort, path, self._days(cohort, path), f"{first} {last}", email))
                n += 1
        unusable = make_password(None)  # nobody in the dataset can log in
        created = User.objects.bulk_create(
            [User(email=p[4], full_name=p[3], password=unusable) for p in plans],
            batch_size=BATCH,
        )
        users = {u.email: u for u in created}
        EmailAddress.objects.bulk_create(
            (
                EmailAddress(user=users[p[4]], email=p[4], verified=True, primary=True)
                for p in plans
            ),
            batch_size=BATCH,
        )

        applications, events, requests, enrolments = [], [], [], []
        for index, (cohort, path, days, full_name, email) in enumerate(plans):
            applicant = users[email]
            moments = [self._moment(day) for day in days]
            for k in range(1, len(moments)):  # each step after the one before
                if moments[k] <= moments[k - 1]:
                    moments[k] = moments[k - 1] + datetime.timedelta(minutes=7)
            pcn = self.pcns[self.rng.randrange(len(self.pcns))]
            director = f"Dr {self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"
            months = 13 + self.rng.randrange(48)
            application = Application(
                applicant=applicant,
                cohort=cohort,
                full_name=full_name,
                work_email=email,
                phone=f"020 7946 0{index % 1000:03d}",
                role=self.roles[index % len(self.roles)],
                employer=pcn.name,
                pcn=pcn,
                place=pcn.place,
                started_in_role_on=cohort.starts_on - datetime.timedelta(days=31 * months),
                motivation=MOTIVATIONS[self.rng.randrange(len(MOTIVATIONS))],
                workplace_benefit=WORKPLACE_BENEFITS[self.rng.randrange(len(WORKPLACE_BENEFITS))],
                clinical_director_name=director,
                clinical_director_email=f"{_ascii(director)}.{index}@nhs.net",
                privacy_consent_at=moments[0],
            )
            application.bench_times = (moments[0], moments[-1])
            status, request = S.DRAFT, None
            for to_status, at in zip(path, moments[1:], strict=True):
                if to_status not in ALLOWED_TRANSITIONS[status]:
                    raise ValueError(f"{status} cannot become {to_status}")
                if to_status == S.OFFER_LAPSED:
                    at = application.offer_expires_at  # the hourly job lapses it then
                notes = NOTES.get(to_status, [""])
                note = notes[index % len(notes)]
                if to_status in BY_APPLICANT:
                    actor, label = applicant, full_name
                elif to_status in BY_MANAGER:
                    actor, label = self.manager, self.manager.get_full_name()
                elif to_status in BY_CLINICAL_DIRECTOR:
                    actor, label = None, f"{director} (clinical director)"
                else:
                    actor, label = None, "System"
                events.append(
                    (
                        ApplicationEvent(
                            application=application,
                            actor=actor,
                            actor_label=label,
                            from_status=status,
                            to_status=to_status,
                            description=DESCRIPTIONS[to_status],
                            note=note,
                        ),
                        at,
                    )
                )
                if to_status == S.AWAITING_ENDORSEMENT:
                    application.submitted_at = at
                    nonce = self._nonce()
                    request = EndorsementRequest(
                        application=application,
                        endorser_name=director,
                        endorser_email=application.clinical_director_email,
                        link_nonce=nonce,
                        token_hash=token_hash(raw_token(TOKEN_SALT, nonce)),
                        created_at=at,
                        expires_at=at
                        + datetime.timedelta(days=settings.ELLW_ENDORSEMENT_LINK_DAYS),
                    )
                    requests.append(request)
                    events.append(
                        (
                            ApplicationEvent(
                                application=application,
                                actor=applicant,
                                actor_label=full_name,
                                description=(
                                    f"Endorsement link sent to {director} "
                                    f"({request.endorser_email})"
                                ),
                            ),
                            at,
                        )
                    )
                elif to_status == S.ACCEPTED:
                    enrolments.append(
                        Enrolment(
                            cohort=cohort,
                            participant=applicant,
                            application=application,
                            enrolled_at=at,
                        )
                    )
                else:
                    demo_step_record(application, request, to_status=to_status, at=at, note=note)
                status = to_status
            application.status = status
            applications.append(application)
            if request is not None:
                events += self._reminders(request)

        Application.objects.bulk_create(applications, batch_size=BATCH)
        for request in requests:
            request.application_id = request.application.pk
        EndorsementRequest.objects.bulk_create(requests, batch_size=BATCH)
        for event, _ in events:
            event.application_id = event.application.pk
        ApplicationEvent.objects.bulk_create([e for e, _ in events], batch_size=BATCH)
        for enrolment in enrolments:
            enrolment.application_id = enrolment.application.pk
        Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
        # The times auto_now(_add) stamped: when it happened.
        for event, at in events:
            event.created_at = at
        ApplicationEvent.objects.bulk_update(
            [e for e, _ in events], ["created_at"], batch_size=BATCH
        )
        for application in applications:
            application.created_at, application.updated_at = application.bench_times
        Application.objects.bulk_update(
            applications, ["created_at", "updated_at"], batch_size=BATCH
        )
        self.counts["applicants"] = len(users)
        self.counts["applications"] = len(applications)
        self.counts["application events"] = len(events)
        self.counts["endorsement requests"] = len(requests)
        self.counts["enrolments"] = len(enrolments)

    def _reminders(self, request) -> list:
        """The reminders the hourly job sent while the link was waiting (as
        applications.demo)."""
        from django.conf import settings

        from applications.models import ApplicationEvent

        ends = [request.decided_at, request.superseded_at, request.expires_at, self.now]
        waiting_until = min(t for t in ends if t)
        rows = []
        for number, days in enumerate(settings.ELLW_ENDORSEMENT_REMINDER_DAYS, start=1):
            due = request.created_at + datetime.timedelta(days=days)
            if due < waiting_until:
                request.reminders_sent = number
                event = ApplicationEvent(
                    application=request.application,
                    actor=None,
                    actor_label="System",
                    description=f"Reminder {number} sent to {request.endorser_email}",
                )
                rows.append((event, due))
        return rows

    # --- running the cohorts ---------------------------------------------------------------

    def timetables(self) -> None:
        """Finished cohorts: five action learning sets (participants dealt in turn), and the
        whole timetable; upcoming ones: their planned timetable, no sets yet."""
        from cohorts.enums import SessionKind
        from cohorts.models import ActionLearningSet, Enrolment, Session
        from modules import demo as modules_demo
        from modules.models import Speaker

        facilitators = list(
            Speaker.objects.filter(full_name__in=modules_demo.FACILITATORS).order_by("pk")
        )
        finished = [c for c in self.cohort_list if self.stage[c.slug] == "finished"]
        ActionLearningSet.objects.bulk_create(
            ActionLearningSet(
                cohort=c, name=SET_NAMES[k], facilitator=facilitators[k % len(facilitators)]
            )
            for c in finished
            for k in range(SETS_PER_COHORT)
        )
        sets_of = defaultdict(list)
        for learning_set in ActionLearningSet.objects.order_by("pk"):
            sets_of[learning_set.cohort_id].append(learning_set)
        enrolments = list(
            Enrolment.objects.select_related("participant").order_by(
                "cohort_id", "participant__full_name", "pk"
            )
        )
        by_cohort = defaultdict(list)
        for enrolment in enrolments:
            by_cohort[enrolment.cohort_id].append(enrolment)
        for cohort_id, members in by_cohort.items():
            for k, enrolment in enumerate(members):
                enrolment.action_learning_set = sets_of[cohort_id][k % SETS_PER_COHORT]
        Enrolment.objects.bulk_update(enrolments, ["action_learning_set"], batch_size=BATCH)
        self.enrolments_of = by_cohort

        venue = "Stratford Library, 3 The Grove, London E15 1EL"
        online = "https://teams.microsoft.com/l/meetup-join/ellw-bench"
        academy = self.partners.get(modules_demo.LEADERSHIP_ACADEMY)
        sessions = []

        def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
            return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)

        def add(cohort, kind, day, hours, **values) -> None:
            starts, ends = at(day, *hours[0]), at(day, *hours[1])
            session = Session(cohort=cohort, kind=kind, starts_at=starts, ends_at=ends, **values)
            if starts <= self.now:  # reminded the day before, as the task would have
                session.reminder_sent_at = starts - datetime.timedelta(days=1)
            sessions.append(session)

        for cohort in self.cohort_list:
            monday = cohort.starts_on

            def week(n: int, weekday: int, monday=monday) -> datetime.date:
                return monday + datetime.timedelta(weeks=n, days=weekday)

            add(
                cohort,
                SessionKind.INDUCTION,
                week(0, 0),
                ((10, 0), (13, 0)),
                title="Induction: welcome to the programme",
                venue=venue,
                training_partner=academy,
            )
            for m, module in enumerate(self.modules):
                partner, _ = modules_demo.MODULE_DELIVERY.get(module.slug, (None, None))
                for s in range(SESSIONS_PER_MODULE):
                    add(
                        cohort,
                        SessionKind.MODULE,
                        week(1 + m * SESSIONS_PER_MODULE + s, 2),
                        ((10, 0), (13, 0)),
                        module=module,
                        venue=venue,
                        training_partner=self.partners.get(partner),
                    )
            add(
                cohort,
                SessionKind.GUEST_SPEAKER,
                week(30, 3),
                ((14, 0), (15, 30)),
                title="Guest speakers: personalised care across the system",
                online_link=online,
            )
            add(
                cohort,
                SessionKind.GRADUATION,
                week(37, 3),
                ((14, 0), (16, 30)),
                title="Graduation",
                venue=venue,
                training_partner=academy,
            )
            for k, learning_set in enumerate(sets_of.get(cohort.pk, [])):
                for n in range(SET_MEETINGS):
                    add(
                        cohort,
                        SessionKind.SET_MEETING,
                        # Mondays, Tuesdays and Fridays: never beside a module session
                        # or the Thursday events.
                        week(1 + 2 * n, (0, 1, 4)[k % 3]),
                        ((14, 0), (16, 0)),
                        action_learning_set=learning_set,
                        online_link=online,
                    )
        Session.objects.bulk_create(sessions, batch_size=BATCH)
        self.counts["sessions"] = len(sessions)

    def attendance(self) -> None:
        """Each participant's register lines for the sessions that are theirs and have
        ended: mostly present; a few late, absent or with apologies (some excused)."""
        from cohorts.enums import AttendanceStatus, SessionKind
        from cohorts.models import Attendance, Session

        sessions_of = defaultdict(list)
        for session in Session.objects.filter(ends_at__lte=self.now).order_by("starts_at", "pk"):
            sessions_of[session.cohort_id].append(session)
        marks = [AttendanceStatus.PRESENT] * 40 + [
            AttendanceStatus.LATE,
            AttendanceStatus.LATE,
            AttendanceStatus.ABSENT,
            AttendanceStatus.ABSENT,
            AttendanceStatus.APOLOGIES,
            AttendanceStatus.APOLOGIES,
            "excused",
        ]
        rows = []
        for cohort_id, members in self.enrolments_of.items():
            for enrolment in members:
                # Some participants miss more than the rest, so not everyone completes.
                weak = self.rng.random() < 0.06
                for session in sessions_of[cohort_id]:
                    if (
                        session.kind == SessionKind.SET_MEETING
                        and session.action_learning_set_id != enrolment.action_learning_set_id
                    ):
                        continue
                    mark = marks[self.rng.randrange(len(marks))]
                    if weak and self.rng.random() < 0.35:
                        mark = AttendanceStatus.ABSENT
                    rows.append(
                        Attendance(
                            session=session,
                            enrolment=enrolment,
                            status=AttendanceStatus.APOLOGIES if mark == "excused" else mark,
                            apologies_excused=mark == "excused",
                            recorded_by=self.manager,
                            recorded_at=session.ends_at,
                        )
                    )
        Attendance.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["attendance marks"] = len(rows)

    def graduation(self) -> None:
        """The service graduates everyone who completed by the cohort's rule, on the day of
        its graduation event; the history says when."""
        from cohorts.enums import SessionKind
        from cohorts.models import EnrolmentEvent, Session
        from cohorts.services.graduation import cohort_graduate_completed

        graduated = 0
        for cohort in self.cohort_list:
            if self.stage[cohort.slug] != "finished":
                continue
            event = Session.objects.get(cohort=cohort, kind=SessionKind.GRADUATION)
            day = event.starts_at.astimezone(LONDON).date()
            graduated += cohort_graduate_completed(cohort=cohort, actor=self.lead, graduated_on=day)
            EnrolmentEvent.objects.filter(enrolment__cohort=cohort).update(created_at=event.ends_at)
        self.counts["graduates"] = graduated

    def certificates(self) -> None:
        """Certificates for the graduates of the latest cohorts, up to the number wanted:
        the certificate service's snapshot, a ready certificate document without a file
        (nothing is rendered), and the audit row."""
        from django.contrib.contenttypes.models import ContentType

        from cohorts.models import Certificate, Enrolment
        from cohorts.selectors.certificates import (
            certificate_verification_page,
            certificate_verification_url,
        )
        from cohorts.services.certificates import _modules_attended, _snapshot
        from ellw.audit.enums import AuditEvent
        from ellw.audit.services import audit_record_each
        from ellw.documents.enums import DocumentKind, DocumentStatus
        from ellw.documents.models import GeneratedDocument

        graduates = list(
            Enrolment.objects.select_related("cohort", "participant")
            .filter(graduated_on__isnull=False, withdrawn_at__isnull=True)
            .order_by("-cohort__starts_on", "pk")[: self.certificates_wanted]
        )
        attended = _modules_attended([e.pk for e in graduates])
        certificates = []
        for enrolment in graduates:
            code = self._certificate_code()
            snapshot = _snapshot(
                enrolment,
                name=enrolment.participant.get_full_name(),
                modules=self.modules,
                attended=attended[enrolment.pk],
            )
            certificates.append(
                Certificate(
                    enrolment=enrolment,
                    code=code,
                    issued_on=enrolment.graduated_on,
                    snapshot={
                        **snapshot,
                        "verification_url": certificate_verification_url(code),
                        "verification_page": certificate_verification_page(),
                    },
                    issued_by=self.lead,
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=BATCH)
        owner_type = ContentType.objects.get_for_model(Certificate)
        documents = []
        for certificate in certificates:
            # The fingerprint of a file never made: the page shows it as it would a real one.
            placeholder = f"bench certificate {certificate.code}".encode()
            issued = datetime.datetime.combine(
                certificate.issued_on, datetime.time(17), tzinfo=LONDON
            )
            documents.append(
                GeneratedDocument(
                    kind=DocumentKind.CERTIFICATE,
                    owner_type=owner_type,
                    owner_id=certificate.pk,
                    title=(
                        f"Certificate {certificate.display_code} – {certificate.snapshot['name']}"
                    ),
                    status=DocumentStatus.READY,
                    pages_done=1,
                    pages_total=1,
                    sha256=hashlib.sha256(placeholder).hexdigest(),
                    size=len(placeholder),
                    attempts=1,
                    requested_by=self.lead,
                    started_at=issued,
                    finished_at=issued,
                )
            )
        GeneratedDocument.objects.bulk_create(documents, batch_size=BATCH)
        for certificate, document in zip(certificates, documents, strict=True):
            certificate.document = document
            certificate.created_at = document.requested_at = document.started_at
        Certificate.objects.bulk_update(certificates, ["document", "created_at"], batch_size=BATCH)
        GeneratedDocument.objects.bulk_update(documents, ["requested_at"], batch_size=BATCH)
        audit_record_each(
            event=AuditEvent.CERTIFICATE_ISSUED, targets=certificates, actor=self.lead
        )
        self.counts["certificates"] = len(certificates)

    def surveys(self) -> None:
        """Each finished cohort's ten surveys, opened when due (the baseline three weeks
        before the start, each module's feedback after its last session, both end surveys
        after the last module session), all closed by their dates; answers from the cohort's
        participants within each survey's dates."""
        from cohorts.enums import SessionKind
        from cohorts.models import Session
        from evaluation.enums import QuoteConsent, Recommend, SurveyKind
        from evaluation.models import (
            LEADING_CHANGE,
            ConfidenceRating,
            Survey,
            SurveyResponse,
            survey_closing_date,
        )

        last_module_session = {}
        for session in Session.objects.filter(kind=SessionKind.MODULE).order_by("starts_at"):
            last_module_session[session.cohort_id, session.module_id] = session
        surveys = []
        for cohort in self.cohort_list:
            if self.stage[cohort.slug] != "finished":
                continue
            ends = [last_module_session[cohort.pk, m.pk].ends_at for m in self.modules]
            opened = [
                (SurveyKind.BASELINE, None, self._moment(cohort.starts_on) - _day_span(21)),
                *(
                    (SurveyKind.MODULE_FEEDBACK, m, end)
                    for m, end in zip(self.modules, ends, strict=True)
                ),
                (SurveyKind.END_OF_PROGRAMME, None, max(ends)),
                (SurveyKind.FINAL_EVALUATION, None, max(ends) + _day_span(1)),
            ]
            for kind, module, opened_at in opened:
                surveys.append(
                    Survey(
                        cohort=cohort,
                        kind=kind,
                        module=module,
                        opened_at=opened_at,
                        closes_on=survey_closing_date(opened_at),
                        reminders_sent=2,
                    )
                )
        Survey.objects.bulk_create(surveys, batch_size=BATCH)
        pairs = [(s, e) for s in surveys for e in self.enrolments_of[s.cohort_id]]
        if self.answers_wanted < len(pairs):
            chosen = set(self.rng.sample(range(len(pairs)), self.answers_wanted))
            pairs = [pair for i, pair in enumerate(pairs) if i in chosen]
        skills = [m.slug for m in self.modules] + [LEADING_CHANGE]
        responses, ratings = [], []
        for survey, enrolment in pairs:
            at = survey.opened_at + datetime.timedelta(hours=2 + self.rng.randrange(24 * 18))
            response = SurveyResponse(
                survey=survey, enrolment=enrolment, submitted_at=at, updated_at=at
            )
            if survey.kind == SurveyKind.MODULE_FEEDBACK:
                response.overall_rating = self.rng.choice((3, 4, 4, 5, 5, 5))
                response.usefulness = self.rng.choice((3, 4, 5, 5, 5))
                response.what_worked = "Practising with real cases from our own caseloads."
                response.what_to_improve = "More time for practice, less on theory."
            elif survey.kind == SurveyKind.FINAL_EVALUATION:
                response.overall_rating = self.rng.choice((4, 5, 5))
                response.would_recommend = self.rng.choice(
                    (Recommend.YES,) * 9 + (Recommend.NOT_SURE,)
                )
                response.practice_change = "I run a monthly peer session for our link workers."
                response.take_back = "The coaching questions."
                response.quote_consent = self.rng.choice(list(QuoteConsent))
            else:
                response.reflection = "Confidence to speak up in meetings with GPs."
                end = survey.kind == SurveyKind.END_OF_PROGRAMME
                for skill in skills:
                    value = self.rng.choice((1, 2, 2, 3, 3)) + (2 if end else 0)
                    ratings.append(
                        ConfidenceRating(response=response, skill=skill, confidence=min(5, value))
                    )
            responses.append(response)
        SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
        for rating in ratings:
            rating.response_id = rating.response.pk
        ConfidenceRating.objects.bulk_create(ratings, batch_size=BATCH)
        self.counts["surveys"] = len(surveys)
        self.counts["survey answers"] = len(responses)
        self.counts["confidence ratings"] = len(ratings)


def _day_span(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def national_dataset_build(
    *, scale: float = 1.0, seed: int = 2026, today: datetime.date | None = None
) -> dict:
    """Build the dataset into the default database (freshly migrated). Returns what was
    made: {"counts": {...}, "seconds": {step: s}, "today": iso date}."""
    from django.db import connection, transaction

    builder = _Builder(scale=scale, seed=seed, today=today)
    with transaction.atomic():
        result = builder.build()
    if connection.vendor == "postgresql":
        # What autovacuum would have done by now: statistics and the visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return result


def main() -> None:
    from django.core.management import call_command
    from django.db import connection

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    result = national_dataset_build(scale=args.scale, seed=args.seed)
    total = time.perf_counter() - started
    for name, count in result["counts"].items():
        print(f"{name:22} {count:>9,}")
    print("seconds: " + ", ".join(f"{k} {v}" for k, v in result["seconds"].items()))
    print(f"built in {total:.1f} s (with VACUUM ANALYZE), dates relative to {result['today']}")


if __name__ == "__main__":
    main()
