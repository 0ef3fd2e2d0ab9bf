"""Reads about cohorts."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from cohorts.models import Cohort


def cohort_list_open_for_applications(*, today: datetime.date | None = None) -> QuerySet[Cohort]:
    """Cohorts whose application window includes today, soonest start first."""
    today = today or timezone.localdate()
    return (
        Cohort.objects.filter(applications_open_on__lte=today, applications_close_on__gte=today)
        .prefetch_related("eligible_roles")
        .order_by("starts_on", "name")
    )


def cohort_list_for_staff() -> QuerySet[Cohort]:
    return Cohort.objects.prefetch_related("eligible_roles").order_by("-starts_on")
