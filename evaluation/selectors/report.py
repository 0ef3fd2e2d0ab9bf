"""What the influencing report says, recorded once as its snapshot: the programme and its
modules, every figure of the evaluation (with the values the figures derive, so the PDF's
template only shows them), participants' quotes (only as they consented), approved
testimonials and recognition.

Built in a fixed number of queries whatever the number of cohorts or participants, and
bounded in what it loads: at most QUOTES_SHOWN quotes per cohort are read (a window over
each cohort's consented answers), and the report shows QUOTES_SHOWN of them in all.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from cohorts.models import Cohort
from evaluation.enums import QUOTABLE, QuoteConsent, SurveyKind, TestimonialSource
from evaluation.models import InfluencingReport, SurveyResponse
from evaluation.selectors.figures import evaluation_figures
from evaluation.selectors.recognition import recognition_for_report
from evaluation.selectors.testimonials import testimonials_for_report
from modules.models import Module

# How many participant quotes the report shows (chosen across the cohorts in turn), and
# how many testimonials of each source and awards it lists at most: a report is read, not
# searched, so it stays short whatever the number of answers.
QUOTES_SHOWN = 12
TESTIMONIALS_PER_SOURCE = 6
RECOGNITION_SHOWN = 20
REPORTS_PER_PAGE = 25


def _hours(value: Decimal) -> str:
    """6.0 → "6", 1.5 → "1.5"."""
    return f"{value.normalize():f}"


def _plain(value: Any) -> Any:
    """dataclasses.asdict, plus each dataclass's properties (percentages, change, pairs) as
    keys of its own, so what the figures derive is recorded with them."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name, attribute in vars(type(value)).items():
            if isinstance(attribute, property):
                data[name] = _plain(getattr(value, name))
        return data
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _modules() -> list[dict[str, str]]:
    return [
        {"name": m.name, "summary": m.summary, "cpd_hours": _hours(m.default_cpd_hours)}
        for m in Module.objects.only("name", "summary", "default_cpd_hours").order_by("position")
    ]


def _quotable(cohort_ids: list[int]) -> QuerySet[SurveyResponse]:
    """Final-evaluation answers its author agreed to be quoted from, with something to
    quote."""
    return SurveyResponse.objects.filter(
        survey__kind=SurveyKind.FINAL_EVALUATION,
        survey__cohort_id__in=cohort_ids,
        quote_consent__in=list(QUOTABLE),
    ).filter(~Q(practice_change="") | ~Q(take_back=""))


def _quote(row: dict) -> dict[str, str]:
    text = (row["practice_change"] or row["take_back"]).strip()
    if row["quote_consent"] == QuoteConsent.NAMED:
        parts = [row["named_as"], row["enrolment__application__role__name"]]
        who = ", ".join(part for part in parts if part)
        attribution = f"{who}, {row['survey__cohort__name']}"
        named = True
    else:
        # Nothing that names the person leaves the database for an anonymised quote.
        attribution = f"A participant, {row['survey__cohort__name']}"
        named = False
    return {"id": row["pk"], "text": text, "attribution": attribution, "named": named}


