"""The evaluation's figures for one cohort or several: reach, confidence before and after,
module ratings, the final evaluation, response rates and alumni outcomes.

Every figure is aggregated in the database, in a fixed number of queries whatever the
number of cohorts or participants (bench/report.py measures it). The result is plain data
(dataclasses of numbers and strings), so the dashboard shows it and the influencing report
records it as its snapshot (dataclasses.asdict) and renders from that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Coalesce

from applications.selectors import cohorts_application_counts
from cohorts.enums import ATTENDED, AttendanceStatus
from cohorts.models import Attendance, Cohort, Enrolment
from ellw.text import percent_of
from evaluation.enums import Recommend, SurveyKind
from evaluation.models import (
    LEADING_CHANGE,
    LEADING_CHANGE_LABEL,
    AlumniUpdate,
    ConfidenceRating,
    Survey,
    SurveyResponse,
)
from modules.models import Module


@dataclass(frozen=True)
class CohortSummary:
    pk: int
    name: str
    starts_on: str  # ISO dates: the figures are recorded as JSON
    ends_on: str


@dataclass(frozen=True)
class PlaceCount:
    label: str
    count: int


@dataclass(frozen=True)
class Reach:
    applications: int
    endorsed: int
    admitted: int
    completed: int
    withdrawn: int
    # Attendance across every register taken: present or late, of the sessions that count
    # (excused apologies do not count).
    attendances: int
    attendance_counted: int
    places: list[PlaceCount]
    pcns: int

    @property
    def attendance_percent(self) -> int | None:
        return percent_of(self.attendances, self.attendance_counted)

    @property
    def completion_percent(self) -> int | None:
        return percent_of(self.completed, self.admitted)


@dataclass(frozen=True)
class SkillChange:
    """Confidence in one skill from the participants who answered it in both
    self-assessments (pairs); the means and change are over those pairs only."""

    skill: str
    label: str
    pairs: int
    baseline_mean: float | None
    end_mean: float | None
    improved: int
    # The sum over the pairs of end minus baseline: change is computed from it, not from
    # the rounded means, so it is exact to its two decimals.
    change_sum: int = 0

    @property
    def change(self) -> float | None:
        if not self.pairs:
            return None
        return round(self.change_sum / self.pairs, 2)


@dataclass(frozen=True)
class ModuleRating:
    module: str
    responses: int
    overall_mean: float | None
    usefulness_mean: float | None


@dataclass(frozen=True)
class ResponseRate:
    """One instrument across the cohorts shown: answers from active participants, of the
    active participants of the cohorts where it has opened."""

    label: str
    kind: str
    responses: int
    invited: int

    @property
    def percent(self) -> int | None:
        return percent_of(self.responses, self.invited)


@dataclass(frozen=True)
class FinalEvaluation:
    responses: int
    overall_mean: float | None
    overall_rated: int
    recommend_yes: int
    recommend_not_sure: int
    recommend_no: int

    @property
    def recommend_answered(self) -> int:
        return self.recommend_yes + self.recommend_not_sure + self.recommend_no

    @property
    def recommend_percent(self) -> int | None:
        return percent_of(self.recommend_yes, self.recommend_answered)


@dataclass(frozen=True)
class AlumniOutcome:
    """What graduates reported at one interval after graduating."""

    months_after: int
    requested: int
    responded: int
    promoted: int
    new_responsibilities: int
    leading_activities: int
    qi_projects_led: int
    mentoring: int

    @property
    def response_percent(self) -> int | None:
        return percent_of(self.responded, self.requested)

    @property
    def promoted_percent(self) -> int | None:
        return percent_of(self.promoted, self.responded)

    @property
    def mentoring_percent(self) -> int | None:
        return percent_of(self.mentoring, self.responded)


@dataclass(frozen=True)
class EvaluationFigures:
    cohorts: list[CohortSummary]
    reach: Reach
    skills: list[SkillChange]
    modules: list[ModuleRating]
    final: FinalEvaluation
    response_rates: list[ResponseRate]
    alumni: list[AlumniOutcome] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        """Participants with both self-assessments (the most pairs of any one skill)."""
        return max((skill.pairs for skill in self.skills), default=0)

    @property
    def mean_change(self) -> float | None:
        """The change in confidence over every paired answer, all skills pooled."""
        total = sum(skill.pairs for skill in self.skills)
        if not total:
            return None
        return round(sum(skill.change_sum for skill in self.skills) / total, 2)


def _mean(value) -> float | None:
    return None if value is None else round(float(value), 2)


def skill_labels() -> list[tuple[str, str]]:
    """The skills a self-assessment asks about, in the programme's order: the seven
    modules' skills, then leading change. (key, label)"""
    return [*Module.objects.values_list("slug", "name"), (LEADING_CHANGE, LEADING_CHANGE_LABEL)]


