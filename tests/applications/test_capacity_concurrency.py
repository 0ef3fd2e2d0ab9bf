"""Two managers admitting at the same moment never take a cohort beyond its capacity.

application_admit locks the cohort's row (SELECT … FOR UPDATE) before counting the places
held, so concurrent admissions queue behind each other. SQLite has no row locks (it locks
the whole database file), so this runs on PostgreSQL only: CI runs it there.
"""

import threading

import pytest
from django.db import connection

from applications import services
from applications.enums import ApplicationStatus
from tests.factories import ApplicationFactory, CohortFactory, StaffFactory

S = ApplicationStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT ... FOR UPDATE); SQLite cannot row-lock",
    ),
]


def admit_at_once(applications, actor) -> dict[int, str]:
    """Admit every application, each in its own thread and connection, released together.
    Returns application id → "offered" or the refusal's messages."""
    barrier = threading.Barrier(len(applications))
    outcomes: dict[int, str] = {}

    def admit(application):
        try:
            barrier.wait(timeout=10)
            services.application_admit(application=application, actor=actor)
            outcomes[application.pk] = "offered"
        except services.ApplicationRuleError as error:
            outcomes[application.pk] = " ".join(error.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=admit, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


@pytest.mark.parametrize("round_number", range(5))
def test_two_admissions_at_once_fill_one_place_once(round_number):
    manager = StaffFactory()
    cohort = CohortFactory(capacity=1)
    first, second = ApplicationFactory.create_batch(2, cohort=cohort, status=S.ENDORSED)

    outcomes = admit_at_once([first, second], manager)

    full = f"{cohort.name} is full: its 1 place is offered or taken."
    assert sorted(outcomes.values()) == sorted(["offered", full])
    statuses = {a.pk: a.status for a in cohort.applications.all()}
    offered = next(pk for pk, outcome in outcomes.items() if outcome == "offered")
    refused = next(pk for pk, outcome in outcomes.items() if outcome != "offered")
    assert statuses == {offered: S.OFFERED, refused: S.ENDORSED}
    assert cohort.applications.get(pk=refused).events.count() == 0


def test_many_admissions_at_once_stop_at_capacity():
    manager = StaffFactory()
    cohort = CohortFactory(capacity=2)
    applications = ApplicationFactory.create_batch(5, cohort=cohort, status=S.ENDORSED)

    outcomes = admit_at_once(applications, manager)

    assert list(outcomes.values()).count("offered") == 2
    assert cohort.applications.filter(status=S.OFFERED).count() == 2
    assert cohort.applications.filter(status=S.ENDORSED).count() == 3
