"""Reads of recognition: the lead's list, and what the influencing report names."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from evaluation.models import Recognition


def recognition_list() -> QuerySet[Recognition]:
    """Everything recorded, newest first, with its cohort (the description is short and
    shown, so it is not deferred)."""
    return Recognition.objects.select_related("cohort").order_by("-date", "-pk")


def recognition_for_report(cohort_ids: list[int]) -> QuerySet[Recognition]:
    """Recognition of the programme as a whole and of these cohorts, newest first."""
    return (
        Recognition.objects.filter(Q(cohort__isnull=True) | Q(cohort_id__in=list(cohort_ids)))
        .select_related("cohort")
        .order_by("-date", "-pk")
    )
