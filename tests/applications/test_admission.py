import datetime

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.services import (
    ApplicationRuleError,
    application_admit,
    cohort_offer_next_on_waitlist,
)
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


def test_an_expired_offer_no_longer_holds_a_place(sp_manager):
    cohort = CohortFactory(capacity=1)
    stale = ApplicationFactory(cohort=cohort, status=S.OFFERED)
    stale.offer_expires_at = timezone.now() - datetime.timedelta(minutes=1)
    stale.save()
    waiting = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    application_admit(application=waiting, actor=sp_manager)
    stale.refresh_from_db()
    waiting.refresh_from_db()
    assert (stale.status, waiting.status) == (S.OFFER_LAPSED, S.OFFERED)


def test_an_open_offer_holds_its_place(sp_manager):
    cohort = CohortFactory(capacity=1)
    ApplicationFactory(cohort=cohort, status=S.OFFERED)
    waiting = ApplicationFactory(cohort=cohort, status=S.ENDORSED)
    with pytest.raises(ApplicationRuleError) as excinfo:
        application_admit(application=waiting, actor=sp_manager)
    assert excinfo.value.messages == [f"{cohort.name} is full: its 1 place is offered or taken."]


def test_offer_next_passes_over_someone_no_longer_eligible(sp_manager):
    cohort = CohortFactory(capacity=3)
    first = ApplicationFactory(cohort=cohort, status=S.WAITLISTED)
    first.started_in_role_on = cohort.starts_on - datetime.timedelta(days=30)
    first.save()
    second = ApplicationFactory(cohort=cohort, status=S.WAITLISTED)
    assert cohort_offer_next_on_waitlist(cohort=cohort, actor=sp_manager) == second
    first.refresh_from_db()
    assert first.status == S.WAITLISTED
