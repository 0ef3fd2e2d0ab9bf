"""Retention for applications: anonymise those past their period (the retention framework
calls this on its schedule)."""

from __future__ import annotations

import datetime

from django.db import transaction

from applications.selectors.retention import applications_past_retention
from applications.services.erasure import application_anonymise


@transaction.atomic
def applications_anonymise_past_retention(now: datetime.datetime) -> int:
    """Anonymise every application past its retention period; how many were."""
    count = 0
    for application in applications_past_retention(now).select_for_update(of=("self",)):
        application_anonymise(application)
        count += 1
    return count
