import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorts.selectors import cohort_list_open_for_applications
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
DAY = datetime.timedelta(days=1)


def test_open_window_includes_its_first_and_last_days():
    opens_today = CohortFactory(applications_open_on=TODAY, applications_close_on=TODAY + DAY)
    closes_today = CohortFactory(applications_open_on=TODAY - DAY, applications_close_on=TODAY)
    CohortFactory(applications_open_on=TODAY + DAY, applications_close_on=TODAY + 9 * DAY)
    CohortFactory(applications_open_on=TODAY - 9 * DAY, applications_close_on=TODAY - DAY)
    assert set(cohort_list_open_for_applications(today=TODAY)) == {opens_today, closes_today}


def test_public_page_lists_open_cohorts_only(client):
    today = timezone.localdate()
    CohortFactory(name="Cohort Open")
    CohortFactory(
        name="Cohort Closed",
        applications_open_on=today - 30 * DAY,
        applications_close_on=today - DAY,
    )
    response = client.get(reverse("cohorts:open"))
    assert response.status_code == 200
    assert [c.name for c in response.context["cohorts"]] == ["Cohort Open"]
    assert b"Cohort Open" in response.content
    assert b"Cohort Closed" not in response.content


def test_public_page_says_when_nothing_is_open(client):
    response = client.get(reverse("cohorts:open"))
    assert b"No cohort is open for applications" in response.content


def test_cohort_window_must_close_after_it_opens():
    cohort = CohortFactory.build(
        applications_open_on=TODAY, applications_close_on=TODAY - DAY, starts_on=TODAY
    )
    with pytest.raises(ValidationError) as excinfo:
        cohort.clean()
    assert excinfo.value.message_dict == {
        "applications_close_on": [
            f"The window must close on or after the day it opens, {TODAY:%-d %B %Y}."
        ]
    }
