"""What the evaluation dashboard shows for one cohort or several: the headline figures as
words and numbers, and the three charts, all worked out from evaluation_figures (a fixed
number of queries however many participants there are)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from cohorts.models import Cohort
from ellw.text import count_of
from evaluation.charts import confidence_chart, mean_text, percent_chart, rating_chart
from evaluation.selectors.figures import EvaluationFigures, evaluation_figures

CONFIDENCE_CHART_ID = "confidence-chart"
MODULE_RATINGS_CHART_ID = "module-ratings-chart"
RESPONSE_RATES_CHART_ID = "response-rates-chart"
NO_FIGURE = "–"


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class EvaluationDashboard:
    figures: EvaluationFigures
    headlines: list[Headline]
    # None when there is nothing to draw yet: the page explains instead.
    confidence_chart: SafeString | None
    module_chart: SafeString | None
    response_chart: SafeString | None

    @property
    def cohort_names(self) -> list[str]:
        return [cohort.name for cohort in self.figures.cohorts]


def dashboard_cohorts() -> QuerySet[Cohort]:
    """The cohorts the dashboard can show, oldest first (the choices of its form)."""
    return Cohort.objects.only("name", "starts_on").order_by("starts_on", "pk")


def _percent_text(percent: int | None) -> str:
    return NO_FIGURE if percent is None else f"{percent}%"


def _headlines(figures: EvaluationFigures) -> list[Headline]:
    reach = figures.reach
    final = figures.final
    change = figures.mean_change
    return [
        Headline("Applications", str(reach.applications), "submitted (drafts not counted)"),
        Headline(
            "Endorsed",
            str(reach.endorsed),
            "applications endorsed by a clinical director",
        ),
        Headline(
            "Admitted",
            str(reach.admitted),
            f"participants, {reach.withdrawn} of whom withdrew",
        ),
        Headline(
            "Completed",
            str(reach.completed),
            (
                f"{reach.completion_percent}% of those admitted"
                if reach.completion_percent is not None
                else "Nobody admitted yet"
            ),
        ),
        Headline(
            "Attendance",
            _percent_text(reach.attendance_percent),
            (
                f"{reach.attendances} of {reach.attendance_counted} places at sessions"
                if reach.attendance_counted
                else "No registers taken yet"
            ),
        ),
        Headline(
            "Change in confidence",
            NO_FIGURE if change is None else f"{change:+.2f}",
            (
                "No paired self-assessments yet"
                if change is None
                else "mean change on the 1 to 5 scale, "
                f"from {count_of(figures.pairs, 'participant', 'participants')} "
                "who answered both self-assessments"
            ),
        ),
        Headline(
            "Final evaluation rating",
            NO_FIGURE if final.overall_mean is None else f"{mean_text(final.overall_mean)} of 5",
            (
                f"mean of {count_of(final.overall_rated, 'rating', 'ratings')}"
                if final.overall_rated
                else "No final evaluations yet"
            ),
        ),
        Headline(
            "Would recommend",
            _percent_text(final.recommend_percent),
            (
                f"{final.recommend_yes} of {final.recommend_answered} who answered"
                if final.recommend_answered
                else "No answers yet"
            ),
        ),
    ]


def evaluation_dashboard(cohort_ids: list[int]) -> EvaluationDashboard:
    """The dashboard of these cohorts (one or several)."""
    figures = evaluation_figures(cohort_ids)
    has_pairs = any(skill.pairs for skill in figures.skills)
    return EvaluationDashboard(
        figures=figures,
        headlines=_headlines(figures),
        confidence_chart=(
            confidence_chart(
                [(s.label, s.baseline_mean, s.end_mean, s.pairs) for s in figures.skills],
                chart_id=CONFIDENCE_CHART_ID,
            )
            if has_pairs
            else None
        ),
        module_chart=(
            rating_chart(
                [(m.module, m.overall_mean, m.responses) for m in figures.modules],
                chart_id=MODULE_RATINGS_CHART_ID,
                title="Mean overall rating of each module",
            )
            if figures.modules
            else None
        ),
        response_chart=(
            percent_chart(
                [
                    (r.label, r.percent, f"{r.responses} of {r.invited}")
                    for r in figures.response_rates
                ],
                chart_id=RESPONSE_RATES_CHART_ID,
                title="Response rate of each survey",
            )
            if figures.response_rates
            else None
        ),
    )
