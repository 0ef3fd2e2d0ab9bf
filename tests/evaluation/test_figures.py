"""The evaluation's figures at their edges: confidence change from paired answers only,
module ratings, the final evaluation, response rates, reach and alumni outcomes, in a
fixed number of queries whatever the number of cohorts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.enums import ApplicationStatus, EndorsementOutcome
from applications.models import EndorsementRequest
from cohorts.enums import AttendanceStatus
from cohorts.models import Attendance
from evaluation.enums import Recommend, SurveyKind
from evaluation.models import AlumniUpdate
from evaluation.selectors.figures import evaluation_figures
from modules.models import Module
from tests.factories import (
    ApplicationFactory,
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    SurveyFactory,
    SurveyResponseFactory,
    self_assessment,
)

pytestmark = pytest.mark.django_db


def _assessments(cohort):
    return (
        SurveyFactory(cohort=cohort, kind=SurveyKind.BASELINE),
        SurveyFactory(cohort=cohort, kind=SurveyKind.END_OF_PROGRAMME),
    )


def _skill(figures, key):
    return next(skill for skill in figures.skills if skill.skill == key)


def test_skills_without_pairs_have_no_means():
    cohort = CohortFactory()
    baseline, end = _assessments(cohort)
    self_assessment(baseline, EnrolmentFactory(cohort=cohort), coaching=2, leading_change=3)
    self_assessment(end, EnrolmentFactory(cohort=cohort), coaching=5, leading_change=5)

    figures = evaluation_figures([cohort.pk])

    assert [skill.skill for skill in figures.skills] == [
        *Module.objects.order_by("position").values_list("slug", flat=True),
        "leading-change",
    ]
    assert figures.skills[-1].label == "Leading change"
    assert all(skill.pairs == 0 for skill in figures.skills)
    coaching = _skill(figures, "coaching")
    assert (coaching.baseline_mean, coaching.end_mean, coaching.change, coaching.improved) == (
        None,
        None,
        None,
        0,
    )
    assert figures.pairs == 0
    assert figures.mean_change is None


def test_skills_one_pair_gives_its_change():
    cohort = CohortFactory()
    baseline, end = _assessments(cohort)
    enrolment = EnrolmentFactory(cohort=cohort)
    self_assessment(baseline, enrolment, coaching=2)
    self_assessment(end, enrolment, coaching=4)

    figures = evaluation_figures([cohort.pk])

    coaching = _skill(figures, "coaching")
    assert (coaching.pairs, coaching.baseline_mean, coaching.end_mean) == (1, 2.0, 4.0)
    assert (coaching.change, coaching.improved) == (2.0, 1)
    assert figures.pairs == 1
    assert figures.mean_change == 2.0


def test_skills_participant_with_only_a_baseline_is_not_counted():
    cohort = CohortFactory()
    baseline, end = _assessments(cohort)
    paired = EnrolmentFactory(cohort=cohort)
    self_assessment(baseline, paired, coaching=2)
    self_assessment(end, paired, coaching=3)
    self_assessment(baseline, EnrolmentFactory(cohort=cohort), coaching=5)
    self_assessment(end, EnrolmentFactory(cohort=cohort), coaching=1)

    coaching = _skill(evaluation_figures([cohort.pk]), "coaching")

    assert (coaching.pairs, coaching.baseline_mean, coaching.end_mean) == (1, 2.0, 3.0)


def test_skills_a_skill_missing_from_one_assessment_is_not_paired_but_the_others_are():
    cohort = CohortFactory()
    baseline, end = _assessments(cohort)
    enrolment = EnrolmentFactory(cohort=cohort)
    self_assessment(baseline, enrolment, coaching=2, mentoring=3, negotiation=4)
    self_assessment(end, enrolment, coaching=3, leading_change=4, negotiation=4)

    figures = evaluation_figures([cohort.pk])

    assert _skill(figures, "coaching").pairs == 1
    assert _skill(figures, "negotiation").pairs == 1
    assert _skill(figures, "negotiation").improved == 0
    assert _skill(figures, "negotiation").change == 0.0
    assert _skill(figures, "mentoring").pairs == 0
    assert _skill(figures, "mentoring").baseline_mean is None
    assert _skill(figures, "leading-change").pairs == 0
    # Pooled over the paired answers only: (+1 + 0) / 2.
    assert figures.mean_change == 0.5


def test_skills_two_cohorts_are_pooled_and_other_cohorts_left_out():
    first, second, other = CohortFactory(), CohortFactory(), CohortFactory()
    surveys = {cohort: _assessments(cohort) for cohort in (first, second, other)}
    for cohort, before, after in ((first, 1, 3), (second, 3, 4), (second, 4, 4), (other, 1, 5)):
        baseline, end = surveys[cohort]
        enrolment = EnrolmentFactory(cohort=cohort)
        self_assessment(baseline, enrolment, leading_change=before)
        self_assessment(end, enrolment, leading_change=after)

    figures = evaluation_figures([first.pk, second.pk])

    leading = _skill(figures, "leading-change")
    assert (leading.pairs, leading.improved) == (3, 2)
    assert leading.baseline_mean == round((1 + 3 + 4) / 3, 2)
    assert leading.end_mean == round((3 + 4 + 4) / 3, 2)
    assert leading.change == round(11 / 3 - 8 / 3, 2)
    assert [c.name for c in figures.cohorts] == [first.name, second.name]


def test_skills_a_baseline_in_another_cohort_does_not_pair():
    first, second = CohortFactory(), CohortFactory()
    enrolment_first = EnrolmentFactory(cohort=first)
    enrolment_second = EnrolmentFactory(cohort=second, participant=enrolment_first.participant)
    self_assessment(
        SurveyFactory(cohort=first, kind=SurveyKind.BASELINE), enrolment_first, coaching=1
    )
    self_assessment(
        SurveyFactory(cohort=second, kind=SurveyKind.END_OF_PROGRAMME), enrolment_second, coaching=5
    )

    assert _skill(evaluation_figures([first.pk, second.pk]), "coaching").pairs == 0


def test_module_ratings_means_and_number_of_responses():
    cohort = CohortFactory()
    coaching, mentoring, negotiation = Module.objects.order_by("position")[:3]
    survey = SurveyFactory(cohort=cohort, kind=SurveyKind.MODULE_FEEDBACK, module=mentoring)
    for overall, usefulness in ((5, 4), (4, 4), (3, 5)):
        SurveyResponseFactory(survey=survey, overall_rating=overall, usefulness=usefulness)
    first = SurveyFactory(cohort=cohort, kind=SurveyKind.MODULE_FEEDBACK, module=coaching)
    SurveyResponseFactory(survey=first, overall_rating=2, usefulness=None)
    # Opened with no answers yet: not a row.
    SurveyFactory(cohort=cohort, kind=SurveyKind.MODULE_FEEDBACK, module=negotiation)

    modules = evaluation_figures([cohort.pk]).modules

    assert [(m.module, m.responses, m.overall_mean, m.usefulness_mean) for m in modules] == [
        ("Coaching", 1, 2.0, None),
        ("Mentoring", 3, 4.0, 4.33),
    ]


def test_module_ratings_pool_the_same_module_across_cohorts():
    coaching = Module.objects.get(slug="coaching")
    for cohort_rating in (5, 2):
        survey = SurveyFactory(kind=SurveyKind.MODULE_FEEDBACK, module=coaching)
        SurveyResponseFactory(survey=survey, overall_rating=cohort_rating, usefulness=3)
    cohort_ids = list(coaching.surveys.values_list("cohort_id", flat=True))

    modules = evaluation_figures(cohort_ids).modules

    assert [(m.module, m.responses, m.overall_mean) for m in modules] == [("Coaching", 2, 3.5)]


def test_final_evaluation_mean_and_recommend_percent():
    cohort = CohortFactory()
    survey = SurveyFactory(cohort=cohort, kind=SurveyKind.FINAL_EVALUATION)
    answers = [
        (5, Recommend.YES),
        (4, Recommend.YES),
        (4, Recommend.YES),
        (3, Recommend.NOT_SURE),
        (None, Recommend.NO),
        (2, ""),
    ]
    for overall, recommend in answers:
        SurveyResponseFactory(survey=survey, overall_rating=overall, would_recommend=recommend)

    final = evaluation_figures([cohort.pk]).final

    assert (final.responses, final.overall_rated, final.overall_mean) == (6, 5, 3.6)
    assert (final.recommend_yes, final.recommend_not_sure, final.recommend_no) == (3, 1, 1)
    assert final.recommend_answered == 5
    assert final.recommend_percent == 60


def test_final_evaluation_without_answers_has_no_percent():
    final = evaluation_figures([CohortFactory().pk]).final

    assert (final.responses, final.overall_mean, final.recommend_percent) == (0, None, None)


def test_response_rates_leave_withdrawn_participants_out():
    first, second = CohortFactory(), CohortFactory()
    baseline_first = SurveyFactory(cohort=first, kind=SurveyKind.BASELINE)
    baseline_second = SurveyFactory(cohort=second, kind=SurveyKind.BASELINE)
    final_first = SurveyFactory(cohort=first, kind=SurveyKind.FINAL_EVALUATION)
    active = [EnrolmentFactory(cohort=first) for _ in range(3)]
    withdrawn = EnrolmentFactory(cohort=first, withdrawn_at=timezone.now())
    for enrolment in [*active[:2], withdrawn]:
        SurveyResponseFactory(survey=baseline_first, enrolment=enrolment)
    SurveyResponseFactory(survey=final_first, enrolment=active[0])
    second_active = [EnrolmentFactory(cohort=second) for _ in range(2)]
    SurveyResponseFactory(survey=baseline_second, enrolment=second_active[0])

    rates = evaluation_figures([first.pk, second.pk]).response_rates

    assert [(r.label, r.kind, r.responses, r.invited, r.percent) for r in rates] == [
        ("Baseline self-assessment", "baseline", 3, 5, 60),
        ("Final evaluation", "final_evaluation", 1, 3, 33),
    ]


def test_response_rates_list_module_feedback_in_the_programme_order():
    cohort = CohortFactory()
    EnrolmentFactory(cohort=cohort)
    for slug in ("mentoring", "coaching"):
        SurveyFactory(
            cohort=cohort, kind=SurveyKind.MODULE_FEEDBACK, module=Module.objects.get(slug=slug)
        )
    SurveyFactory(cohort=cohort, kind=SurveyKind.END_OF_PROGRAMME)

    rates = evaluation_figures([cohort.pk]).response_rates

    assert [(r.label, r.responses, r.invited) for r in rates] == [
        ("Module feedback: Coaching", 0, 1),
        ("Module feedback: Mentoring", 0, 1),
        ("End-of-programme self-assessment", 0, 1),
    ]


def _endorsement(application, *, superseded: bool, outcome=EndorsementOutcome.ENDORSED):
    now = timezone.now()
    return EndorsementRequest.objects.create(
        application=application,
        endorser_name="Dr Priya Shah",
        endorser_email="cd@nhs.net",
        link_nonce=f"nonce-{EndorsementRequest.objects.count()}",
        token_hash=f"hash-{EndorsementRequest.objects.count()}",
        created_at=now,
        expires_at=now + datetime.timedelta(days=14),
        superseded_at=now if superseded else None,
        outcome=outcome,
        decided_at=now,
    )


def test_reach_counts_applications_endorsements_and_participants():
    cohort = CohortFactory()
    ApplicationFactory(cohort=cohort, status=ApplicationStatus.DRAFT)
    twice = ApplicationFactory(cohort=cohort, status=ApplicationStatus.ENDORSED)
    _endorsement(twice, superseded=True)
    _endorsement(twice, superseded=False)
    declined = ApplicationFactory(cohort=cohort, status=ApplicationStatus.NOT_ENDORSED)
    _endorsement(declined, superseded=False, outcome=EndorsementOutcome.DECLINED)
    graduated = EnrolmentFactory(cohort=cohort, graduated_on=datetime.date(2026, 3, 1))
    _endorsement(graduated.application, superseded=False)
    EnrolmentFactory(cohort=cohort, withdrawn_at=timezone.now())
    EnrolmentFactory(cohort=cohort)
    ApplicationFactory(status=ApplicationStatus.ENDORSED)  # another cohort's

    reach = evaluation_figures([cohort.pk]).reach

    # Submitted: twice, declined and the three enrolments' accepted applications; the
    # draft is not an application yet, and `twice` is endorsed once.
    assert (reach.applications, reach.endorsed) == (5, 2)
    assert (reach.admitted, reach.completed, reach.withdrawn) == (3, 1, 1)
    assert reach.completion_percent == 33
    assert reach.pcns == 3
    assert [(p.label, p.count) for p in reach.places] == [("Hackney", 3)]


def test_reach_attendance_leaves_excused_apologies_out():
    cohort = CohortFactory()
    enrolment = EnrolmentFactory(cohort=cohort)
    statuses = [
        (AttendanceStatus.PRESENT, False),
        (AttendanceStatus.LATE, False),
        (AttendanceStatus.ABSENT, False),
        (AttendanceStatus.APOLOGIES, False),
        (AttendanceStatus.APOLOGIES, True),
    ]
    for day, (status, excused) in enumerate(statuses):
        session = SessionFactory(
            cohort=cohort,
            starts_at=timezone.now() + datetime.timedelta(days=day),
            ends_at=timezone.now() + datetime.timedelta(days=day, hours=2),
        )
        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            status=status,
            apologies_excused=excused,
            recorded_at=timezone.now(),
        )

    reach = evaluation_figures([cohort.pk]).reach

    assert (reach.attendances, reach.attendance_counted, reach.attendance_percent) == (2, 4, 50)


def _alumni_update(enrolment, months, **answers):
    now = timezone.now()
    return AlumniUpdate.objects.create(
        enrolment=enrolment,
        months_after=months,
        requested_at=now,
        link_nonce=f"n{enrolment.pk}-{months}",
        token_hash=f"h{enrolment.pk}-{months}",
        link_expires_at=now + datetime.timedelta(days=30),
        **answers,
    )


def test_alumni_outcomes_per_interval():
    cohort = CohortFactory()
    graduates = [
        EnrolmentFactory(cohort=cohort, graduated_on=datetime.date(2025, 3, 1)) for _ in range(3)
    ]
    answered = {"submitted_at": timezone.now()}
    _alumni_update(
        graduates[0],
        6,
        **answered,
        promoted=True,
        qi_projects_led=2,
        mentoring_others=True,
        new_responsibilities="Leads the team",
    )
    _alumni_update(
        graduates[1],
        6,
        **answered,
        promoted=False,
        qi_projects_led=1,
        leadership_activities="Chairs the network",
    )
    _alumni_update(graduates[2], 6)  # asked, not answered
    _alumni_update(graduates[0], 12, **answered, promoted=True, qi_projects_led=None)

    alumni = evaluation_figures([cohort.pk]).alumni

    six, twelve = alumni
    assert (six.months_after, six.requested, six.responded, six.response_percent) == (6, 3, 2, 67)
    assert (six.promoted, six.new_responsibilities, six.leading_activities) == (1, 1, 1)
    assert (six.qi_projects_led, six.mentoring, six.mentoring_percent) == (3, 1, 50)
    assert (twelve.months_after, twelve.requested, twelve.responded) == (12, 1, 1)
    assert (twelve.promoted, twelve.qi_projects_led, twelve.promoted_percent) == (1, 0, 100)


def _full_cohort(participants: int = 2):
    cohort = CohortFactory()
    baseline, end = _assessments(cohort)
    coaching = Module.objects.get(slug="coaching")
    feedback = SurveyFactory(cohort=cohort, kind=SurveyKind.MODULE_FEEDBACK, module=coaching)
    final = SurveyFactory(cohort=cohort, kind=SurveyKind.FINAL_EVALUATION)
    session = SessionFactory(cohort=cohort)
    for _ in range(participants):
        enrolment = EnrolmentFactory(cohort=cohort, graduated_on=datetime.date(2025, 1, 1))
        self_assessment(baseline, enrolment, coaching=2, leading_change=3)
        self_assessment(end, enrolment, coaching=4, leading_change=4)
        SurveyResponseFactory(survey=feedback, enrolment=enrolment, overall_rating=4)
        SurveyResponseFactory(survey=final, enrolment=enrolment, would_recommend=Recommend.YES)
        Attendance.objects.create(
            session=session,
            enrolment=enrolment,
            status=AttendanceStatus.PRESENT,
            recorded_at=timezone.now(),
        )
        _alumni_update(enrolment, 6, submitted_at=timezone.now(), promoted=True)
    return cohort


def test_figures_take_as_many_queries_for_three_cohorts_as_for_one(django_assert_num_queries):
    one = [_full_cohort(2).pk]
    three = [_full_cohort(3).pk for _ in range(3)]
    with CaptureQueriesContext(connection) as for_one:
        figures_one = evaluation_figures(one)

    with django_assert_num_queries(len(for_one.captured_queries)):
        figures_three = evaluation_figures(three)

    assert _skill(figures_one, "coaching").pairs == 2
    assert _skill(figures_three, "coaching").pairs == 9
    assert figures_three.final.recommend_percent == 100
    assert figures_three.alumni[0].promoted == 9
