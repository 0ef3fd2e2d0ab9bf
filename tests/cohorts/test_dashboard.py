"""The staff home page: each cohort with what needs a decision, counted in SQL, in a table
that reflows on a phone."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.enums import ApplicationStatus
from applications.selectors import cohort_list_with_decision_counts
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus
DASHBOARD = reverse("staff:dashboard")


@pytest.fixture
def staff_client(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    return client


def fill(cohort, *, endorsed: int, offered: int, waitlisted: int) -> None:
    for status, n in ((S.ENDORSED, endorsed), (S.OFFERED, offered), (S.WAITLISTED, waitlisted)):
        ApplicationFactory.create_batch(n, cohort=cohort, status=status)
    # Statuses that need nobody's decision are not counted.
    for status in (S.AWAITING_ENDORSEMENT, S.ACCEPTED, S.REJECTED, S.DRAFT):
        ApplicationFactory(cohort=cohort, status=status)


def test_dashboard_counts_what_needs_a_decision_per_cohort(staff_client):
    second = CohortFactory(name="Cohort 2")
    fill(second, endorsed=3, offered=2, waitlisted=1)
    CohortFactory(name="Cohort 3")
    response = staff_client.get(DASHBOARD)
    assert response.status_code == 200
    counts = {
        c.name: (c.awaiting_decision, c.offers_outstanding, c.waitlisted)
        for c in response.context["cohorts"]
    }
    assert counts == {"Cohort 2": (3, 2, 1), "Cohort 3": (0, 0, 0)}
    content = response.content.decode()
    row = re.search(
        r'<tr class="nhsuk-table__row" role="row">\s*<td[^>]*>.*?Cohort 2.*?</tr>', content, re.S
    )[0]
    cells = re.findall(r"</span>(\d+)</td>", row)
    assert cells == ["12", "3", "2", "1"]  # places on the cohort, then the three counts


def test_dashboard_counts_come_from_one_query():
    for n in range(3):
        fill(CohortFactory(), endorsed=n, offered=1, waitlisted=n)
    with CaptureQueriesContext(connection) as queries:
        cohorts = list(cohort_list_with_decision_counts())
    assert len(queries) == 1
    assert len(cohorts) == 3


def test_dashboard_queries_do_not_grow_with_cohorts_or_applications(staff_client):
    fill(CohortFactory(), endorsed=1, offered=1, waitlisted=1)
    with CaptureQueriesContext(connection) as small:
        staff_client.get(DASHBOARD)
    for _ in range(4):
        fill(CohortFactory(), endorsed=5, offered=3, waitlisted=4)
    with CaptureQueriesContext(connection) as large:
        staff_client.get(DASHBOARD)
    assert len(large) == len(small)


def test_dashboard_table_reflows_on_a_phone(staff_client):
    CohortFactory(name="Cohort 2")
    content = staff_client.get(DASHBOARD).content.decode()
    table = re.search(r"<table.*?</table>", content, re.S)[0]
    assert table.startswith('<table class="nhsuk-table nhsuk-table--responsive" role="table">')
    headers = re.findall(r'role="columnheader">([^<]+)</th>', table)
    assert headers == [
        "Cohort",
        "Applications open",
        "Runs",
        "Places on the cohort",
        "Endorsed, awaiting a decision",
        "Offers awaiting a reply",
        "On the waitlist",
    ]
    # Below desktop width each cell carries its own heading, as the NHS responsive table does.
    labels = re.findall(
        r'<span class="nhsuk-table__heading" aria-hidden="true">([^<]+) </span>', table
    )
    assert labels == headers
