"""Review-queue speed with thousands of applications. Prints figures; asserts nothing.

    .venv/bin/python bench/review_queue.py [ROWS]          # SQLite in memory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ellw_bench \
        .venv/bin/python bench/review_queue.py

Creates a throw-away test database, fills one cohort with ROWS applications (default
5000), then times the queue page, a filtered and searched page, and the CSV export with
Django's test client (the whole request: middleware, queries, template).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def timed(client: Client, url: str, runs: int = 15) -> tuple[float, float, int]:
    client.get(url)  # warm
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.9) - 1], len(queries)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.conf import settings

        from applications.enums import ApplicationStatus
        from tests.factories import (
            ApplicationFactory,
            CohortFactory,
            PrimaryCareNetworkFactory,
            StaffFactory,
            UserFactory,
        )

        settings.ELLW_STAFF_MFA_REQUIRED = False
        cohort = CohortFactory(name="Cohort Bench", capacity=20)
        pcn = PrimaryCareNetworkFactory()
        statuses = [s for s in ApplicationStatus if s != ApplicationStatus.DRAFT]
        started = time.perf_counter()
        applicants = UserFactory.build_batch(rows)
        from ellw.accounts.models import User

        User.objects.bulk_create(applicants, batch_size=1000)
        applicants = list(User.objects.order_by("pk")[:rows])
        ApplicationFactory._meta.model.objects.bulk_create(
            [
                ApplicationFactory.build(
                    applicant=user, cohort=cohort, pcn=pcn, status=statuses[i % len(statuses)]
                )
                for i, user in enumerate(applicants)
            ],
            batch_size=1000,
        )
        print(
            f"{connection.vendor}: {rows} applications created in "
            f"{time.perf_counter() - started:.1f} s"
        )

        client = Client()
        client.force_login(StaffFactory())
        pages = {
            "queue, page 1": "/staff/applications/",
            "queue, cohort + status filter": (
                f"/staff/applications/?cohort={cohort.pk}&status=endorsed"
            ),
            "queue, name search, last page": "/staff/applications/?q=person&page=last",
            "CSV export (all rows)": "/staff/applications/export/",
        }
        print(f"{'page':34} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
        for label, url in pages.items():
            runs = 5 if "CSV" in label else 15
            median, p90, queries = timed(client, url, runs)
            print(f"{label:34} {median:10.1f} {p90:8.1f} {queries:8d}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