def _reach(cohort_ids: list[int]) -> Reach:
    applications = cohorts_application_counts(cohort_ids)
    enrolments = Enrolment.objects.filter(cohort_id__in=cohort_ids)
    counts = enrolments.aggregate(
        admitted=Count("pk"),
        completed=Count("pk", filter=Q(graduated_on__isnull=False)),
        withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        pcns=Count("application__pcn", distinct=True),
    )
    places = (
        enrolments.filter(application__place__isnull=False)
        .values("application__place__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "application__place__name")
    )
    excused = Q(status=AttendanceStatus.APOLOGIES, apologies_excused=True)
    attendance = (
        Attendance.objects.filter(session__cohort_id__in=cohort_ids)
        .exclude(excused)
        .aggregate(counted=Count("pk"), attended=Count("pk", filter=Q(status__in=ATTENDED)))
    )
    return Reach(
        applications=applications["applications"],
        endorsed=applications["endorsed"],
        admitted=counts["admitted"],
        completed=counts["completed"],
        withdrawn=counts["withdrawn"],
        attendances=attendance["attended"],
        attendance_counted=attendance["counted"],
        places=[PlaceCount(row["application__place__name"], row["count"]) for row in places],
        pcns=counts["pcns"],
    )


def _skills(cohort_ids: list[int]) -> list[SkillChange]:
    """Pairs in one pass: each participant's baseline and end answers for a skill side by
    side (grouped by participant and skill), then only the rows with both, per skill. A
    subquery in FROM, which the ORM cannot write, so this one read is SQL; it costs a hash
    aggregate over the cohorts' ratings, where a correlated subquery per rating grew with
    the whole table (docs/performance.md)."""
    if not cohort_ids:
        return [SkillChange(key, label, 0, None, None, 0) for key, label in skill_labels()]
    cohorts = ", ".join(["%s"] * len(cohort_ids))
    sql = f"""
        SELECT skill, COUNT(*), AVG(baseline), AVG(final), SUM(final - baseline),
               SUM(CASE WHEN final > baseline THEN 1 ELSE 0 END)
        FROM (
            SELECT response.enrolment_id, rating.skill,
                   MAX(CASE WHEN survey.kind = %s THEN rating.confidence END) AS baseline,
                   MAX(CASE WHEN survey.kind = %s THEN rating.confidence END) AS final
            FROM {ConfidenceRating._meta.db_table} rating
            JOIN {SurveyResponse._meta.db_table} response ON response.id = rating.response_id
            JOIN {Survey._meta.db_table} survey ON survey.id = response.survey_id
            WHERE survey.cohort_id IN ({cohorts}) AND survey.kind IN (%s, %s)
            GROUP BY response.enrolment_id, rating.skill
        ) answers
        WHERE baseline IS NOT NULL AND final IS NOT NULL
        GROUP BY skill
    """
    kinds = [SurveyKind.BASELINE.value, SurveyKind.END_OF_PROGRAMME.value]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*kinds, *cohort_ids, *kinds])
        paired = [
            {
                "skill": skill,
                "pairs": pairs,
                "baseline_mean": baseline_mean,
                "end_mean": end_mean,
                "change_sum": int(change_sum),
                "improved": int(improved),
            }
            for skill, pairs, baseline_mean, end_mean, change_sum, improved in cursor.fetchall()
        ]
    by_skill = {row["skill"]: row for row in paired}
    skills = []
    for key, label in skill_labels():
        row = by_skill.get(key)
        skills.append(
            SkillChange(
                skill=key,
                label=label,
                pairs=row["pairs"] if row else 0,
                baseline_mean=_mean(row["baseline_mean"]) if row else None,
                end_mean=_mean(row["end_mean"]) if row else None,
                improved=row["improved"] if row else 0,
                change_sum=row["change_sum"] if row else 0,
            )
        )
    return skills


def _modules(cohort_ids: list[int]) -> list[ModuleRating]:
    rows = (
        SurveyResponse.objects.filter(
            survey__kind=SurveyKind.MODULE_FEEDBACK, survey__cohort_id__in=cohort_ids
        )
        .values("survey__module__name", "survey__module__position")
        .annotate(
            responses=Count("pk"),
            overall_mean=Avg("overall_rating"),
            usefulness_mean=Avg("usefulness"),
        )
        .order_by("survey__module__position")
    )
    return [
        ModuleRating(
            module=row["survey__module__name"],
            responses=row["responses"],
            overall_mean=_mean(row["overall_mean"]),
            usefulness_mean=_mean(row["usefulness_mean"]),
        )
        for row in rows
    ]


