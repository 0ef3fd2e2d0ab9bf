"""The SP managers' review queue: filters, sorting, pages, status counts, CSV export, queries."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from applications.enums import ApplicationStatus
from cohorts.models import Place, Role
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


def listed(response) -> list[int]:
    return [a.pk for a in response.context["page"].object_list]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


def test_queue_lists_submitted_applications_but_not_drafts(staff_client):
    submitted = ApplicationFactory(status=S.ENDORSED)
    ApplicationFactory(status=S.DRAFT)
    response = staff_client.get(QUEUE)
    assert response.status_code == 200
    assert listed(response) == [submitted.pk]
    # The page escapes names ("O&#x27;Connor"): compare with what the page shows.
    assert escape(submitted.full_name).encode() in response.content


def test_queue_filters_by_cohort(staff_client):
    wanted = ApplicationFactory()
    ApplicationFactory()
    response = staff_client.get(QUEUE, {"cohort": wanted.cohort.pk})
    assert listed(response) == [wanted.pk]


def test_queue_filters_by_status(staff_client):
    cohort = CohortFactory()
    wanted = ApplicationFactory(cohort=cohort, status=S.WAITLISTED)
    ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    response = staff_client.get(QUEUE, {"status": S.WAITLISTED})
    assert listed(response) == [wanted.pk]


def test_queue_filters_by_place(staff_client):
    newham = Place.objects.get(slug="newham")
    wanted = ApplicationFactory(pcn=PrimaryCareNetworkFactory(place=newham))
    ApplicationFactory()  # Hackney
    response = staff_client.get(QUEUE, {"place": newham.pk})
    assert listed(response) == [wanted.pk]


def test_queue_filters_by_pcn(staff_client):
    wanted = ApplicationFactory()
    ApplicationFactory()
    response = staff_client.get(QUEUE, {"pcn": wanted.pcn.pk})
    assert listed(response) == [wanted.pk]


def test_queue_filters_by_role(staff_client):
    coach = Role.objects.get(slug="health-and-wellbeing-coach")
    wanted = ApplicationFactory(role=coach)
    ApplicationFactory()
    response = staff_client.get(QUEUE, {"role": coach.pk})
    assert listed(response) == [wanted.pk]


@pytest.mark.parametrize(
    "q",
    ["lovelace", "ADA.WORK@", "ada.account@"],
    ids=["full_name", "work_email", "applicant_email"],
)
def test_queue_search_matches_name_and_either_email(staff_client, q):
    ada = ApplicationFactory(
        applicant=UserFactory(email="ada.account@example.nhs.uk"),
        full_name="Ada Lovelace",
        work_email="ada.work@nhs.net",
    )
    ApplicationFactory(full_name="Grace Hopper", work_email="grace@nhs.net")
    response = staff_client.get(QUEUE, {"q": q})
    assert listed(response) == [ada.pk]


def test_queue_combines_filters(staff_client):
    cohort = CohortFactory()
    wanted = ApplicationFactory(cohort=cohort, status=S.ENDORSED, full_name="Ada Lovelace")
    ApplicationFactory(cohort=cohort, status=S.WAITLISTED, full_name="Ada Byron")
    ApplicationFactory(status=S.ENDORSED, full_name="Ada King")
    response = staff_client.get(QUEUE, {"cohort": cohort.pk, "status": S.ENDORSED, "q": "ada"})
    assert listed(response) == [wanted.pk]


@pytest.fixture
def three_applications():
    now = timezone.now()
    cohort = CohortFactory()
    make = ApplicationFactory
    return {
        "bea": make(
            cohort=cohort,
            full_name="Bea Brown",
            status=S.WAITLISTED,
            submitted_at=now - datetime.timedelta(days=1),
        ),
        "ann": make(
            cohort=cohort,
            full_name="Ann Adams",
            status=S.OFFERED,
            submitted_at=now - datetime.timedelta(days=3),
        ),
        "cal": make(
            cohort=cohort,
            full_name="Cal Cole",
            status=S.AWAITING_ENDORSEMENT,
            submitted_at=now - datetime.timedelta(days=2),
        ),
    }


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, ["bea", "cal", "ann"]),
        ("-submitted_at", ["bea", "cal", "ann"]),
        ("submitted_at", ["ann", "cal", "bea"]),
        ("full_name", ["ann", "bea", "cal"]),
        ("-full_name", ["cal", "bea", "ann"]),
        # the order the process runs: awaiting endorsement, …, offered, waitlisted
        ("status", ["cal", "ann", "bea"]),
        ("password", ["bea", "cal", "ann"]),
    ],
)
def test_queue_sorts(staff_client, three_applications, sort, expected):
    params = {"sort": sort} if sort else {}
    response = staff_client.get(QUEUE, params)
    assert listed(response) == [three_applications[name].pk for name in expected]
    assert response.context["filter"].form.errors == {}


def test_queue_pages_by_fifty(staff_client):
    cohort = CohortFactory()
    pcn = PrimaryCareNetworkFactory()
    ApplicationFactory.create_batch(51, cohort=cohort, pcn=pcn)
    first = staff_client.get(QUEUE)
    second = staff_client.get(QUEUE, {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.num_pages == 2
    assert len(second.context["page"].object_list) == 1
    assert set(listed(first)).isdisjoint(listed(second))
    assert b'aria-label="Page 2"' in first.content
    assert b'rel="next"' in first.content
    assert b'rel="next"' not in second.content


def test_queue_counts_statuses_in_the_selected_cohort_whatever_the_other_filters(staff_client):
    cohort = CohortFactory()
    ApplicationFactory.create_batch(2, cohort=cohort, status=S.ENDORSED)
    ApplicationFactory(cohort=cohort, status=S.WAITLISTED)
    ApplicationFactory(cohort=cohort, status=S.DRAFT)
    ApplicationFactory(status=S.ENDORSED)  # another cohort
    response = staff_client.get(QUEUE, {"cohort": cohort.pk, "status": S.WAITLISTED})
    counts = {value: n for value, _, n in response.context["status_counts"]}
    assert counts == {
        S.AWAITING_ENDORSEMENT: 0,
        S.ENDORSED: 2,
        S.NOT_ENDORSED: 0,
        S.OFFERED: 0,
        S.WAITLISTED: 1,
        S.REJECTED: 0,
        S.ACCEPTED: 0,
        S.OFFER_DECLINED: 0,
        S.OFFER_LAPSED: 0,
        S.OFFER_RESCINDED: 0,
        S.WITHDRAWN: 0,
    }


def test_queue_for_a_cohort_shows_its_places_and_waitlist_in_order(staff_client):
    cohort = CohortFactory(capacity=3)
    ApplicationFactory(cohort=cohort, status=S.OFFERED)
    now = timezone.now()
    second = ApplicationFactory(
        cohort=cohort,
        status=S.WAITLISTED,
        full_name="Second Waiting",
        waitlisted_at=now - datetime.timedelta(days=1),
    )
    first = ApplicationFactory(
        cohort=cohort,
        status=S.WAITLISTED,
        full_name="First Waiting",
        waitlisted_at=now - datetime.timedelta(days=2),
    )
    response = staff_client.get(QUEUE, {"cohort": cohort.pk})
    places = response.context["places"]
    assert (places.cohort.capacity, places.held, places.free) == (3, 1, 2)
    assert places.waitlist == [first, second]
    assert response.context["can_offer_next"] is True
    assert b"Offer the place to the next person on the waitlist" in response.content


def test_queue_offers_no_place_when_the_cohort_is_full(staff_client):
    cohort = CohortFactory(capacity=1)
    ApplicationFactory(cohort=cohort, status=S.ACCEPTED)
    ApplicationFactory(cohort=cohort, status=S.WAITLISTED, full_name="Wai Ting")
    response = staff_client.get(QUEUE, {"cohort": cohort.pk})
    assert response.context["can_offer_next"] is False
    assert b"Offer the place to" not in response.content
    assert b"No place is free." in response.content


def test_queue_without_a_cohort_shows_no_places(staff_client):
    ApplicationFactory()
    response = staff_client.get(QUEUE)
    assert "places" not in response.context
    assert response.context["cohort"] is None


CSV_HEADER = [
    "ID",
    "Name",
    "Work e-mail",
    "Phone",
    "Role",
    "Employer",
    "PCN",
    "Place",
    "Started in role",
    "Status",
    "Submitted at",
    "Cohort",
]


@pytest.mark.parametrize("url", [EXPORT, QUEUE], ids=["export_url", "format_csv"])
def test_csv_export_has_every_filtered_row_on_every_page(staff_client, url):
    cohort = CohortFactory(name="Cohort Export")
    pcn = PrimaryCareNetworkFactory(name="Hackney Marshes PCN")
    submitted = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
    ApplicationFactory.create_batch(
        55,
        cohort=cohort,
        pcn=pcn,
        status=S.ENDORSED,
        submitted_at=submitted,
        started_in_role_on=datetime.date(2023, 5, 1),
    )
    odd = ApplicationFactory(
        cohort=cohort,
        pcn=None,
        pcn_other="Unlisted PCN",
        place=Place.objects.get(slug="havering"),
        full_name="Zed Other",
        work_email="zed@nhs.net",
        phone="=1+1",
        status=S.ENDORSED,
        submitted_at=submitted,
        started_in_role_on=datetime.date(2023, 5, 1),
    )
    ApplicationFactory(cohort=cohort, status=S.WAITLISTED)  # filtered out by status
    ApplicationFactory(status=S.ENDORSED)  # filtered out by cohort
    params = {"cohort": cohort.pk, "status": S.ENDORSED, "page": 2}
    if url == QUEUE:
        params["format"] = "csv"
    response = staff_client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="applications-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == CSV_HEADER
    assert len(rows) == 1 + 56
    # newest first, then the highest id: the unlisted-PCN application comes first
    assert rows[1] == [
        str(odd.pk),
        "Zed Other",
        "zed@nhs.net",
        "'=1+1",
        "Social Prescribing Link Worker",
        "Hackney GP Confederation",
        "Unlisted PCN",
        "Havering",
        "2023-05-01",
        "Endorsed",
        "2026-03-02 09:30",
        "Cohort Export",
    ]
    assert {row[6] for row in rows[2:]} == {"Hackney Marshes PCN"}
    assert {row[7] for row in rows[2:]} == {"Hackney"}


def test_csv_export_searches_like_the_queue(staff_client):
    ada = ApplicationFactory(full_name="Ada Lovelace")
    ApplicationFactory(full_name="Grace Hopper")
    rows = csv_rows(staff_client.get(EXPORT, {"q": "lovelace"}))
    assert [row[:2] for row in rows] == [CSV_HEADER[:2], [str(ada.pk), "Ada Lovelace"]]


def test_queue_page_links_to_the_export_with_the_same_filters(staff_client):
    cohort = CohortFactory()
    ApplicationFactory(cohort=cohort)
    response = staff_client.get(QUEUE, {"cohort": cohort.pk, "q": "a", "page": 1})
    assert f'href="{EXPORT}?cohort={cohort.pk}&amp;q=a"'.encode() in response.content


# The request's savepoint and its release (ATOMIC_REQUESTS), session, user, the user's
# groups (the permission), the status counts, the paginator's count, the page of rows, the
# names of the page's cohorts, roles, places and PCNs (one small query each), and the four
# filter drop-downs (cohort, place, PCN, role).
QUEUE_QUERIES = 16
# The same, plus the chosen cohort, its places held and its waitlist.
QUEUE_COHORT_QUERIES = 19


@pytest.mark.parametrize("rows", [5, 500])
def test_queue_queries_do_not_grow_with_rows(staff_client, django_assert_num_queries, rows):
    cohort = CohortFactory()
    pcn = PrimaryCareNetworkFactory()
    ApplicationFactory.create_batch(rows, cohort=cohort, pcn=pcn, status=S.ENDORSED)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = staff_client.get(QUEUE)
    assert len(response.context["page"].object_list) == min(rows, 50)


@pytest.mark.parametrize("rows", [5, 500])
def test_queue_for_a_cohort_queries_do_not_grow_with_rows(
    staff_client, django_assert_num_queries, rows
):
    cohort = CohortFactory()
    pcn = PrimaryCareNetworkFactory()
    ApplicationFactory.create_batch(rows, cohort=cohort, pcn=pcn, status=S.WAITLISTED)
    with django_assert_num_queries(QUEUE_COHORT_QUERIES):
        response = staff_client.get(QUEUE, {"cohort": cohort.pk})
    places = response.context["places"]
    assert (places.waitlist_count, len(places.waitlist)) == (rows, 5)


@pytest.mark.parametrize("rows", [5, 500])
def test_csv_export_queries_do_not_grow_with_rows(staff_client, django_assert_num_queries, rows):
    cohort = CohortFactory()
    pcn = PrimaryCareNetworkFactory()
    ApplicationFactory.create_batch(rows, cohort=cohort, pcn=pcn, status=S.ENDORSED)
    # Savepoint and release, session, user, groups, the audit trail's row for the export,
    # and one query for the rows (read while the response streams).
    with django_assert_num_queries(7):
        response = staff_client.get(EXPORT)
        lines = csv_rows(response)
    assert len(lines) == rows + 1


def test_a_queue_row_shows_name_cohort_pcn_status_and_links_to_the_application(staff_client):
    named = ApplicationFactory(
        full_name="Ada Lovelace", status=S.WAITLISTED, pcn=None, pcn_other="Unlisted PCN"
    )
    unnamed = ApplicationFactory(
        full_name="", applicant=UserFactory(email="no.name@example.nhs.uk"), status=S.ENDORSED
    )
    page = staff_client.get(reverse("staff:applications:queue")).content.decode()
    detail = reverse("staff:applications:detail", args=[named.pk])
    assert f'<a href="{detail}">Ada Lovelace</a>' in page
    assert "Unlisted PCN" in page
    assert '<strong class="nhsuk-tag nhsuk-tag--purple">Waitlisted</strong>' in page
    detail = reverse("staff:applications:detail", args=[unnamed.pk])
    assert f'<a href="{detail}">no.name@example.nhs.uk</a>' in page
    assert unnamed.cohort.name in page
