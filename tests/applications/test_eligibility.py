import datetime

import pytest

from applications.eligibility import eligibility_problems
from cohorts.models import Role
from tests.factories import CohortFactory, UserFactory

D = datetime.date


@pytest.fixture
def cohort(db):
    return CohortFactory(
        name="Cohort 1",
        applications_open_on=D(2021, 11, 1),
        applications_close_on=D(2021, 11, 30),
        starts_on=D(2022, 1, 10),
        ends_on=D(2022, 3, 31),
    )


def problems(cohort, **kwargs):
    defaults = {
        "applicant": UserFactory(),
        "role": Role.objects.get(slug="social-prescribing-link-worker"),
        "started_in_role_on": D(2021, 1, 10),
        "today": D(2021, 11, 15),
        "at_submission": True,
    }
    return eligibility_problems(cohort=cohort, **{**defaults, **kwargs})


def test_exactly_twelve_months_is_eligible(cohort):
    assert problems(cohort) == []


def test_one_day_short_names_the_numbers(cohort):
    [problem] = problems(cohort, started_in_role_on=D(2021, 1, 11))
    assert problem.rule == "experience"
    assert problem.field == "started_in_role_on"
    assert problem.message == (
        "You will have 11 months' experience on 10 January 2022; this cohort asks for 12."
    )


def test_cohort_minimum_is_its_own(cohort):
    cohort.minimum_experience_months = 6
    assert problems(cohort, started_in_role_on=D(2021, 7, 10)) == []
    [problem] = problems(cohort, started_in_role_on=D(2021, 7, 11))
    assert problem.message.startswith("You will have 5 months' experience")


def test_role_the_cohort_does_not_take(cohort):
    [problem] = problems(cohort, role=Role.objects.get(slug="care-coordinator"))
    assert problem.rule == "role"
    assert problem.message == (
        "Cohort 1 is open to: Social Prescribing Link Worker. "
        "It does not take applications from Care Coordinators."
    )


@pytest.mark.parametrize(
    ("today", "message"),
    [
        (D(2021, 10, 31), "Applications for Cohort 1 open on 1 November 2021."),
        (D(2021, 12, 1), "Applications for Cohort 1 closed on 30 November 2021."),
    ],
)
def test_window_closed(cohort, today, message):
    [problem] = problems(cohort, today=today)
    assert (problem.rule, problem.message) == ("window", message)


@pytest.mark.parametrize("today", [D(2021, 11, 1), D(2021, 11, 30)])
def test_window_open_on_first_and_last_day(cohort, today):
    assert problems(cohort, today=today) == []


def test_window_is_not_checked_after_submission(cohort):
    assert problems(cohort, today=D(2022, 2, 1), at_submission=False) == []


def test_endorser_domain(cohort):
    cohort.endorser_email_domains = "nhs.net, nhs.uk"
    [problem] = problems(cohort, clinical_director_email="dr@gmail.com")
    assert problem.message == (
        "For Cohort 1 the clinical director's e-mail address must end in @nhs.net or @nhs.uk."
    )
    assert problems(cohort, clinical_director_email="dr@NHS.net") == []