def _final(cohort_ids: list[int]) -> FinalEvaluation:
    row = SurveyResponse.objects.filter(
        survey__kind=SurveyKind.FINAL_EVALUATION, survey__cohort_id__in=cohort_ids
    ).aggregate(
        responses=Count("pk"),
        overall_mean=Avg("overall_rating"),
        overall_rated=Count("overall_rating"),
        recommend_yes=Count("pk", filter=Q(would_recommend=Recommend.YES)),
        recommend_not_sure=Count("pk", filter=Q(would_recommend=Recommend.NOT_SURE)),
        recommend_no=Count("pk", filter=Q(would_recommend=Recommend.NO)),
    )
    return FinalEvaluation(**{**row, "overall_mean": _mean(row["overall_mean"])})


def _response_rates(cohort_ids: list[int]) -> list[ResponseRate]:
    # Three grouped queries, not a count per survey: correlated counts made PostgreSQL join
    # every enrolment once for each survey (150 ms at 50 cohorts).
    invited_by_cohort = dict(
        Enrolment.objects.filter(cohort_id__in=cohort_ids, withdrawn_at__isnull=True)
        .order_by()
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
    answered_by_survey = dict(
        SurveyResponse.objects.filter(
            survey__cohort_id__in=cohort_ids, enrolment__withdrawn_at__isnull=True
        )
        .order_by()
        .values_list("survey_id")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "n")
    )
    surveys = [
        {
            "kind": row["kind"],
            "module__name": row["module__name"],
            "module__position": row["module__position"],
            "invited": invited_by_cohort.get(row["cohort_id"], 0),
            "answered": answered_by_survey.get(row["pk"], 0),
        }
        for row in Survey.objects.filter(cohort_id__in=cohort_ids).values(
            "pk", "cohort_id", "kind", "module__name", "module__position"
        )
    ]
    # One row per survey (a handful per cohort), added up per instrument here: bounded by
    # what is shown, not by the participants.
    totals: dict[tuple[int, int, str, str], list[int]] = {}
    order = {kind: index for index, kind in enumerate(SurveyKind.values)}
    for row in surveys:
        kind = row["kind"]
        label = (
            f"Module feedback: {row['module__name']}"
            if kind == SurveyKind.MODULE_FEEDBACK
            else SurveyKind(kind).label
        )
        key = (order[kind], row["module__position"] or 0, kind, label)
        total = totals.setdefault(key, [0, 0])
        total[0] += row["answered"] or 0
        total[1] += row["invited"] or 0
    return [
        ResponseRate(label=label, kind=kind, responses=responses, invited=invited_)
        for (_, _, kind, label), (responses, invited_) in sorted(totals.items())
    ]


def _alumni(cohort_ids: list[int]) -> list[AlumniOutcome]:
    answered = Q(submitted_at__isnull=False)
    rows = (
        AlumniUpdate.objects.filter(enrolment__cohort_id__in=cohort_ids)
        .values("months_after")
        .annotate(
            requested=Count("pk"),
            responded=Count("pk", filter=answered),
            promoted=Count("pk", filter=answered & Q(promoted=True)),
            new_responsibilities=Count("pk", filter=answered & ~Q(new_responsibilities="")),
            leading_activities=Count("pk", filter=answered & ~Q(leadership_activities="")),
            qi_projects_led=Coalesce(Sum("qi_projects_led", filter=answered), 0),
            mentoring=Count("pk", filter=answered & Q(mentoring_others=True)),
        )
        .order_by("months_after")
    )
    return [AlumniOutcome(**row) for row in rows]


def evaluation_figures(cohort_ids: list[int]) -> EvaluationFigures:
    """Every figure of the evaluation for these cohorts (one or several)."""
    cohort_ids = list(cohort_ids)
    cohorts = [
        CohortSummary(
            pk=c.pk, name=c.name, starts_on=c.starts_on.isoformat(), ends_on=c.ends_on.isoformat()
        )
        for c in Cohort.objects.filter(pk__in=cohort_ids)
        .only("name", "starts_on", "ends_on")
        .order_by("starts_on", "pk")
    ]
    return EvaluationFigures(
        cohorts=cohorts,
        reach=_reach(cohort_ids),
        skills=_skills(cohort_ids),
        modules=_modules(cohort_ids),
        final=_final(cohort_ids),
        response_rates=_response_rates(cohort_ids),
        alumni=_alumni(cohort_ids),
    )
