"""Staff pages do work in proportion to what they show, not to how many applications exist:
flat query counts, counts from SQL, the waitlist's head only, a streamed CSV of exactly the
exported columns, long text deferred on lists, and the indexes behind them."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import selectors
from applications.enums import ApplicationStatus
from applications.models import Application
from cohorts.models import Place
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    PrimaryCareNetworkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = ApplicationStatus
QUEUE = reverse("staff:applications:queue")
EXPORT = reverse("staff:applications:export")


@pytest.fixture
def staff_client(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    return client


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort Busy", capacity=4)


def add_waitlisted(cohort, count: int, start: datetime.datetime | None = None):
    start = start or timezone.now() - datetime.timedelta(days=10)
    pcn = PrimaryCareNetworkFactory()
    return [
        ApplicationFactory(
            cohort=cohort,
            pcn=pcn,
            status=S.WAITLISTED,
            full_name=f"Waiting {i:02d}",
            waitlisted_at=start + datetime.timedelta(hours=i),
        )
        for i in range(count)
    ]


def queries_for(client, url: str) -> int:
    # Once first, as a warm process would have: the audit trail looks its content type up
    # once per process.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return len(queries)


def test_application_detail_queries_do_not_grow_with_the_waitlist(
    staff_client, cohort, django_assert_num_queries
):
    application = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    url = reverse("staff:applications:detail", args=[application.pk])
    add_waitlisted(cohort, 2)
    few = queries_for(staff_client, url)
    add_waitlisted(cohort, 40)
    with django_assert_num_queries(few):
        staff_client.get(url)


def test_admit_page_queries_do_not_grow_with_the_waitlist(
    staff_client, cohort, django_assert_num_queries
):
    application = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    url = reverse("staff:applications:decide", args=[application.pk, "admit"])
    add_waitlisted(cohort, 2)
    few = queries_for(staff_client, url)
    add_waitlisted(cohort, 40)
    with django_assert_num_queries(few):
        staff_client.get(url)


def test_application_detail_counts_the_waitlist_without_loading_it(staff_client, cohort):
    application = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    ApplicationFactory(cohort=cohort, status=S.OFFERED)
    add_waitlisted(cohort, 12)
    response = staff_client.get(reverse("staff:applications:detail", args=[application.pk]))
    places = response.context["places"]
    assert (places.held, places.free, places.waitlist_count, places.waitlist) == (1, 3, 12, [])
    assert b"1 offered or accepted, 3 free, 12 on the waitlist." in response.content


def test_admit_page_counts_places_without_loading_the_waitlist(staff_client, cohort):
    application = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    ApplicationFactory(cohort=cohort, status=S.ACCEPTED)
    add_waitlisted(cohort, 7)
    response = staff_client.get(
        reverse("staff:applications:decide", args=[application.pk, "admit"])
    )
    places = response.context["places"]
    assert (places.held, places.free, places.waitlist_count, places.waitlist) == (1, 3, 7, [])


def test_cohort_places_counts_in_one_query_without_the_waitlist(cohort, django_assert_num_queries):
    add_waitlisted(cohort, 9)
    ApplicationFactory(cohort=cohort, status=S.OFFERED)
    with django_assert_num_queries(1):
        places = selectors.cohort_places(cohort, waitlist_shown=0)
    assert (places.held, places.waitlist_count, places.waitlist_more) == (1, 9, 9)


def test_queue_for_a_cohort_shows_the_head_of_the_waitlist_and_how_many_more(staff_client, cohort):
    waiting = add_waitlisted(cohort, 8)
    response = staff_client.get(QUEUE, {"cohort": cohort.pk})
    places = response.context["places"]
    assert places.waitlist == waiting[:5]
    assert (places.waitlist_count, places.waitlist_more) == (8, 3)
    content = response.content.decode()
    waitlist = content[content.index("<h3>Waitlist</h3>") : content.index("<h2>Applications")]
    assert "<p>8 on the waitlist.</p>" in waitlist
    assert "First 5 on the waitlist for Cohort Busy, in the order places are offered" in waitlist
    assert "Waiting 04" in waitlist
    assert "Waiting 05" not in waitlist
    assert (
        f'And 3 more. <a href="{QUEUE}?cohort={cohort.pk}&amp;status=waitlisted&amp;'
        'sort=waitlisted_at">See the whole waitlist for Cohort Busy</a>'
    ) in content


def test_queue_whole_waitlist_link_lists_everyone_in_waitlist_order(staff_client, cohort):
    waiting = add_waitlisted(cohort, 8)
    ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    response = staff_client.get(
        QUEUE, {"cohort": cohort.pk, "status": S.WAITLISTED, "sort": "waitlisted_at"}
    )
    assert [a.pk for a in response.context["page"].object_list] == [a.pk for a in waiting]


def test_queue_with_a_short_waitlist_names_everyone_and_no_more(staff_client, cohort):
    add_waitlisted(cohort, 2)
    response = staff_client.get(QUEUE, {"cohort": cohort.pk})
    assert response.context["places"].waitlist_more == 0
    assert b"Waitlist for Cohort Busy, in the order places are offered" in response.content
    assert b"more. <a" not in response.content


def test_queue_rows_leave_out_long_text_and_the_password_hash(staff_client, cohort):
    # The rows are read as plain values of the table's own columns: no long answer and no
    # password hash is ever selected for them.
    ApplicationFactory(cohort=cohort, status=S.ENDORSED, full_name="Ada Lovelace")
    with CaptureQueriesContext(connection) as queries:
        response = staff_client.get(QUEUE)
    (row,) = response.context["page"].object_list
    assert row.name == "Ada Lovelace"
    rows_query = next(
        q["sql"]
        for q in queries.captured_queries
        if '"applications_application"."full_name"' in q["sql"]
    )
    for column in ("motivation", "workplace_benefit", "password"):
        assert f'"{column}"' not in rows_query


def test_queue_search_finds_by_name_or_email_among_many(staff_client, cohort):
    pcn = PrimaryCareNetworkFactory()
    ApplicationFactory.create_batch(30, cohort=cohort, pcn=pcn, status=S.ENDORSED)
    ada = ApplicationFactory(
        cohort=cohort,
        applicant=UserFactory(email="countess@example.nhs.uk"),
        full_name="Ada Lovelace",
        work_email="ada.l@nhs.net",
        status=S.ENDORSED,
    )
    for q in ("LOVELACE", "ada.l@", "countess@"):
        response = staff_client.get(QUEUE, {"q": q, "cohort": cohort.pk})
        assert [a.pk for a in response.context["page"].object_list] == [ada.pk], q
        assert response.context["page"].paginator.count == 1


def csv_body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_csv_export_streams(staff_client, cohort):
    ApplicationFactory.create_batch(3, cohort=cohort, status=S.ENDORSED)
    response = staff_client.get(EXPORT)
    assert isinstance(response, StreamingHttpResponse)
    assert response.streaming is True
    assert len(list(csv.reader(io.StringIO(csv_body(response))))) == 4


def test_csv_export_rows_match_the_applications(staff_client, cohort):
    submitted = timezone.make_aware(datetime.datetime(2026, 7, 1, 23, 30), datetime.UTC)
    with_pcn = ApplicationFactory(
        cohort=cohort,
        status=S.OFFERED,
        full_name="Pat Listed",
        phone="+44 20 7946 0000",
        submitted_at=submitted,
        started_in_role_on=datetime.date(2022, 1, 31),
    )
    without = ApplicationFactory(
        cohort=cohort,
        status=S.WAITLISTED,
        full_name="@Sam Unlisted",
        pcn=None,
        pcn_other="Marsh PCN",
        place=Place.objects.get(slug="newham"),
        role=None,
        started_in_role_on=None,
        submitted_at=submitted - datetime.timedelta(days=1),
    )
    rows = list(csv.reader(io.StringIO(csv_body(staff_client.get(EXPORT)))))
    assert rows[1:] == [
        [
            str(with_pcn.pk),
            "Pat Listed",
            with_pcn.work_email,
            "'+44 20 7946 0000",
            "Social Prescribing Link Worker",
            "Hackney GP Confederation",
            with_pcn.pcn.name,
            "Hackney",
            "2022-01-31",
            "Place offered",
            "2026-07-02 00:30",  # British Summer Time
            "Cohort Busy",
        ],
        [
            str(without.pk),
            "'@Sam Unlisted",
            without.work_email,
            "020 7946 0000",
            "",
            "Hackney GP Confederation",
            "Marsh PCN",
            "Newham",
            "",
            "Waitlisted",
            "2026-07-01 00:30",
            "Cohort Busy",
        ],
    ]


def test_csv_export_reads_only_the_exported_columns(staff_client, cohort):
    ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    with CaptureQueriesContext(connection) as queries:
        csv_body(staff_client.get(EXPORT))
    export_sql = [q["sql"] for q in queries if "applications_application" in q["sql"]]
    assert len(export_sql) == 1
    for column in ('"password"', '"motivation"', '"workplace_benefit"', '"accounts_user"'):
        assert column not in export_sql[0]


def test_queue_default_order_has_a_partial_index():
    indexes = {index.name: index for index in Application._meta.indexes}
    for name, fields in (
        ("application_queue_order", ["-submitted_at", "-id"]),
        ("application_cohort_queue_order", ["cohort", "-submitted_at", "-id"]),
    ):
        assert indexes[name].fields == fields
        assert indexes[name].condition == ~Q(status="draft")


def test_search_trigram_indexes_exist_on_postgresql_only():
    with connection.cursor() as cursor:
        names = {
            index
            for table in ("applications_application", "accounts_user")
            for index in connection.introspection.get_constraints(cursor, table)
        }
    trigram = {
        "application_full_name_trgm",
        "application_work_email_trgm",
        "application_search_user_email_trgm",
    }
    expected = trigram if connection.vendor == "postgresql" else set()
    assert names & trigram == expected
