"""Applications whose retention period is over: unsuccessful or withdrawn, unchanged for
ELLW_RETENTION_APPLICATION_DAYS, not yet anonymised."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import QuerySet

from applications.enums import ApplicationStatus
from applications.models import Application

# Applications that ended without a place (or whose place was given up before the start).
UNSUCCESSFUL_OR_WITHDRAWN = (
    ApplicationStatus.REJECTED,
    ApplicationStatus.NOT_ENDORSED,
    ApplicationStatus.OFFER_DECLINED,
    ApplicationStatus.OFFER_LAPSED,
    ApplicationStatus.OFFER_RESCINDED,
    ApplicationStatus.WITHDRAWN,
)


def applications_past_retention(now: datetime.datetime) -> QuerySet[Application]:
    """Unsuccessful and withdrawn applications last changed more than the retention period
    before `now`, not yet anonymised. A withdrawn participant's application (it has an
    enrolment) is kept with the enrolment's record, not here."""
    cutoff = now - datetime.timedelta(days=settings.ELLW_RETENTION_APPLICATION_DAYS)
    return (
        Application.objects.filter(
            status__in=UNSUCCESSFUL_OR_WITHDRAWN,
            updated_at__lt=cutoff,
            anonymised_at__isnull=True,
            enrolment__isnull=True,
        )
        .select_related("applicant")
        .order_by("updated_at", "pk")
    )
