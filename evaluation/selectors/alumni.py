"""Reads for alumni progress: the submitted updates the lead lists, one cohort or all."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from cohorts.models import Cohort
from ellw.links import links_past_retention
from evaluation.models import AlumniUpdate


def alumni_updates_submitted(*, cohort_ids: list[int] | None = None) -> QuerySet[AlumniUpdate]:
    """Submitted updates, newest first, with their cohort and graduate; the long answers
    and the link fields are deferred (the list does not show them)."""
    updates = (
        AlumniUpdate.objects.filter(submitted_at__isnull=False)
        .select_related("enrolment__cohort", "enrolment__participant")
        .only(
            "months_after",
            "submitted_at",
            "current_role",
            "organisation",
            "promoted",
            "qi_projects_led",
            "mentoring_others",
            "enrolment__cohort__name",
            "enrolment__participant__full_name",
        )
        .order_by("-submitted_at", "-pk")
    )
    if cohort_ids is not None:
        updates = updates.filter(enrolment__cohort_id__in=cohort_ids)
    return updates


def alumni_requests_waiting(*, cohort_ids: list[int] | None = None) -> QuerySet[AlumniUpdate]:
    """Requests sent and not answered (active graduates), most recently sent first, with
    when the link expires: the lead sees who was asked and may send it again."""
    requests = (
        AlumniUpdate.objects.filter(submitted_at__isnull=True, enrolment__withdrawn_at__isnull=True)
        .select_related("enrolment__cohort", "enrolment__participant")
        .only(
            "months_after",
            "requested_at",
            "last_sent_at",
            "link_expires_at",
            "enrolment__cohort__name",
            "enrolment__participant__full_name",
            "enrolment__participant__email",
        )
        .order_by("-requested_at", "-pk")
    )
    if cohort_ids is not None:
        requests = requests.filter(enrolment__cohort_id__in=cohort_ids)
    return requests


def alumni_update_received(pk: int) -> AlumniUpdate | None:
    """One submitted update in full, for the lead to read."""
    return (
        AlumniUpdate.objects.filter(pk=pk, submitted_at__isnull=False)
        .select_related("enrolment__cohort", "enrolment__participant")
        .defer("link_nonce", "token_hash")
        .first()
    )


def alumni_cohorts() -> QuerySet[Cohort]:
    """Every cohort, in the order they ran: the lead's page filters by them."""
    return Cohort.objects.only("name", "starts_on").order_by("starts_on", "pk")


def alumni_links_past_retention(now: datetime.datetime) -> QuerySet[AlumniUpdate]:
    """Alumni update links that stopped working (answered or expired) at least
    ELLW_RETENTION_LINK_DAYS ago and whose keys are still stored."""
    return AlumniUpdate.objects.filter(
        links_past_retention(now, expires_field="link_expires_at", ended_fields=("submitted_at",))
    )
