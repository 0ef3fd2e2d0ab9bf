"""Retention for applications: which are past their period, and anonymising them."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent, ApplicationNote
from applications.selectors.retention import applications_past_retention
from applications.services.retention import applications_anonymise_past_retention
from tests.factories import ApplicationFactory, EnrolmentFactory, StaffFactory

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 12, 0))


def _last_changed(application, days_ago):
    Application.objects.filter(pk=application.pk).update(
        updated_at=NOW - datetime.timedelta(days=days_ago)
    )
    return application


def test_unsuccessful_and_withdrawn_applications_past_the_period_are_picked():
    picked = [
        _last_changed(ApplicationFactory(status=status), 366)
        for status in (
            ApplicationStatus.REJECTED,
            ApplicationStatus.NOT_ENDORSED,
            ApplicationStatus.OFFER_DECLINED,
            ApplicationStatus.OFFER_LAPSED,
            ApplicationStatus.OFFER_RESCINDED,
            ApplicationStatus.WITHDRAWN,
        )
    ]
    _last_changed(ApplicationFactory(status=ApplicationStatus.REJECTED), 364)  # a day short
    _last_changed(ApplicationFactory(status=ApplicationStatus.WAITLISTED), 800)  # still open
    _last_changed(EnrolmentFactory().application, 800)  # a participant's
    assert sorted(a.pk for a in applications_past_retention(NOW)) == sorted(a.pk for a in picked)


def test_the_period_comes_from_the_settings(settings):
    settings.ELLW_RETENTION_APPLICATION_DAYS = 30
    application = _last_changed(ApplicationFactory(status=ApplicationStatus.REJECTED), 31)
    assert list(applications_past_retention(NOW)) == [application]


def test_anonymising_past_retention_blanks_the_person_and_keeps_the_counts():
    application = _last_changed(
        ApplicationFactory(status=ApplicationStatus.REJECTED, full_name="Imogen Fairweather"),
        400,
    )
    ApplicationEvent.objects.create(
        application=application,
        actor_label="Imogen Fairweather (applicant)",
        description="Submitted by Imogen Fairweather",
        note="Long note",
    )
    ApplicationNote.objects.create(
        application=application, author=StaffFactory(), text="Called Imogen Fairweather."
    )

    assert applications_anonymise_past_retention(NOW) == 1

    application.refresh_from_db()
    assert (application.full_name, application.work_email, application.phone) == ("", "", "")
    assert (application.motivation, application.clinical_director_email) == ("", "")
    assert application.started_in_role_on is None
    assert application.status == ApplicationStatus.REJECTED
    assert application.place is not None and application.role is not None
    event = application.events.get()
    assert (event.description, event.actor_label, event.note) == (
        "Submitted by [removed]",
        "[removed] (applicant)",
        "",
    )
    assert not application.notes.exists()
    # Done once: the next run finds nothing.
    assert applications_anonymise_past_retention(NOW) == 0
