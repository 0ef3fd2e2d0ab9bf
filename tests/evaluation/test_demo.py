"""The demo's evaluation: Cohort 1 is evaluated in full, once, however often seed_demo runs."""

import pytest
from django.core.management import call_command

from cohorts.models import Cohort
from evaluation import models
from evaluation.enums import QuoteConsent, SurveyKind
from evaluation.models import AlumniUpdate, ConfidenceRating, Recognition, Survey
from evaluation.selectors.figures import evaluation_figures

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Survey.objects.count(),
        ConfidenceRating.objects.count(),
        models.Testimonial.objects.count(),
        Recognition.objects.count(),
        AlumniUpdate.objects.count(),
    )


def test_seed_demo_evaluates_cohort_1_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _counts()
    call_command("seed_demo")
    assert _counts() == first
    # baseline, end of programme, final evaluation and seven modules' feedback
    assert first[0] == 10
    assert first[2:] == (3, 2, 22)


def test_seed_demo_cohort_1_figures_are_full():
    call_command("seed_demo")
    cohort = Cohort.objects.get(slug="cohort-1")
    figures = evaluation_figures([cohort.pk])
    assert figures.reach.admitted == 11
    assert figures.reach.completed == 11
    # 11 baselines, 10 end-of-programme answers; one baseline left negotiation out.
    assert [skill.pairs for skill in figures.skills] == [10, 10, 9, 10, 10, 10, 10, 10]
    assert all(skill.change > 0 for skill in figures.skills)
    assert len(figures.modules) == 7
    assert figures.final.responses == 9
    assert figures.final.recommend_yes == 8
    assert [
        (outcome.months_after, outcome.requested, outcome.responded) for outcome in figures.alumni
    ] == [
        (6, 11, 8),
        (12, 11, 6),
    ]
    quotable = cohort.surveys.get(kind=SurveyKind.FINAL_EVALUATION).responses.exclude(
        quote_consent=QuoteConsent.NO
    )
    assert quotable.count() == 7
