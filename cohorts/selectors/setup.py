"""Reads for setting a cohort up: the cohort's overview and the places it holds."""

from __future__ import annotations

from django.db.models import QuerySet

from cohorts.models import Cohort, Enrolment


def cohort_for_overview() -> QuerySet[Cohort]:
    """Cohorts with their eligible roles, for the overview and the edit form."""
    return Cohort.objects.prefetch_related("eligible_roles")


def cohort_places_taken(cohort: Cohort) -> int:
    """Participants enrolled and not withdrawn: the places cohorts itself can count. Offers
    not yet answered are applications' to count (see cohorts.views.setup.cohort_edit)."""
    return Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=True).count()


def cohort_withdrawals(cohort: Cohort) -> QuerySet[Enrolment]:
    """Participants who left the cohort, most recent first, with their name: one query."""
    return (
        Enrolment.objects.filter(cohort=cohort, withdrawn_at__isnull=False)
        .select_related("participant")
        .only("withdrawn_at", "withdrawal_reason", "participant__full_name", "participant__email")
        .order_by("-withdrawn_at", "pk")
    )
