"""The evaluation dashboard, across cohorts and for one: who may see it, the headline
figures and tables a lead reads, the choice of cohorts, empty states, and work that does
not grow with the number of participants."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.enums import ApplicationStatus
from cohorts.enums import AttendanceStatus
from cohorts.models import Attendance
from evaluation.enums import Recommend, SurveyKind
from evaluation.models import AlumniUpdate
from modules.models import Module
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    SurveyFactory,
    SurveyResponseFactory,
    UserFactory,
    self_assessment,
)
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("staff:evaluation:dashboard")


def _cohort_url(cohort) -> str:
    return reverse("staff:evaluation:cohort_dashboard", kwargs={"pk": cohort.pk})


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def _text(response) -> str:
    """The page's words as read aloud: tags, charts (their tables say the same) and the
    responsive tables' hidden headings removed, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    html = re.sub(r'<span class="nhsuk-table__heading" aria-hidden="true">.*?</span>', " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _run(cohort, participants: int):
    """A cohort with `participants` who answered everything: baseline coaching 2 and
    leading change 3, end 4 and 4; module feedback 4; final rating 5, recommend yes; one
    session attended; a 6-month alumni update (promoted)."""
    baseline = SurveyFactory(cohort=cohort, kind=SurveyKind.BASELINE)
    end = SurveyFactory(cohort=cohort, kind=SurveyKind.END_OF_PROGRAMME)
    feedback = SurveyFactory(
        cohort=cohort,
        kind=SurveyKind.MODULE_FEEDBACK,
        module=Module.objects.get(slug="coaching"),
    )
    final = SurveyFactory(cohort=cohort, kind=SurveyKind.FINAL_EVALUATION)
    session = SessionFactory(cohort=cohort)
    now = timezone.now()
    for _ in range(participants):
        enrolment = EnrolmentFactory(cohort=cohort, graduated_on=datetime.date(2026, 3, 31))
        self_assessment(baseline, enrolment, coaching=2, leading_change=3)
        self_assessment(end, enrolment, coaching=4, leading_change=4)
        SurveyResponseFactory(survey=feedback, enrolment=enrolment, overall_rating=4, usefulness=5)
        SurveyResponseFactory(
            survey=final, enrolment=enrolment, overall_rating=5, would_recommend=Recommend.YES
        )
        Attendance.objects.create(
            session=session, enrolment=enrolment, status=AttendanceStatus.PRESENT, recorded_at=now
        )
        AlumniUpdate.objects.create(
            enrolment=enrolment,
            months_after=6,
            requested_at=now,
            link_nonce=f"n{enrolment.pk}",
            token_hash=f"h{enrolment.pk}",
            link_expires_at=now + datetime.timedelta(days=30),
            submitted_at=now,
            promoted=True,
            mentoring_others=True,
            qi_projects_led=1,
        )
    return cohort


# Who may see it.


def test_dashboard_anonymous_is_sent_to_log_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_dashboard_link_worker_is_refused(client, link_worker):
    client.force_login(link_worker)

    assert client.get(DASHBOARD).status_code == 403
    assert client.get(_cohort_url(CohortFactory())).status_code == 403


def test_dashboard_manager_without_mfa_is_sent_to_set_it_up(client, sp_manager):
    client.force_login(sp_manager)

    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_dashboard_manager_with_mfa_sees_it_without_the_leads_links(client, sp_manager):
    cohort = CohortFactory()
    log_in_with_mfa(client, sp_manager)

    response = client.get(_cohort_url(cohort))

    assert response.status_code == 200
    assert reverse("staff:evaluation:recognition") not in response.content.decode()
    assert client.get(DASHBOARD).status_code == 200


def test_cohort_dashboard_unknown_cohort_is_404(lead_client):
    assert lead_client.get("/staff/evaluation/cohorts/999999/").status_code == 404


# What it shows.


def test_cohort_dashboard_shows_headlines_charts_and_tables(lead_client):
    cohort = _run(CohortFactory(name="Cohort 1"), 3)
    EnrolmentFactory(cohort=cohort, withdrawn_at=timezone.now())
    ApplicationFactory(cohort=cohort, status=ApplicationStatus.DRAFT)

    response = lead_client.get(_cohort_url(cohort))

    assert response.status_code == 200
    html = response.content.decode()
    text = _text(response)
    assert "<h1>Evaluation</h1>" in html
    # Headlines: 4 submitted applications (the draft is not one), 4 admitted, 3 completed.
    assert "Applications 4 submitted (drafts not counted)" in text
    assert "Admitted 4 participants, 1 of whom withdrew" in text
    assert "Completed 3 75% of those admitted" in text
    assert "Attendance 100% 3 of 3 places at sessions" in text
    assert (
        "Change in confidence +1.50 mean change on the 1 to 5 scale, from 3 participants "
        "who answered both self-assessments"
    ) in text
    assert "Final evaluation rating 5.0 of 5 mean of 3 ratings" in text
    assert "Would recommend 100% 3 of 3 who answered" in text
    # Confidence per skill: chart, and its table from the paired answers.
    assert 'id="confidence-chart"' in html
    assert "Coaching 3 2.00 4.00 +2.00 3 of 3" in text
    assert "Leading change 3 3.00 4.00 +1.00 3 of 3" in text
    assert "Mentoring 0 No paired answers" in text
    # Module ratings, response rates and alumni outcomes.
    assert 'id="module-ratings-chart"' in html
    assert "Coaching 3 4.00 5.00" in text
    assert 'id="response-rates-chart"' in html
    assert "Baseline self-assessment 3 3 100%" in text
    assert "6 months 3 3 (100%) 3 0 3 3" in text
    assert html.count("Show the figures as a table") == 3
    assert ' style="' not in html
    assert "<script>" not in html


