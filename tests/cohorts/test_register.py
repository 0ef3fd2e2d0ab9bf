"""The attendance register: a whole session saved in one post, refusals that change nothing,
who may excuse apologies, corrections kept as history, the cohort's attendance counts, and
the pages' queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.models import Attendance, AttendanceChange
from tests.factories import (
    ActionLearningSetFactory,
    CohortFactory,
    EnrolmentFactory,
    PrimaryCareNetworkFactory,
    SessionFactory,
)
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

P, L, A, AP = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.APOLOGIES,
)


@pytest.fixture
def cohort():
    return CohortFactory()


@pytest.fixture
def session(cohort):
    return SessionFactory(cohort=cohort)


@pytest.fixture
def people(cohort):
    pcn = PrimaryCareNetworkFactory()
    return [EnrolmentFactory(cohort=cohort, application__pcn=pcn) for _ in range(4)]


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


@pytest.fixture
def manager_client(client, sp_manager):
    log_in_with_mfa(client, sp_manager)
    return client


def _url(session) -> str:
    return reverse("staff:cohorts:register", kwargs={"pk": session.pk})


def _statuses(session) -> dict[int, tuple[str, bool]]:
    return {
        a.enrolment_id: (a.status, a.apologies_excused)
        for a in Attendance.objects.filter(session=session)
    }


def test_register_saves_a_whole_session_in_one_post(manager_client, session, people, sp_manager):
    data = {f"status_{e.pk}": s for e, s in zip(people, [P, L, A, AP], strict=True)}

    response = manager_client.post(_url(session), data)

    assert response.status_code == 302
    assert _statuses(session) == {
        people[0].pk: (P, False),
        people[1].pk: (L, False),
        people[2].pk: (A, False),
        people[3].pk: (AP, False),
    }
    changes = AttendanceChange.objects.filter(attendance__session=session)
    assert sorted((c.from_status, c.to_status, c.changed_by_id) for c in changes) == sorted(
        ("", s, sp_manager.pk) for s in [P, L, A, AP]
    )


def test_register_page_lists_the_expected_participants(manager_client, session, people):
    response = manager_client.get(_url(session))

    assert response.status_code == 200
    assert [row.enrolment.pk for row in response.context["rows"]] == sorted(
        (e.pk for e in people),
        key=lambda pk: (next(e for e in people if e.pk == pk).participant.full_name, pk),
    )


def test_register_refuses_a_participant_of_another_cohort(manager_client, session, people):
    stranger = EnrolmentFactory()
    data = {f"status_{people[0].pk}": P, f"status_{stranger.pk}": P}

    response = manager_client.post(_url(session), data)

    assert response.status_code == 400
    assert f"{stranger.participant.full_name} is not expected at this session" in (
        response.content.decode()
    )
    assert _statuses(session) == {}
    assert AttendanceChange.objects.count() == 0


def test_register_refuses_a_withdrawn_participant(manager_client, session, people):
    people[1].withdrawn_at = timezone.now()
    people[1].save()
    data = {f"status_{people[0].pk}": P, f"status_{people[1].pk}": P}

    response = manager_client.post(_url(session), data)

    assert response.status_code == 400
    assert _statuses(session) == {}


def test_register_of_a_set_meeting_refuses_a_member_of_another_set(manager_client, cohort, people):
    set_a = ActionLearningSetFactory(cohort=cohort, name="Set A")
    set_b = ActionLearningSetFactory(cohort=cohort, name="Set B")
    for enrolment, learning_set in zip(people, [set_a, set_a, set_b, set_b], strict=True):
        enrolment.action_learning_set = learning_set
        enrolment.save()
    meeting = SessionFactory(cohort=cohort, kind=SessionKind.SET_MEETING, action_learning_set=set_a)

    page = manager_client.get(_url(meeting))
    response = manager_client.post(
        _url(meeting), {f"status_{people[0].pk}": P, f"status_{people[2].pk}": P}
    )

    assert [row.enrolment.pk for row in page.context["rows"]] == sorted(
        [people[0].pk, people[1].pk],
        key=lambda pk: (next(e for e in people if e.pk == pk).participant.full_name, pk),
    )
    assert response.status_code == 400
    assert _statuses(meeting) == {}


def test_register_session_of_another_cohort_cannot_be_used_with_this_cohorts_people(
    manager_client, people
):
    # URL tampering: another cohort's session id, this cohort's participants posted.
    other_session = SessionFactory()
    data = {f"status_{people[0].pk}": P}

    response = manager_client.post(_url(other_session), data)

    assert response.status_code == 400
    assert Attendance.objects.count() == 0


def test_register_refuses_an_unknown_status(manager_client, session, people):
    response = manager_client.post(
        _url(session), {f"status_{people[0].pk}": P, f"status_{people[1].pk}": "asleep"}
    )

    assert response.status_code == 400
    assert _statuses(session) == {}


def test_register_sp_manager_cannot_excuse_apologies(manager_client, session, people):
    response = manager_client.post(
        _url(session), {f"status_{people[0].pk}": AP, f"excused_{people[0].pk}": "on"}
    )

    assert response.status_code == 400
    assert "Only the programme lead can excuse apologies" in response.content.decode()
    assert _statuses(session) == {}


def test_register_lead_excuses_apologies(lead_client, session, people):
    response = lead_client.post(
        _url(session), {f"status_{people[0].pk}": AP, f"excused_{people[0].pk}": "on"}
    )

    assert response.status_code == 302
    assert _statuses(session) == {people[0].pk: (AP, True)}


def test_register_excused_means_nothing_once_another_status_is_chosen(lead_client, session, people):
    # Ticked under "Sent apologies", then hidden by choosing "Absent": only the status counts.
    response = lead_client.post(
        _url(session), {f"status_{people[0].pk}": A, f"excused_{people[0].pk}": "on"}
    )

    assert response.status_code == 302
    assert _statuses(session) == {people[0].pk: (A, False)}


def test_register_shows_apologies_excused_only_under_sent_apologies(lead_client, session, people):
    lead_client.post(
        _url(session),
        {f"status_{people[0].pk}": AP, f"status_{people[1].pk}": A},
    )

    rows = lead_client.get(_url(session)).context["rows"]

    assert {row.enrolment.pk for row in rows if row.sent_apologies} == {people[0].pk}
    content = lead_client.get(_url(session)).content.decode()
    assert content.count("nhsuk-radios__conditional--hidden") == len(people) - 1
    assert content.count('data-reveals="id_excused_') == len(people)


def test_register_sp_manager_sees_no_excused_box_at_all(manager_client, session, people):
    content = manager_client.get(_url(session)).content.decode()

    assert "Apologies excused<" not in content
    assert "nhsuk-radios__conditional" not in content


def test_register_mark_everyone_present_fills_the_unmarked_and_saves_nothing(
    manager_client, session, people
):
    response = manager_client.post(
        _url(session), {"action": "everyone_present", f"status_{people[0].pk}": AP}
    )

    assert response.status_code == 200
    assert "Everyone not yet marked is shown as present. Nothing is saved yet" in (
        response.content.decode()
    )
    shown = {row.enrolment.pk: row.status.value() for row in response.context["rows"]}
    assert shown == {people[0].pk: AP, **{p.pk: "present" for p in people[1:]}}
    assert _statuses(session) == {}

    saved = manager_client.post(_url(session), {f"status_{pk}": v for pk, v in shown.items()})
    assert saved.status_code == 302
    assert _statuses(session) == {
        people[0].pk: (AP, False),
        **{p.pk: ("present", False) for p in people[1:]},
    }


def test_register_warns_before_a_session_in_the_future(manager_client, cohort, people):
    future = SessionFactory(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2))
    past = SessionFactory(cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=2))

    assert "This session has not happened yet" in manager_client.get(_url(future)).content.decode()
    assert (
        "This session has not happened yet" not in manager_client.get(_url(past)).content.decode()
    )


def test_register_saved_message_takes_the_focus(manager_client, session, people):
    response = manager_client.post(_url(session), {f"status_{people[0].pk}": A}, follow=True)

    content = response.content.decode()
    assert 'role="status" tabindex="-1" autofocus' in content
    assert "Register saved: 1 change." in content


def test_register_sp_manager_save_keeps_the_leads_excuse(
    client, session, people, programme_lead, sp_manager
):
    log_in_with_mfa(client, programme_lead)
    client.post(_url(session), {f"status_{people[0].pk}": AP, f"excused_{people[0].pk}": "on"})
    log_in_with_mfa(client, sp_manager)

    page = client.get(_url(session))
    response = client.post(_url(session), {f"status_{people[0].pk}": AP})

    assert "Apologies excused by the programme lead." in page.content.decode()
    assert response.status_code == 302
    assert _statuses(session) == {people[0].pk: (AP, True)}


def test_register_corrections_keep_history(client, session, people, sp_manager, programme_lead):
    log_in_with_mfa(client, sp_manager)
    client.post(_url(session), {f"status_{people[0].pk}": A, f"status_{people[1].pk}": P})
    log_in_with_mfa(client, programme_lead)
    client.post(
        _url(session),
        {
            f"status_{people[0].pk}": AP,
            f"excused_{people[0].pk}": "on",
            f"status_{people[1].pk}": P,
        },
    )

    page = client.get(_url(session))

    history = [
        (c.attendance.enrolment_id, c.from_status, c.from_excused, c.to_status, c.to_excused,
         c.changed_by_id)
        for c in AttendanceChange.objects.order_by("pk")
    ]  # fmt: skip
    assert history == [
        (people[0].pk, "", False, A, False, sp_manager.pk),
        (people[1].pk, "", False, P, False, sp_manager.pk),
        (people[0].pk, A, False, AP, True, programme_lead.pk),
    ]
    assert _statuses(session)[people[0].pk] == (AP, True)
    assert len(page.context["history"]) == 3


def test_register_without_changes_records_nothing(manager_client, session, people):
    manager_client.post(_url(session), {f"status_{people[0].pk}": P})

    manager_client.post(_url(session), {f"status_{people[0].pk}": P})

    assert AttendanceChange.objects.count() == 1


def test_attendance_overview_counts_each_status(manager_client, cohort, session, people):
    second = SessionFactory(cohort=cohort, starts_at=session.starts_at + timezone.timedelta(days=7))
    manager_client.post(
        _url(session),
        {
            f"status_{people[0].pk}": P,
            f"status_{people[1].pk}": P,
            f"status_{people[2].pk}": L,
            f"status_{people[3].pk}": AP,
        },
    )

    response = manager_client.get(reverse("staff:cohorts:attendance", kwargs={"pk": cohort.pk}))

    rows = [(s.pk, s.present, s.late, s.absent, s.apologies) for s in response.context["sessions"]]
    assert rows == [(session.pk, 2, 1, 0, 1), (second.pk, 0, 0, 0, 0)]


# --- queries at two sizes --------------------------------------------------------------------


def _cohort_of(size: int):
    cohort = CohortFactory()
    pcn = PrimaryCareNetworkFactory()
    enrolments = [EnrolmentFactory(cohort=cohort, application__pcn=pcn) for _ in range(size)]
    return SessionFactory(cohort=cohort), enrolments


REGISTER_PAGE_QUERIES = 9


@pytest.mark.parametrize("size", [5, 200])
def test_register_page_queries_do_not_grow(lead_client, django_assert_num_queries, size):
    session, enrolments = _cohort_of(size)
    lead_client.post(_url(session), {f"status_{e.pk}": P for e in enrolments})
    lead_client.get(_url(session))

    with django_assert_num_queries(REGISTER_PAGE_QUERIES):
        response = lead_client.get(_url(session))

    assert len(response.context["rows"]) == size


def _statements(client, url, data) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302
    statements = []
    for query in queries.captured_queries:
        sql = query["sql"]
        # SQLite caps a statement at 999 values, so Django splits a long INSERT into
        # batches; PostgreSQL sends one. Count each table's INSERT once.
        key = sql.split(" (", 1)[0] if sql.startswith("INSERT") else sql.split(" WHERE ", 1)[0]
        if not (sql.startswith("INSERT") and key in statements):
            statements.append(key)
    return statements


@pytest.mark.parametrize("corrected", [False, True])
def test_register_post_queries_do_not_grow(lead_client, corrected):
    counts = []
    for size in (5, 200):
        session, enrolments = _cohort_of(size)
        url = _url(session)
        if corrected:
            lead_client.post(url, {f"status_{e.pk}": A for e in enrolments})
        data = {f"status_{e.pk}": [P, L, AP][n % 3] for n, e in enumerate(enrolments)}
        counts.append(len(_statements(lead_client, url, data)))
        assert Attendance.objects.filter(session=session).count() == size
    assert counts[0] == counts[1]
