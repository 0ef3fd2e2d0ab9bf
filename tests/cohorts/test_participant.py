"""A participant's programme page: their own timetable next session first, their set,
their attendance and percentages, and the page's queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import AttendanceStatus, SessionKind
from cohorts.models import Attendance
from cohorts.selectors import enrolment_completion, enrolment_programme
from modules.models import Module, Speaker
from tests.factories import (
    ActionLearningSetFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
)
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

HOME = "/my-programme/"
UTC = datetime.UTC


def _at(days: int, hour: int = 10) -> datetime.datetime:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    return now.replace(hour=hour) + datetime.timedelta(days=days)


def _session(cohort, days, **fields):
    starts_at = _at(days)
    return SessionFactory(
        cohort=cohort,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        **fields,
    )


def _record(session, enrolment, status, excused=False):
    return Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        status=status,
        apologies_excused=excused,
        recorded_at=session.ends_at,
    )


def test_programme_page_shows_next_session_first_then_later_then_past(client):
    enrolment = EnrolmentFactory()
    cohort = enrolment.cohort
    past = _session(cohort, -3, title="Already happened")
    later = _session(cohort, 9, title="Later")
    nearest = _session(cohort, 2, title="Coming next")
    client.force_login(enrolment.participant)

    response = client.get(HOME)

    (programme,) = response.context["programmes"]
    assert programme.next_session == nearest
    assert programme.upcoming == [later]
    assert programme.past == [past]
    html = response.content.decode()
    assert html.index("Coming next") < html.index("Later") < html.index("Already happened")


def test_programme_page_shows_only_own_set_meetings_and_cohort(client):
    enrolment = EnrolmentFactory()
    cohort = enrolment.cohort
    own_set = ActionLearningSetFactory(cohort=cohort, name="Set A")
    other_set = ActionLearningSetFactory(cohort=cohort, name="Set B")
    enrolment.action_learning_set = own_set
    enrolment.save()
    own = _session(cohort, 2, kind=SessionKind.SET_MEETING, action_learning_set=own_set)
    _session(cohort, 3, kind=SessionKind.SET_MEETING, action_learning_set=other_set)
    _session(CohortFactory(), 4, title="Another cohort's session")
    client.force_login(enrolment.participant)

    response = client.get(HOME)

    (programme,) = response.context["programmes"]
    assert [programme.next_session, *programme.upcoming] == [own]
    assert "Another cohort" not in response.content.decode()


def test_programme_page_names_set_members_and_facilitator(client):
    enrolment = EnrolmentFactory(participant=UserFactory(full_name="Ada Jones"))
    facilitator = Speaker.objects.create(full_name="Dr Sam Reed", kind="facilitator")
    alset = ActionLearningSetFactory(cohort=enrolment.cohort, name="Set A", facilitator=facilitator)
    enrolment.action_learning_set = alset
    enrolment.save()
    EnrolmentFactory(
        cohort=enrolment.cohort,
        participant=UserFactory(full_name="Ben Cole"),
        action_learning_set=alset,
    )
    EnrolmentFactory(
        cohort=enrolment.cohort,
        participant=UserFactory(full_name="Cleo Withdrawn"),
        action_learning_set=alset,
        withdrawn_at=timezone.now(),
    )
    client.force_login(enrolment.participant)

    response = client.get(HOME)

    (programme,) = response.context["programmes"]
    assert programme.set_members == ["Ada Jones", "Ben Cole"]
    assert "Set A, facilitated by Dr Sam Reed." in response.content.decode()


def test_someone_without_an_enrolment_is_told_what_the_page_is_and_how_to_get_a_place(
    client, link_worker
):
    other = EnrolmentFactory(cohort=CohortFactory(name="Cohort 7"))
    client.force_login(link_worker)

    response = client.get(HOME)

    content = response.content.decode()
    assert response.status_code == 200
    assert "You do not have a place on a cohort yet." in content
    assert reverse("cohorts:open") in content
    assert reverse("applications:mine") in content
    assert "Cohort 7" not in content and other.participant.full_name not in content


def test_someone_who_withdrew_still_sees_their_programme_page(client):
    enrolment = EnrolmentFactory(withdrawn_at=timezone.now())
    client.force_login(enrolment.participant)

    content = client.get(HOME).content.decode()

    assert "You withdrew from this cohort" in content
    assert "You do not have a place on a cohort yet." not in content


def test_anonymous_person_is_sent_to_log_in(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_navigation_offers_your_programme_to_participants_only(client, link_worker):
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.participant)
    labels = [item["label"] for item in client.get("/").context["navigation_items"]]
    client.force_login(link_worker)
    others = [item["label"] for item in client.get("/").context["navigation_items"]]

    assert "Your programme" in labels
    assert "Your programme" not in others


# --- attendance percentages, as the completion rule counts them ---------------------------


def test_attendance_counts_late_as_attended_and_unexcused_apologies_as_absent():
    enrolment = EnrolmentFactory()
    cohort = enrolment.cohort
    module = Module.objects.first()
    statuses = [
        (AttendanceStatus.PRESENT, False),
        (AttendanceStatus.LATE, False),
        (AttendanceStatus.ABSENT, False),
        (AttendanceStatus.APOLOGIES, False),
        (AttendanceStatus.APOLOGIES, True),
    ]
    for n, (status, excused) in enumerate(statuses):
        session = _session(cohort, -10 + n, kind=SessionKind.MODULE, module=module)
        _record(session, enrolment, status, excused)

    programme = enrolment_programme(enrolment)

    share = programme.module_attendance
    assert (share.attended, share.counted, share.percent_text) == (2, 4, "50%")
    assert programme.set_attendance.counted == 0


def test_attendance_with_only_excused_apologies_has_no_percentage():
    enrolment = EnrolmentFactory()
    session = _session(enrolment.cohort, -2, kind=SessionKind.MODULE, module=Module.objects.first())
    _record(session, enrolment, AttendanceStatus.APOLOGIES, excused=True)

    share = enrolment_programme(enrolment).module_attendance

    assert share.counted == 0


def test_attendance_of_set_meetings_is_counted_apart_from_modules():
    enrolment = EnrolmentFactory()
    alset = ActionLearningSetFactory(cohort=enrolment.cohort)
    enrolment.action_learning_set = alset
    enrolment.save()
    for n, status in enumerate([AttendanceStatus.PRESENT] * 3 + [AttendanceStatus.ABSENT]):
        meeting = _session(
            enrolment.cohort, -10 + n, kind=SessionKind.SET_MEETING, action_learning_set=alset
        )
        _record(meeting, enrolment, status)
    _session(enrolment.cohort, -1, kind=SessionKind.SET_MEETING, action_learning_set=alset)

    programme = enrolment_programme(enrolment)

    share = programme.set_attendance
    # The meeting held without a register line counts as not attended, as for graduation.
    assert (share.attended, share.counted, share.percent_text, share.threshold) == (
        3,
        5,
        "60%",
        75,
    )
    assert not share.met
    assert programme.past[0].attendance_label == "Not recorded yet"


def test_attendance_is_not_counted_for_sessions_yet_to_come():
    enrolment = EnrolmentFactory()
    _session(enrolment.cohort, 3, kind=SessionKind.MODULE, module=Module.objects.first())

    share = enrolment_programme(enrolment).module_attendance

    assert (share.attended, share.counted) == (0, 0)


@pytest.mark.parametrize("size", [5, 200])
def test_programme_page_queries_do_not_grow(client, django_assert_num_queries, size):
    enrolment = EnrolmentFactory()
    cohort = enrolment.cohort
    alset = ActionLearningSetFactory(cohort=cohort)
    enrolment.action_learning_set = alset
    enrolment.save()
    module = Module.objects.first()
    for n in range(size):
        EnrolmentFactory(cohort=cohort, action_learning_set=alset)
        session = _session(
            cohort,
            n - size // 2,
            kind=SessionKind.SET_MEETING if n % 2 else SessionKind.MODULE,
            module=None if n % 2 else module,
            action_learning_set=alset if n % 2 else None,
        )
        if n < size // 2:
            _record(session, enrolment, AttendanceStatus.PRESENT)
    client.force_login(enrolment.participant)
    client.get(HOME)

    with django_assert_num_queries(PROGRAMME_QUERIES):
        response = client.get(HOME)

    (programme,) = response.context["programmes"]
    assert len(programme.set_members) == size + 1


PROGRAMME_QUERIES = 14  # 12, and the completion rule's two


def test_the_programme_page_and_the_graduation_page_give_one_number(client, programme_lead):
    enrolment = EnrolmentFactory(participant=UserFactory(full_name="Ola Adeyemi"))
    module = Module.objects.first()
    held = [
        _session(enrolment.cohort, -9 + n, kind=SessionKind.MODULE, module=module) for n in range(5)
    ]
    for session, status in zip(held[:4], ["present", "late", "present", "apologies"], strict=True):
        _record(session, enrolment, status)  # the fifth was held with no register line
    _session(enrolment.cohort, 5, kind=SessionKind.MODULE, module=module)  # yet to come

    client.force_login(enrolment.participant)
    mine = client.get(HOME).content.decode()
    completion = enrolment_completion(enrolment)

    assert (completion.modules.attended, completion.modules.counted) == (3, 5)
    assert "60% (3 of 5). To complete you need 80%: not met yet." in mine
    assert "How attendance counts, for this page and for graduation alike" in mine
    log_in_with_mfa(client, programme_lead)
    graduation = client.get(
        reverse("staff:cohorts:graduation", args=[enrolment.cohort.pk])
    ).content.decode()
    assert "How attendance counts, for this page and for graduation alike" in graduation
    assert "60%" in graduation