def test_dashboard_empty_cohort_explains_each_part(lead_client):
    cohort = CohortFactory()

    text = _text(lead_client.get(_cohort_url(cohort)))

    assert "No paired self-assessments yet" in text
    assert "No module feedback yet" in text
    assert "No surveys have opened yet" in text
    assert "No alumni updates asked for yet" in text
    assert "Change in confidence – No paired self-assessments yet" in text
    assert "Would recommend – No answers yet" in text


def test_dashboard_baseline_only_is_not_a_pair(lead_client):
    cohort = CohortFactory()
    baseline = SurveyFactory(cohort=cohort, kind=SurveyKind.BASELINE)
    self_assessment(baseline, EnrolmentFactory(cohort=cohort), coaching=2)

    response = lead_client.get(_cohort_url(cohort))

    assert 'id="confidence-chart"' not in response.content.decode()
    assert "No paired self-assessments yet" in _text(response)


def test_dashboard_links_to_the_leads_other_evaluation_pages(lead_client):
    cohort = CohortFactory()

    html = lead_client.get(_cohort_url(cohort)).content.decode()

    for name, kwargs in (
        ("staff:evaluation:recognition", {}),
        ("staff:evaluation:testimonials", {}),
        ("staff:evaluation:alumni", {}),
        ("staff:evaluation:reports", {}),
        ("staff:evaluation:cohort_surveys", {"pk": cohort.pk}),
    ):
        assert f'href="{reverse(name, kwargs=kwargs)}"' in html


def test_dashboard_cohort_and_staff_pages_link_to_it(lead_client):
    cohort = CohortFactory()

    detail = lead_client.get(reverse("staff:cohorts:detail", kwargs={"pk": cohort.pk}))
    home = lead_client.get(reverse("staff:dashboard"))

    assert f'href="{_cohort_url(cohort)}"' in detail.content.decode()
    assert f'href="{DASHBOARD}"' in home.content.decode()


# Across cohorts, and choosing them.


def test_dashboard_across_cohorts_pools_every_cohort_by_default(lead_client):
    first = _run(CohortFactory(name="Cohort 1"), 1)
    second = _run(CohortFactory(name="Cohort 2"), 2)

    response = lead_client.get(DASHBOARD)

    text = _text(response)
    assert response.status_code == 200
    assert "<h1>All cohorts</h1>" in response.content.decode()
    assert "Figures from 2 cohorts: Cohort 1, Cohort 2." in text
    assert "Coaching 3 2.00 4.00 +2.00 3 of 3" in text
    assert f'href="{_cohort_url(first)}"' in response.content.decode()
    assert f'href="{_cohort_url(second)}"' in response.content.decode()


def test_dashboard_chosen_cohorts_only(lead_client):
    _run(CohortFactory(name="Cohort 1"), 1)
    second = _run(CohortFactory(name="Cohort 2"), 2)
    third = _run(CohortFactory(name="Cohort 3"), 4)

    response = lead_client.get(DASHBOARD, {"cohort": [second.pk, third.pk]})

    text = _text(response)
    assert response.status_code == 200
    assert "<h1>Cohort 2, Cohort 3</h1>" in response.content.decode()
    assert "Coaching 6 2.00 4.00 +2.00 6 of 6" in text
    html = response.content.decode()
    assert f'value="{second.pk}" checked' in html
    assert f'value="{third.pk}" checked' in html


def test_dashboard_unknown_cohort_is_refused_with_a_message(lead_client):
    CohortFactory(name="Cohort 1")

    response = lead_client.get(DASHBOARD, {"cohort": ["999999"]})

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert "Choose cohorts from the list: one of those asked for does not exist" in text
    assert "Headline figures" not in text


def test_dashboard_cohort_that_is_not_a_number_is_refused(lead_client):
    CohortFactory(name="Cohort 1")

    response = lead_client.get(DASHBOARD, {"cohort": ["first"]})

    assert response.status_code == 400
    assert "Choose cohorts from the list" in _text(response)


def test_dashboard_no_cohorts_at_all(lead_client):
    response = lead_client.get(DASHBOARD)

    assert response.status_code == 200
    assert "No cohorts yet: figures show once a cohort is set up." in _text(response)


# Work in proportion to what is shown, not to the participants.


def _queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_dashboard_queries_do_not_grow_with_participants(lead_client):
    small = _run(CohortFactory(), 2)
    large = _run(CohortFactory(), 20)
    # Warm the session and permission caches on a first request.
    lead_client.get(_cohort_url(small))

    assert _queries(lead_client, _cohort_url(small)) == _queries(lead_client, _cohort_url(large))
    assert _queries(lead_client, DASHBOARD, {"cohort": [small.pk]}) == _queries(
        lead_client, DASHBOARD, {"cohort": [large.pk]}
    )


def test_dashboard_a_participant_sees_nothing_of_it(client):
    enrolment = EnrolmentFactory(participant=UserFactory())
    client.force_login(enrolment.participant)

    assert client.get(_cohort_url(enrolment.cohort)).status_code == 403