def _quotes(cohort_ids: list[int], left_out: list[int]) -> dict[str, Any]:
    """Up to QUOTES_SHOWN quotes, taken from each cohort in turn (earliest answers first),
    so a large cohort does not crowd out a small one; and how many there were. Two queries."""
    quotable = _quotable(cohort_ids)
    consented = quotable.count()
    ranked = (
        quotable.exclude(pk__in=left_out)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("survey__cohort_id")],
                order_by=[F("submitted_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank__lte=QUOTES_SHOWN)
        # The name is read only for those who agreed to be named.
        .annotate(
            named_as=Case(
                When(quote_consent=QuoteConsent.NAMED, then=F("enrolment__participant__full_name")),
                default=Value(""),
            )
        )
        .values(
            "pk",
            "survey__cohort_id",
            "survey__cohort__name",
            "survey__cohort__starts_on",
            "rank",
            "quote_consent",
            "practice_change",
            "take_back",
            "named_as",
            "enrolment__application__role__name",
        )
    )
    rows = sorted(
        ranked, key=lambda r: (r["rank"], r["survey__cohort__starts_on"], r["survey__cohort_id"])
    )[:QUOTES_SHOWN]
    # Shown cohort by cohort, in the order they ran.
    rows.sort(key=lambda r: (r["survey__cohort__starts_on"], r["survey__cohort_id"], r["rank"]))
    return {"shown": [_quote(row) for row in rows], "consented": consented}


def _testimonials(cohort_ids: list[int], only_ids: list[int] | None) -> list[dict[str, Any]]:
    """Approved testimonials with consent, about these cohorts or the programme as a whole,
    grouped by source, at most TESTIMONIALS_PER_SOURCE of each (the earliest)."""
    groups: dict[str, dict[str, Any]] = {}
    for testimonial in testimonials_for_report(
        cohort_ids, per_source=TESTIMONIALS_PER_SOURCE, only_ids=only_ids
    ):
        group = groups.setdefault(
            testimonial.source,
            {
                "source": testimonial.source,
                "label": SOURCE_HEADINGS[TestimonialSource(testimonial.source)],
                "items": [],
            },
        )
        group["items"].append({"text": testimonial.text, "attribution": testimonial.attribution})
    return list(groups.values())  # in the selector's order of sources


SOURCE_HEADINGS = {
    TestimonialSource.PARTICIPANT: "From participants",
    TestimonialSource.PCN: "From primary care networks",
    TestimonialSource.TRAINING_PARTNER: "From training partners",
    TestimonialSource.SYSTEM_LEADER: "From system leaders",
}


def _recognition(cohort_ids: list[int]) -> list[dict[str, str]]:
    """Awards and milestones of the programme as a whole and of these cohorts, newest
    first."""
    return [
        {
            "kind": r.kind,
            "title": r.title,
            "awarded_by": r.awarded_by,
            "date": r.date.isoformat(),
            "description": r.description,
            "cohort": r.cohort.name if r.cohort else "",
        }
        for r in recognition_for_report(cohort_ids)[:RECOGNITION_SHOWN]
    ]


def report_snapshot(
    cohort_ids: list[int],
    *,
    introduction: str = "",
    testimonial_ids: list[int] | None = None,
    left_out_quote_ids: list[int] = (),
) -> dict[str, Any]:
    """Everything the influencing report for these cohorts says, as JSON-ready data: with
    the lead's introduction, only the testimonials they chose (None: every one), and
    without the participants' answers they left out."""
    cohort_ids = list(cohort_ids)
    figures = evaluation_figures(cohort_ids)
    data = _plain(figures)
    return {
        "generated_on": timezone.localdate().isoformat(),
        "programme": settings.ELLW_PROGRAMME_NAME,
        "issuer": settings.ELLW_CERTIFICATE_ISSUER,
        "cohorts": data.pop("cohorts"),
        "modules": _modules(),
        "figures": data,
        "quotes": _quotes(cohort_ids, list(left_out_quote_ids)),
        "introduction": introduction,
        "testimonials": _testimonials(cohort_ids, testimonial_ids),
        "recognition": _recognition(cohort_ids),
    }


def report_quotes_shown(report: InfluencingReport) -> list[dict[str, Any]]:
    """The participants' words a version quoted, each with its answer's id (versions made
    before quotes carried ids offer none)."""
    quoted = (report.snapshot or {}).get("quotes", {}).get("shown", [])
    return [quote for quote in quoted if "id" in quote]


def report_testimonials_chosen(report: InfluencingReport, choices) -> list:
    """Of the testimonials a report may use now, those this version chose (None: all)."""
    chosen = report.testimonial_ids
    return [t for t in choices if chosen is None or t.pk in chosen]


def influencing_reports() -> QuerySet[InfluencingReport]:
    """Every version of the report, newest first, with what the list shows."""
    return (
        InfluencingReport.objects.select_related("document", "requested_by")
        .prefetch_related(Prefetch("cohorts", queryset=Cohort.objects.order_by("starts_on", "pk")))
        .defer("snapshot")
        .order_by("-requested_at", "-pk")
    )
