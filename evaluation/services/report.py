"""The influencing report: each request is a new dated version, rendered as a generated
document (ellw.documents) by the document task once the transaction commits. Its figures are
recorded at the first render (evaluation.documents.report), so every later render of that
version says the same thing."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort
from ellw.accounts.models import User
from ellw.documents.enums import DocumentKind, DocumentStatus
from ellw.documents.services import document_request
from ellw.text import max_chars_message
from evaluation.models import NAME_MAX_CHARS, REPORT_INTRODUCTION_MAX_CHARS, InfluencingReport
from evaluation.selectors.report import report_quotes_shown

# A report's pages: the cover, contents and the fixed sections, plus about a page for each
# cohort's share of the places and quotes. Only for the progress bar: the render records
# the real count.
REPORT_BASE_PAGES = 11
TITLE_PREFIX = "Influencing report"


class ReportRuleError(Exception):
    """The report asked for cannot be made; the message says why."""


def report_pages_estimate(cohort_count: int) -> int:
    return REPORT_BASE_PAGES + min(cohort_count, 10) // 2


def report_default_title(cohorts: list[Cohort]) -> str:
    """ "Influencing report: Cohort 1", "…: Cohort 1 and Cohort 2", "…: Cohort 1, Cohort 2
    and Cohort 3", or for many "…: 10 cohorts, Cohort 1 to Cohort 10"."""
    names = [c.name for c in cohorts]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    if len(names) > 3 or len(f"{TITLE_PREFIX}: {listed}") > NAME_MAX_CHARS:
        listed = f"{len(names)} cohorts, {names[0]} to {names[-1]}"
    return f"{TITLE_PREFIX}: {listed}"[:NAME_MAX_CHARS]


def _same_request_in_progress(cohort_ids: set[int]) -> InfluencingReport | None:
    """A version of the report for exactly these cohorts still being made (a double click,
    or the lead asking again while it renders)."""
    waiting = InfluencingReport.objects.filter(
        document__status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]
    ).prefetch_related("cohorts")
    for report in waiting:
        if {c.pk for c in report.cohorts.all()} == cohort_ids:
            return report
    return None


def report_quotes_left_out(*, like: InfluencingReport | None, kept: list[int]) -> list[int]:
    """What a new version made like `like` leaves out: what that one left out, and those of
    its quotes not kept now."""
    if like is None:
        return []
    shown = {quote["id"] for quote in report_quotes_shown(like)}
    return sorted(set(like.left_out_quote_ids) | (shown - set(kept)))


@transaction.atomic
def influencing_report_request(
    *,
    cohort_ids: list[int],
    actor: User | None,
    title: str | None = None,
    introduction: str = "",
    testimonial_ids: list[int] | None = None,
    left_out_quote_ids: list[int] = (),
) -> InfluencingReport:
    """A new version of the influencing report for these cohorts, its PDF queued. While a
    version for the same cohorts is still being made, asking again returns it."""
    cohorts = list(Cohort.objects.filter(pk__in=set(cohort_ids)).order_by("starts_on", "pk"))
    if not cohorts:
        raise ReportRuleError("Select at least one cohort")
    if len(cohorts) != len(set(cohort_ids)):
        raise ReportRuleError("Select cohorts from the list")
    title = " ".join((title or "").split()) or report_default_title(cohorts)
    if len(title) > NAME_MAX_CHARS:
        raise ReportRuleError(max_chars_message("The title", NAME_MAX_CHARS, len(title)))
    # Serialises requests, so two clicks at once make one version.
    list(Cohort.objects.select_for_update().filter(pk__in=[c.pk for c in cohorts]))
    in_progress = _same_request_in_progress({c.pk for c in cohorts})
    if in_progress is not None:
        return in_progress
    now = timezone.now()
    introduction = (introduction or "").strip()
    if len(introduction) > REPORT_INTRODUCTION_MAX_CHARS:
        raise ReportRuleError(
            max_chars_message("The introduction", REPORT_INTRODUCTION_MAX_CHARS, len(introduction))
        )
    report = InfluencingReport.objects.create(
        title=title,
        introduction=introduction,
        testimonial_ids=None if testimonial_ids is None else sorted(set(testimonial_ids)),
        left_out_quote_ids=sorted(set(left_out_quote_ids)),
        requested_by=actor,
        requested_at=now,
    )
    report.cohorts.set(cohorts)
    report.document = document_request(
        kind=DocumentKind.INFLUENCING_REPORT,
        owner=report,
        title=f"{title} – {timezone.localtime(now):%-d %B %Y}",
        requested_by=actor,
        pages_total=report_pages_estimate(len(cohorts)),
    )
    report.save(update_fields=["document"])
    return report
