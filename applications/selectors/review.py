"""Reads for the SP managers' review: the queue, its counts and CSV export, one
application's eligibility, other applications and notes, and counts for the report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from applications.eligibility import (
    EligibilityProblem,
    application_eligibility_problems,
)
from applications.enums import (
    ApplicationStatus,
    EndorsementOutcome,
    status_tag_class,
)
from applications.models import Application, ApplicationNote, EndorsementRequest
from cohorts.models import Cohort, Place, PrimaryCareNetwork, Role

S = ApplicationStatus


# Free-text answers, comments and reasons: read on one application's page, never on a list.
LONG_TEXT_FIELDS = tuple(
    f.name for f in Application._meta.concrete_fields if isinstance(f, models.TextField)
)


def application_other_applications(application: Application) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant_id=application.applicant_id)
        .exclude(pk=application.pk)
        .select_related("cohort")
        .order_by("-created_at")
    )


def application_eligibility(application: Application) -> list[EligibilityProblem]:
    return application_eligibility_problems(application)


def cohort_list_with_decision_counts() -> QuerySet[Cohort]:
    """Every cohort, newest first, with what needs someone's decision counted by SQL in the
    same query: endorsed applications awaiting a decision, offers awaiting the applicant's
    reply, and the waitlist."""
    return Cohort.objects.annotate(
        awaiting_decision=Count("applications", filter=Q(applications__status=S.ENDORSED)),
        offers_outstanding=Count("applications", filter=Q(applications__status=S.OFFERED)),
        waitlisted=Count("applications", filter=Q(applications__status=S.WAITLISTED)),
    ).order_by("-starts_on", "name")


def application_queue() -> QuerySet[Application]:
    """The review queue before filters: submitted applications with what each row shows,
    without the long answers (a list never shows them) or the applicant's password hash."""
    return (
        Application.objects.exclude(status=S.DRAFT)
        .select_related("cohort", "role", "place", "pcn", "applicant")
        .defer(*LONG_TEXT_FIELDS, "applicant__password")
    )


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One row of the review queue: what the table shows, nothing more."""

    pk: int
    name: str
    detail_url: str
    cohort: str
    role: str
    place: str
    pcn: str
    status_label: str
    status_class: str
    submitted_at: datetime.datetime | None


# The queue's columns, read as plain values (a row of model instances would cost five
# objects a row). Only the applicant is joined: PostgreSQL took longer to plan the query
# joining cohort, role, place and PCN as well (about 6 ms, against the many indexes of the
# applications table) than to run it, so their names come from one small query each.
QUEUE_ROW_COLUMNS = (
    "pk",
    "full_name",
    "applicant__email",
    "cohort_id",
    "role_id",
    "place_id",
    "pcn_id",
    "pcn_other",
    "status",
    "submitted_at",
)
# Each status's label, for rows read as plain values (the queue and its CSV export).
STATUS_LABELS = dict(S.choices)
# A stand-in id, replaced in one reversed address: reversing 50 addresses a page costs more
# than the rest of a row.
_PK_PLACEHOLDER = 918273645


def _names(model: type[models.Model], ids: set[int | None]) -> dict[int, str]:
    ids.discard(None)
    if not ids:
        return {}
    return dict(model.objects.filter(pk__in=ids).values_list("pk", "name"))


def application_queue_rows(page: QuerySet[Application]) -> list[QueueRow]:
    """A page of the queue (its filters, order and slice kept) as the table's rows."""
    values = list(page.values_list(*QUEUE_ROW_COLUMNS))
    cohorts = _names(Cohort, {v[3] for v in values})
    roles = _names(Role, {v[4] for v in values})
    places = _names(Place, {v[5] for v in values})
    pcns = _names(PrimaryCareNetwork, {v[6] for v in values})
    detail_url = reverse("staff:applications:detail", args=[_PK_PLACEHOLDER])
    rows = []
    for pk, name, email, cohort, role, place, pcn, pcn_other, status, submitted in values:
        rows.append(
            QueueRow(
                pk=pk,
                name=name or email,
                detail_url=detail_url.replace(str(_PK_PLACEHOLDER), str(pk)),
                cohort=cohorts.get(cohort, ""),
                role=roles.get(role, ""),
                place=places.get(place, ""),
                pcn=pcns[pcn] if pcn is not None else pcn_other,
                status_label=STATUS_LABELS.get(status, status),
                status_class=status_tag_class(status),
                submitted_at=submitted,
            )
        )
    return rows


# The CSV export's columns, joined in the same query; no applicant row, no long text.
EXPORT_COLUMNS = (
    "pk",
    "full_name",
    "work_email",
    "phone",
    "role__name",
    "employer",
    "pcn__name",
    "pcn_other",
    "place__name",
    "started_in_role_on",
    "status",
    "submitted_at",
    "cohort__name",
)


def application_export_rows(queryset: QuerySet[Application]) -> QuerySet:
    """The queue's rows (filters and order kept) as tuples of EXPORT_COLUMNS."""
    return queryset.values_list(*EXPORT_COLUMNS)


def application_status_counts(queryset: QuerySet[Application]) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status but draft, in one query (read from the
    (cohort, status) index alone on PostgreSQL: it counts "status", not the id)."""
    counts = dict(
        queryset.order_by()
        .values_list("status")
        .annotate(n=Count("status"))
        .values_list("status", "n")
    )
    return [(s.value, s.label, counts.get(s.value, 0)) for s in S if s != S.DRAFT]


def application_notes(application: Application) -> QuerySet[ApplicationNote]:
    """Internal notes on an application, newest first: staff pages only."""
    return application.notes.select_related("author").order_by("-created_at", "-id")


def cohorts_application_counts(cohort_ids: list[int]) -> dict[str, int]:
    """Reach for the influencing report, in one query: applications submitted (drafts are
    not applications yet) and how many a clinical director endorsed."""
    endorsed = EndorsementRequest.objects.filter(
        application=OuterRef("pk"), outcome=EndorsementOutcome.ENDORSED
    )
    return (
        Application.objects.filter(cohort_id__in=cohort_ids)
        .exclude(status=ApplicationStatus.DRAFT)
        .aggregate(
            applications=Count("pk"),
            endorsed=Count("pk", filter=Exists(endorsed)),
        )
    )
