"""Graduation: one step graduates only those who completed, an override needs a reason and is
in the history, undoing needs a reason, withdrawn participants never graduate, who may see
and who may graduate, and the page's queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cohorts.enums import AttendanceStatus, EnrolmentEventKind, SessionKind
from cohorts.models import Attendance, Enrolment, EnrolmentEvent
from cohorts.services import (
    GraduationRuleError,
    cohort_graduate_completed,
    enrolment_graduate_override,
    enrolment_graduation_undo,
)
from modules.models import Module
from tests.factories import CohortFactory, EnrolmentFactory, SessionFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT
DAY = datetime.date(2022, 3, 24)


@pytest.fixture
def cohort():
    return CohortFactory(
        applications_open_on=datetime.date(2021, 11, 1),
        applications_close_on=datetime.date(2021, 11, 30),
        starts_on=datetime.date(2022, 1, 10),
        ends_on=datetime.date(2022, 3, 31),
    )


@pytest.fixture
def sessions(cohort):
    modules = list(Module.objects.order_by("position"))[:5]
    return [
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.MODULE,
            module=module,
            starts_at=timezone.make_aware(
                datetime.datetime(2022, 1, 12, 10) + datetime.timedelta(weeks=i)
            ),
        )
        for i, module in enumerate(modules)
    ]


def participant(cohort, sessions, marks, **kwargs) -> Enrolment:
    enrolment = EnrolmentFactory(cohort=cohort, **kwargs)
    Attendance.objects.bulk_create(
        Attendance(session=s, enrolment=enrolment, status=m, recorded_at=s.ends_at)
        for s, m in zip(sessions, marks, strict=True)
    )
    return enrolment


@pytest.fixture
def completed(cohort, sessions):
    return participant(cohort, sessions, [P, P, P, P, A])


@pytest.fixture
def short(cohort, sessions):
    return participant(cohort, sessions, [P, P, P, A, A])


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def _events(enrolment) -> list[tuple[str, str, str]]:
    return list(enrolment.events.values_list("kind", "description", "note"))


def test_graduate_completed_graduates_only_those_who_completed(
    cohort, completed, short, programme_lead
):
    count = cohort_graduate_completed(cohort=cohort, actor=programme_lead, graduated_on=DAY)
    assert count == 1
    completed.refresh_from_db()
    short.refresh_from_db()
    assert completed.graduated_on == DAY
    assert short.graduated_on is None
    assert _events(completed) == [(EnrolmentEventKind.GRADUATED, "Graduated on 24 March 2022", "")]
    assert _events(short) == []


def test_graduate_completed_twice_graduates_each_once(cohort, completed, programme_lead):
    cohort_graduate_completed(cohort=cohort, actor=programme_lead, graduated_on=DAY)
    later = DAY + datetime.timedelta(days=1)
    assert cohort_graduate_completed(cohort=cohort, actor=programme_lead, graduated_on=later) == 0
    completed.refresh_from_db()
    assert completed.graduated_on == DAY
    assert completed.events.count() == 1


def test_graduate_completed_never_graduates_a_withdrawn_participant(
    cohort, sessions, programme_lead
):
    withdrawn = participant(
        cohort, sessions, [P, P, P, P, P], withdrawn_at=timezone.now(), withdrawal_reason="Moved"
    )
    assert cohort_graduate_completed(cohort=cohort, actor=programme_lead, graduated_on=DAY) == 0
    withdrawn.refresh_from_db()
    assert withdrawn.graduated_on is None


def test_override_never_graduates_a_withdrawn_participant(cohort, sessions, programme_lead):
    withdrawn = participant(cohort, sessions, [A, A, A, A, A], withdrawn_at=timezone.now())
    with pytest.raises(GraduationRuleError, match="withdrew cannot graduate"):
        enrolment_graduate_override(
            enrolment=withdrawn, actor=programme_lead, reason="Was ill", graduated_on=DAY
        )
    withdrawn.refresh_from_db()
    assert withdrawn.graduated_on is None
    assert withdrawn.events.count() == 0


def test_override_requires_a_reason_and_changes_nothing_without_one(short, programme_lead):
    with pytest.raises(GraduationRuleError, match="Give the reason"):
        enrolment_graduate_override(
            enrolment=short, actor=programme_lead, reason="   ", graduated_on=DAY
        )
    short.refresh_from_db()
    assert short.graduated_on is None
    assert short.events.count() == 0


def test_override_keeps_the_reason_and_writes_the_history(short, programme_lead):
    reason = "Missed two sessions in hospital; caught up with the facilitator."
    enrolment_graduate_override(
        enrolment=short, actor=programme_lead, reason=reason, graduated_on=DAY
    )
    short.refresh_from_db()
    assert short.graduated_on == DAY
    assert short.graduation_override_reason == reason
    assert _events(short) == [
        (
            EnrolmentEventKind.GRADUATED_OVERRIDE,
            "Graduated on 24 March 2022 by the lead's decision",
            reason,
        )
    ]
    assert short.events.get().actor == programme_lead


def test_override_refuses_someone_who_completed(completed, programme_lead):
    with pytest.raises(GraduationRuleError, match="completed: graduate them with everyone"):
        enrolment_graduate_override(
            enrolment=completed, actor=programme_lead, reason="Why not", graduated_on=DAY
        )


def test_undo_needs_a_reason_and_is_in_the_history(cohort, short, programme_lead):
    enrolment_graduate_override(
        enrolment=short, actor=programme_lead, reason="Illness", graduated_on=DAY
    )
    with pytest.raises(GraduationRuleError, match="Give the reason"):
        enrolment_graduation_undo(enrolment=short, actor=programme_lead, reason="")
    enrolment_graduation_undo(enrolment=short, actor=programme_lead, reason="Wrong person")
    short.refresh_from_db()
    assert (short.graduated_on, short.graduation_override_reason) == (None, "")
    assert _events(short)[-1] == (
        EnrolmentEventKind.GRADUATION_UNDONE,
        "Graduation on 24 March 2022 undone",
        "Wrong person",
    )
    with pytest.raises(GraduationRuleError, match="has not graduated"):
        enrolment_graduation_undo(enrolment=short, actor=programme_lead, reason="Again")


# --- the pages -----------------------------------------------------------------------------


def _url(name, cohort, enrolment=None):
    args = [cohort.pk] if enrolment is None else [cohort.pk, enrolment.pk]
    return reverse(f"staff:cohorts:{name}", args=args)


def test_graduation_page_lists_completion_reasons_and_status(lead_client, cohort, completed, short):
    response = lead_client.get(_url("graduation", cohort))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Attended 4 of 5 module sessions (80%, needs 80%)" in html
    assert "Attended 3 of 5 module sessions (60%, needs 80%)" in html
    assert "Graduate everyone who completed (1)" in html
    assert _url("graduation_override", cohort, short) in html
    assert _url("graduation_override", cohort, completed) not in html


def test_graduation_confirm_page_states_how_many_and_defaults_to_today(
    lead_client, cohort, completed, short
):
    response = lead_client.get(_url("graduation_confirm", cohort))
    html = response.content.decode()
    assert "Graduate 1 participant who completed?" in html
    today = timezone.localdate()
    assert f'value="{today.year}"' in html
    assert escape(completed.participant.full_name) in html
    assert escape(short.participant.full_name) not in html


def test_graduation_confirm_post_graduates_the_completed_in_one_step(
    lead_client, cohort, completed, short
):
    response = lead_client.post(
        _url("graduation_confirm", cohort),
        {"graduated_on_0": "24", "graduated_on_1": "3", "graduated_on_2": "2022"},
    )
    assert response.status_code == 302
    completed.refresh_from_db()
    short.refresh_from_db()
    assert (completed.graduated_on, short.graduated_on) == (DAY, None)


def test_graduation_confirm_refuses_a_date_before_the_cohort_and_changes_nothing(
    lead_client, cohort, completed
):
    response = lead_client.post(
        _url("graduation_confirm", cohort),
        {"graduated_on_0": "9", "graduated_on_1": "1", "graduated_on_2": "2022"},
    )
    assert response.status_code == 400
    assert "on or after the cohort starts (10 January 2022)" in response.content.decode()
    completed.refresh_from_db()
    assert completed.graduated_on is None


def test_graduation_override_page_requires_a_reason(lead_client, cohort, short):
    url = _url("graduation_override", cohort, short)
    date = {"graduated_on_0": "24", "graduated_on_1": "3", "graduated_on_2": "2022"}
    response = lead_client.post(url, {**date, "reason": ""})
    assert response.status_code == 400
    assert "Give the reason for your decision" in response.content.decode()
    short.refresh_from_db()
    assert short.graduated_on is None

    response = lead_client.post(url, {**date, "reason": "x" * 2001})
    assert response.status_code == 400
    assert (
        "The reason must be 2,000 characters or fewer (you have 2,001)" in response.content.decode()
    )

    response = lead_client.post(url, {**date, "reason": "Caught up in writing"})
    assert response.status_code == 302
    short.refresh_from_db()
    assert short.graduation_override_reason == "Caught up in writing"
    assert EnrolmentEvent.objects.filter(
        enrolment=short, kind=EnrolmentEventKind.GRADUATED_OVERRIDE, note="Caught up in writing"
    ).exists()
    html = lead_client.get(_url("graduation", cohort)).content.decode()
    assert "Graduated on 24 March 2022 by the lead&#x27;s decision" in html
    assert "Reason: Caught up in writing" in html


def test_graduation_override_page_of_another_cohorts_enrolment_is_404(lead_client, cohort):
    other = EnrolmentFactory()
    assert lead_client.get(_url("graduation_override", cohort, other)).status_code == 404


def test_graduation_undo_page_undoes_with_a_reason(lead_client, cohort, completed, programme_lead):
    cohort_graduate_completed(cohort=cohort, actor=programme_lead, graduated_on=DAY)
    url = _url("graduation_undo", cohort, completed)
    assert lead_client.post(url, {"reason": ""}).status_code == 400
    assert lead_client.post(url, {"reason": "Recorded in error"}).status_code == 302
    completed.refresh_from_db()
    assert completed.graduated_on is None


def test_sp_manager_may_view_graduation_but_not_graduate(client, sp_manager, cohort, short):
    log_in_with_mfa(client, sp_manager)
    response = client.get(_url("graduation", cohort))
    assert response.status_code == 200
    assert "Graduate everyone who completed" not in response.content.decode()
    assert _url("graduation_override", cohort, short) not in response.content.decode()
    date = {"graduated_on_0": "24", "graduated_on_1": "3", "graduated_on_2": "2022"}
    assert client.get(_url("graduation_confirm", cohort)).status_code == 403
    assert client.post(_url("graduation_confirm", cohort), date).status_code == 403
    response = client.post(_url("graduation_override", cohort, short), {**date, "reason": "x"})
    assert response.status_code == 403
    assert client.post(_url("graduation_undo", cohort, short), {"reason": "x"}).status_code == 403
    short.refresh_from_db()
    assert short.graduated_on is None


def test_link_worker_may_not_see_graduation(client, cohort, completed):
    client.force_login(completed.participant)
    assert client.get(_url("graduation", cohort)).status_code == 403


@pytest.mark.parametrize("size", [5, 200])
def test_graduation_page_queries_do_not_grow(
    lead_client, cohort, sessions, size, django_assert_num_queries
):
    for n in range(size):
        participant(cohort, sessions, [P, P, P, P, A] if n % 2 else [P, A, A, A, A])
    lead_client.get(_url("graduation", cohort))
    with django_assert_num_queries(GRADUATION_PAGE_QUERIES):
        response = lead_client.get(_url("graduation", cohort))
    assert len(response.context["page"].rows) == size


# Session, user and MFA checks for the staff page, the cohort, and the completion rule's two.
GRADUATION_PAGE_QUERIES = 8
