"""Staff and apply pages at two sizes: does the work grow with the data? Prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ellw_bench \
        .venv/bin/python bench/review_queue.py [SMALL LARGE]      # default 100 10000
    .venv/bin/python bench/review_queue.py 100 2000               # SQLite in memory

Creates a throw-away test database (Django's test_<name>, destroyed at the end), fills one
cohort with SMALL applications in every submitted status, times each page, grows the cohort
to LARGE applications and times them again. Pages: the review queue unfiltered and filtered
to the cohort, one application's staff page, the admit confirmation page, the CSV export of
every row (the whole streamed body is read) and the apply form; and, for the search
indexes, the queue searched for one person's e-mail address.

Timings are Django's test client in process (the whole request: middleware, session,
queries, template rendering; no HTTP or WSGI server) with the test settings, which are
production-like where it matters: DEBUG off and the cached template loader. The figure is
the median of RUNS requests after one warm-up request.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

RUNS = 15
CSV_RUNS = 5
PCNS = 40


def request(client: Client, url: str) -> tuple[int, int]:
    """One GET, reading a streamed body to its end; (status, body bytes)."""
    response = client.get(url)
    if getattr(response, "streaming", False):
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return response.status_code, size


def timed(client: Client, url: str, runs: int) -> tuple[float, int, int]:
    """(median ms, queries, body bytes) of GET url."""
    status, size = request(client, url)  # warm
    assert status == 200, (url, status)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        request(client, url)
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        request(client, url)
    return statistics.median(samples), len(queries), size


def add_applications(cohort, pcn, count: int, start: int) -> None:
    """`count` applicants and their applications, statuses in turn (no drafts), each
    submitted a minute after the one before."""
    from applications.enums import ApplicationStatus
    from applications.models import Application
    from ellw.accounts.models import User
    from tests.factories import ApplicationFactory, UserFactory

    statuses = [s for s in ApplicationStatus if s != ApplicationStatus.DRAFT]
    users = [
        UserFactory.build(email=f"bench{start + i}@example.nhs.uk", password="x")
        for i in range(count)
    ]
    User.objects.bulk_create(users, batch_size=1000)
    users = list(User.objects.filter(email__startswith="bench").order_by("pk")[start:])
    first = timezone.now() - datetime.timedelta(days=30)
    rows = []
    for i, user in enumerate(users):
        n = start + i
        application = ApplicationFactory.build(
            applicant=user, cohort=cohort, pcn=pcn, status=statuses[n % len(statuses)]
        )
        application.submitted_at = first + datetime.timedelta(minutes=n)
        if application.waitlisted_at:
            application.waitlisted_at = application.submitted_at
        rows.append(application)
    Application.objects.bulk_create(rows, batch_size=1000)


def measure(urls: dict[str, str]) -> dict[str, tuple[float, int, int]]:
    from tests.factories import StaffFactory, UserFactory

    staff = Client()
    staff.force_login(StaffFactory())
    applicant = Client()
    applicant.force_login(UserFactory())
    results = {}
    for label, url in urls.items():
        client = applicant if label == "apply form" else staff
        results[label] = timed(client, url, CSV_RUNS if "CSV" in label else RUNS)
    return results


def targets(small: dict, large: dict) -> list[tuple[str, bool]]:
    """The targets for the large size (the CSV grows with its rows by design)."""
    ms = {label: figures[0] for label, figures in large.items()}
    return [
        *(
            (f"{label}: within 1.5x of the small size", ms[label] <= 1.5 * small[label][0])
            for label in large
            if "CSV" not in label
        ),
        ("CSV export under 500 ms", ms["CSV export (all rows)"] < 500),
        ("queue, cohort filter under 40 ms", ms["queue, cohort filter"] < 40),
        ("application detail under 40 ms", ms["application detail"] < 40),
    ]


def main() -> None:
    small, large = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (100, 10_000)
    # No setup_test_environment(): its instrumented template rendering copies every
    # context, which production does not do.
    settings.DEBUG = False
    settings.ELLW_STAFF_MFA_REQUIRED = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from applications.enums import ApplicationStatus
        from applications.models import Application
        from cohorts.models import Place
        from tests.factories import CohortFactory, PrimaryCareNetworkFactory

        loaders = engines["django"].engine.template_loaders
        print(
            f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
            f"DEBUG={settings.DEBUG}; template loader: {type(loaders[0]).__module__}"
        )
        cohort = CohortFactory(name="Cohort Bench", capacity=20)
        # About as many PCNs as north east London has, spread over its places: the apply
        # form and the queue's filters list them all.
        places = list(Place.objects.order_by("pk"))
        pcns = [PrimaryCareNetworkFactory(place=places[i % len(places)]) for i in range(PCNS)]
        pcn = pcns[0]
        add_applications(cohort, pcn, small, 0)
        first = Application.objects.order_by("pk").first()
        endorsed = (
            Application.objects.filter(status=ApplicationStatus.ENDORSED).order_by("pk").first()
        )
        urls = {
            "queue, unfiltered": "/staff/applications/",
            "queue, cohort filter": f"/staff/applications/?cohort={cohort.pk}",
            "application detail": f"/staff/applications/{first.pk}/",
            "admit confirmation": f"/staff/applications/{endorsed.pk}/decide/admit/",
            "queue, search one e-mail": "/staff/applications/?q=bench42%40",
            "CSV export (all rows)": "/staff/applications/export/",
            "apply form": f"/applications/apply/{cohort.slug}/",
        }
        results = {}
        for size in (small, large):
            have = Application.objects.count()
            if have < size:
                started = time.perf_counter()
                add_applications(cohort, pcn, size - have, have)
                print(f"grew to {size} applications in {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                # What autovacuum would have done by now: statistics and the visibility map.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            results[size] = measure(urls)

        print()
        print(
            f"{'page':24} {f'ms @{small}':>10} {f'ms @{large}':>11} {'ratio':>6} "
            f"{'queries':>9} {f'KB @{large}':>10}"
        )
        for label in urls:
            (ms_s, q_s, _), (ms_l, q_l, kb_l) = results[small][label], results[large][label]
            print(
                f"{label:24} {ms_s:10.1f} {ms_l:11.1f} {ms_l / ms_s:6.2f} "
                f"{f'{q_s}/{q_l}':>9} {kb_l / 1024:10.0f}"
            )
        print()
        for target, met in targets(results[small], results[large]):
            print(f"{'met' if met else 'MISSED':6} {target}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
