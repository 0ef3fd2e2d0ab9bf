"""The influencing report across ten cohorts of 500 participants: figures and PDF.

    .venv/bin/python bench/report.py                  # 10 cohorts of 500
    .venv/bin/python bench/report.py --cohorts 2 --participants 100   # a quick trial
    .venv/bin/python bench/report.py --json           # and a JSON line last
    .venv/bin/python bench/report.py --pdf /tmp/report.pdf          # and keep the PDF

Creates a throw-away database (Django's test_<name>: in memory with the default SQLite,
or a test database beside DATABASE_URL's on PostgreSQL; dropped at the end), runs the
migrations, and fills COHORTS cohorts of PARTICIPANTS participants with bulk_create: the
applications (a sixth more than places, most endorsed), enrolments (nine in ten graduate),
a register for each of the seven module sessions, and full survey responses (baseline and
end-of-programme self-assessments with eight confidence ratings each, seven module
feedback surveys, the final evaluation with quotes and consent to quote), testimonials,
recognition and alumni updates at 6 and 12 months. Answers are drawn with a fixed seed, so
every run builds the same data.

Then it gathers the planner's statistics (ANALYZE on SQLite, VACUUM ANALYZE on PostgreSQL,
as autovacuum would have by then; --no-analyze skips it, to see the plans without them)
and measures, in this process:

- figures: `evaluation_figures` for one cohort and for all of them, the median of RUNS
  calls after one warm-up, and the queries each takes (the target: the same number for
  one cohort and ten, and a time that barely grows);
- render: a new version of the cross-cohort report (`influencing_report_request`), its
  document rendered by the document kind's renderer, `report_document_render`, called
  directly (not through the task): the snapshot recorded at its first render, the HTML,
  and the PDF. The first render in the process (WeasyPrint imported and the fonts loaded
  on the way, as in a worker's first report) is `render_s`; a second render from the
  recorded snapshot is printed for information;
- pages, and peak memory: the process's peak RSS (getrusage ru_maxrss, which includes
  Python, Django, WeasyPrint and the data built above; tracemalloc is not used, it slows
  WeasyPrint about 5x).

Targets (printed, not asserted; the exit code is 0 either way): the same number of queries
for one cohort and for all; the figures for all within n times one cohort's time; the whole
report under 8 s; peak memory under 1 GiB. With --json the last line is one JSON object:
{"cohorts", "participants", "figures_s", "figures_queries_1", "figures_queries_10",
"render_s", "pages", "peak_mib"} (figures_s: all cohorts' figures, in seconds;
participants: in all cohorts).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import logging
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

COHORTS = 10
PARTICIPANTS = 500
RUNS = 5
PCNS = 40
BATCH = 2000

PRACTICE_CHANGES = [
    "I now run a monthly huddle with our care coordinators and health and wellbeing "
    "coaches, and we agree together which referrals need a warm handover.",
    "I used the negotiation module to agree a shared referral pathway with the two "
    "housing associations in our PCN; waiting times for housing advice have halved.",
    "Coaching conversations have changed how I work with people who feel stuck: I ask "
    "more and advise less, and they leave with their own plan.",
    "I presented our social prescribing outcomes to the PCN board for the first time and "
    "secured funding for a second link worker.",
    "I set up a peer mentoring circle for newer link workers across the borough.",
]
TAKE_BACKS = [
    "A quality-improvement project on how quickly we contact people after referral.",
    "Confidence to speak up in multidisciplinary team meetings.",
    "The network map we drew of voluntary sector partners, to share with the team.",
]


def _rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def build(cohort_count: int, participants: int) -> list[int]:
    """The cohorts and everything the report counts; returns the cohorts' ids."""
    from applications.models import Application, EndorsementRequest
    from cohorts.enums import AttendanceStatus, SessionKind
    from cohorts.models import Attendance, Cohort, Enrolment, Place, PrimaryCareNetwork, Role
    from cohorts.models import Session as CohortSession
    from ellw.accounts.models import User
    from evaluation.models import (
        AlumniUpdate,
        ConfidenceRating,
        Recognition,
        Survey,
        SurveyResponse,
        Testimonial,
    )
    from modules.models import Module

    rng = random.Random(9)
    now = timezone.now()
    places = list(Place.objects.order_by("pk"))
    pcns = PrimaryCareNetwork.objects.bulk_create(
        PrimaryCareNetwork(name=f"Bench PCN {i + 1}", place=places[i % len(places)])
        for i in range(PCNS)
    )
    role = Role.objects.get(slug="social-prescribing-link-worker")
    modules = list(Module.objects.order_by("position"))
    skills = [m.slug for m in modules] + ["leading-change"]
    applicants = participants + participants // 6
    cohort_ids = []
    for c in range(cohort_count):
        starts = datetime.date(2022, 1, 10) + datetime.timedelta(days=120 * c)
        cohort = Cohort.objects.create(
            name=f"Cohort {c + 1}",
            slug=f"bench-cohort-{c + 1}",
            applications_open_on=starts - datetime.timedelta(days=70),
            applications_close_on=starts - datetime.timedelta(days=40),
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=80),
            capacity=participants,
        )
        cohort_ids.append(cohort.pk)
        users = User.objects.bulk_create(
            (
                User(
                    email=f"bench-{c}-{i}@example.nhs.uk",
                    full_name=f"Participant {c + 1}-{i + 1}",
                    password="!",
                )
                for i in range(applicants)
            ),
            batch_size=BATCH,
        )
        submitted = timezone.make_aware(datetime.datetime.combine(starts, datetime.time(9)))
        applications = Application.objects.bulk_create(
            (
                Application(
                    applicant=user,
                    cohort=cohort,
                    status="accepted" if i < participants else "rejected",
                    full_name=user.full_name,
                    work_email=user.email,
                    role=role,
                    pcn=(pcn := pcns[rng.randrange(PCNS)]),
                    place_id=pcn.place_id,
                    submitted_at=submitted - datetime.timedelta(days=60),
                    clinical_director_email=f"cd-{c}-{i}@nhs.net",
                )
                for i, user in enumerate(users)
            ),
            batch_size=BATCH,
        )
        EndorsementRequest.objects.bulk_create(
            (
                EndorsementRequest(
                    application=application,
                    endorser_name="Dr Priya Shah",
                    endorser_email=application.clinical_director_email,
                    link_nonce=f"n{application.pk}",
                    token_hash=f"bench-{application.pk}",
                    created_at=now,
                    expires_at=now,
                    outcome="endorsed",
                    decided_at=now,
                )
                for i, application in enumerate(applications)
                if i < participants or rng.random() < 0.5
            ),
            batch_size=BATCH,
        )
        enrolments = Enrolment.objects.bulk_create(
            (
                Enrolment(
                    cohort=cohort,
                    participant=application.applicant,
                    application=application,
                    enrolled_at=now,
                    withdrawn_at=now if i % 25 == 0 else None,
                    graduated_on=cohort.ends_on if i % 25 and i % 10 else None,
                )
                for i, application in enumerate(applications[:participants])
            ),
            batch_size=BATCH,
        )
        sessions = CohortSession.objects.bulk_create(
            CohortSession(
                cohort=cohort,
                kind=SessionKind.MODULE,
                module=module,
                starts_at=submitted + datetime.timedelta(weeks=m),
                ends_at=submitted + datetime.timedelta(weeks=m, hours=6),
            )
            for m, module in enumerate(modules)
        )
        statuses = [AttendanceStatus.PRESENT] * 8 + [
            AttendanceStatus.LATE,
            AttendanceStatus.ABSENT,
            AttendanceStatus.APOLOGIES,
        ]
        Attendance.objects.bulk_create(
            (
                Attendance(
                    session=session,
                    enrolment=enrolment,
                    status=(status := rng.choice(statuses)),
                    apologies_excused=status == AttendanceStatus.APOLOGIES,
                    recorded_at=session.ends_at,
                )
                for session in sessions
                for enrolment in enrolments
            ),
            batch_size=BATCH,
        )

        def survey(kind, module=None, cohort=cohort, opened_at=submitted):
            return Survey.objects.create(
                cohort=cohort, kind=kind, module=module, opened_at=opened_at
            )

        baseline, end = survey("baseline"), survey("end_of_programme")
        feedback = [survey("module_feedback", module) for module in modules]
        final = survey("final_evaluation")
        active = [e for e in enrolments if e.withdrawn_at is None]

        def response(survey, enrolment, **answers):
            return SurveyResponse(
                survey=survey,
                enrolment=enrolment,
                submitted_at=now,
                updated_at=now,
                **answers,
            )

        responses = [response(baseline, e) for e in active if rng.random() < 0.95]
        responses += [response(end, e) for e in active if rng.random() < 0.85]
        responses += [
            response(
                s,
                e,
                overall_rating=rng.choice((3, 4, 4, 5, 5)),
                usefulness=rng.choice((3, 4, 5, 5)),
                what_worked="Practising with real cases from our PCNs.",
            )
            for s in feedback
            for e in active
            if rng.random() < 0.8
        ]
        responses += [
            response(
                final,
                e,
                overall_rating=rng.choice((4, 4, 5, 5, 5)),
                would_recommend=rng.choice(("yes",) * 9 + ("not_sure",)),
                practice_change=rng.choice(PRACTICE_CHANGES),
                take_back=rng.choice(TAKE_BACKS),
                quote_consent=rng.choice(("named", "anonymised", "no", "")),
            )
            for e in active
            if rng.random() < 0.8
        ]
        responses = SurveyResponse.objects.bulk_create(responses, batch_size=BATCH)
        ConfidenceRating.objects.bulk_create(
            (
                ConfidenceRating(
                    response=r,
                    skill=skill,
                    confidence=(
                        rng.choice((1, 2, 2, 3, 3))
                        if r.survey_id == baseline.pk
                        else rng.choice((3, 4, 4, 5))
                    ),
                )
                for r in responses
                if r.survey_id in (baseline.pk, end.pk)
                for skill in skills
                if rng.random() < 0.97
            ),
            batch_size=BATCH,
        )
        Testimonial.objects.bulk_create(
            Testimonial(
                source=source,
                cohort=cohort,
                author_name=f"Author {c + 1}-{n}",
                author_role=role_name,
                organisation=organisation,
                text="The programme gave our link worker the confidence and the tools to "
                "lead change across the PCN, and the whole team has benefited.",
                consent=rng.choice(("named", "anonymised")),
                consent_given_at=now,
                status="approved" if n else "awaiting_approval",
                created_at=now,
                submitted_at=now,
            )
            for n, (source, role_name, organisation) in enumerate(
                [
                    ("pcn", "Clinical director", pcns[c % PCNS].name),
                    ("training_partner", "Facilitator", "Leading Well Ltd"),
                    ("participant", "Link worker", pcns[(c + 1) % PCNS].name),
                ]
            )
        )
        Recognition.objects.create(
            kind="milestone",
            title=f"{cohort.name} graduates",
            date=cohort.ends_on,
            cohort=cohort,
            description=f"{sum(1 for e in enrolments if e.graduated_on)} link workers graduated.",
        )
        graduates = [e for e in enrolments if e.graduated_on]
        AlumniUpdate.objects.bulk_create(
            (
                AlumniUpdate(
                    enrolment=e,
                    months_after=months,
                    requested_at=now,
                    link_nonce=f"{e.pk}-{months}",
                    token_hash=f"{e.pk}-{months}",
                    link_expires_at=now,
                    submitted_at=now if (answered := rng.random() < 0.6) else None,
                    current_role="Senior link worker" if answered else "",
                    promoted=rng.random() < 0.3 if answered else None,
                    leadership_activities="Leads the PCN huddle." if answered else "",
                    qi_projects_led=rng.choice((0, 1, 1, 2)) if answered else None,
                    mentoring_others=rng.random() < 0.5 if answered else None,
                )
                for e in graduates
                for months in ((6, 12) if c < cohort_count // 2 else (6,))
            ),
            batch_size=BATCH,
        )
    Recognition.objects.create(
        kind="award",
        title="Winner: Social Prescribing Workforce Initiative of the Year",
        awarded_by="Link Worker Day 2022 Awards",
        date=datetime.date(2022, 5, 12),
    )
    return cohort_ids


def figures_timed(cohort_ids: list[int]) -> tuple[float, int]:
    """(median seconds, queries) of evaluation_figures for these cohorts."""
    from evaluation.selectors.figures import evaluation_figures

    evaluation_figures(cohort_ids)  # warm
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        evaluation_figures(cohort_ids)
        samples.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        evaluation_figures(cohort_ids)
    return statistics.median(samples), len(queries)


def snapshot_queries(cohort_ids: list[int]) -> int:
    from evaluation.selectors.report import report_snapshot

    with CaptureQueriesContext(connection) as queries:
        report_snapshot(cohort_ids)
    return len(queries)


def render(cohort_ids: list[int]) -> dict:
    """A new version of the report for these cohorts, rendered twice by its renderer."""
    from evaluation.documents.report import report_document_render
    from evaluation.models import InfluencingReport
    from evaluation.services.report import influencing_report_request

    calls = []

    def progress(done: int, total: int) -> None:
        calls.append((done, total))

    # The request's enqueue runs on commit: rolled back at the end, nothing is enqueued
    # (the bench renders through the renderer itself).
    with transaction.atomic():
        report = influencing_report_request(cohort_ids=cohort_ids, actor=None)
        rss_before = _rss_mib()
        started = time.perf_counter()
        first = report_document_render(report.document, progress)
        render_s = time.perf_counter() - started
        report = InfluencingReport.objects.get(pk=report.pk)
        started = time.perf_counter()
        second = report_document_render(report.document, lambda done, total: None)
        again_s = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "render_s": render_s,
        "again_s": again_s,
        "pages": first.pages,
        "size_kib": len(first.content) / 1024,
        "identical": hashlib.sha256(first.content).digest()
        == hashlib.sha256(second.content).digest(),
        "progress_calls": len(calls),
        "pages_expected": report.document.pages_total,
        "rss_before_mib": rss_before,
        "content": first.content,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cohorts", type=int, default=COHORTS)
    parser.add_argument("--participants", type=int, default=PARTICIPANTS, help="per cohort")
    parser.add_argument("--json", action="store_true", help="print a JSON object last")
    parser.add_argument("--pdf", metavar="PATH", help="also write the rendered report to this file")
    parser.add_argument(
        "--no-analyze",
        action="store_true",
        help="skip gathering the planner's statistics after building the data",
    )
    args = parser.parse_args()
    # fontTools logs each font it unpacks at INFO; WeasyPrint warns it subsets with it.
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        cohort_ids = build(args.cohorts, args.participants)
        built_s = time.perf_counter() - started
        if not args.no_analyze:
            # The planner's statistics, as a database in service has them (PostgreSQL's
            # autovacuum gathers them; SQLite only when told).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(
            f"database: {connection.vendor}{' (no ANALYZE)' if args.no_analyze else ''}; built "
            f"{args.cohorts} cohorts of {args.participants} participants in {built_s:.1f} s"
        )
        one_s, one_q = figures_timed(cohort_ids[:1])
        all_s, all_q = figures_timed(cohort_ids)
        snap_1, snap_all = snapshot_queries(cohort_ids[:1]), snapshot_queries(cohort_ids)
        rendered = render(cohort_ids)
        peak = _peak_mib()
        if args.pdf:
            Path(args.pdf).write_bytes(rendered["content"])

        n = len(cohort_ids)
        print()
        print(f"{'':28} {'1 cohort':>10} {f'{n} cohorts':>11}")
        print(f"{'figures, ms (median)':28} {one_s * 1000:10.1f} {all_s * 1000:11.1f}")
        print(f"{'figures, queries':28} {one_q:10} {all_q:11}")
        print(f"{'snapshot, queries':28} {snap_1:10} {snap_all:11}")
        print()
        print(
            f"report of {n} cohorts: {rendered['pages']} pages ({rendered['pages_expected']} "
            f"expected), {rendered['size_kib']:.0f} KiB, progress reported "
            f"{rendered['progress_calls']} times"
        )
        print(f"render (first in process, snapshot included): {rendered['render_s']:.2f} s")
        print(
            f"render again from the snapshot: {rendered['again_s']:.2f} s, "
            f"same bytes: {'yes' if rendered['identical'] else 'NO'}"
        )
        print(
            f"peak RSS {peak:.0f} MiB (RSS {rendered['rss_before_mib']:.0f} MiB before "
            "rendering, with the data built)"
        )
        print()
        for target, met in (
            (f"same queries for 1 and {n} cohorts", one_q == all_q),
            # The figures aggregate every answer of the cohorts shown, in SQL: their time may
            # grow with the answers, but less than in proportion (fixed costs amortised).
            (f"figures for {n} cohorts within {n}x of 1 cohort's time", all_s <= n * one_s),
            ("whole report under 8 s", rendered["render_s"] < 8),
            ("peak memory under 1 GiB", peak < 1024),
        ):
            print(f"{'met' if met else 'MISSED':6} {target}")
        if args.json:
            print(
                json.dumps(
                    {
                        "cohorts": n,
                        "participants": n * args.participants,
                        "figures_s": round(all_s, 4),
                        "figures_queries_1": one_q,
                        "figures_queries_10": all_q,
                        "render_s": round(rendered["render_s"], 3),
                        "pages": rendered["pages"],
                        "peak_mib": round(peak, 1),
                    }
                )
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
