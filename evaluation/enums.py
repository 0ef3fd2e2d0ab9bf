"""Choices for evaluating the programme: the surveys, their answers, testimonials,
recognition and alumni updates."""

from django.db import models


class SurveyKind(models.TextChoices):
    BASELINE = "baseline", "Baseline self-assessment"
    MODULE_FEEDBACK = "module_feedback", "Module feedback"
    END_OF_PROGRAMME = "end_of_programme", "End-of-programme self-assessment"
    FINAL_EVALUATION = "final_evaluation", "Final evaluation"


# The two self-assessments ask the same confidence questions; change is end minus baseline.
SELF_ASSESSMENTS = (SurveyKind.BASELINE, SurveyKind.END_OF_PROGRAMME)


class Confidence(models.IntegerChoices):
    NOT_AT_ALL = 1, "Not at all confident"
    SLIGHTLY = 2, "Slightly confident"
    SOMEWHAT = 3, "Somewhat confident"
    CONFIDENT = 4, "Confident"
    VERY = 5, "Very confident"


class Rating(models.IntegerChoices):
    POOR = 1, "Poor"
    FAIR = 2, "Fair"
    GOOD = 3, "Good"
    VERY_GOOD = 4, "Very good"
    EXCELLENT = 5, "Excellent"


class Usefulness(models.IntegerChoices):
    NOT_USEFUL = 1, "Not useful"
    SLIGHTLY = 2, "Slightly useful"
    MODERATELY = 3, "Moderately useful"
    VERY = 4, "Very useful"
    EXTREMELY = 5, "Extremely useful"


class Recommend(models.TextChoices):
    YES = "yes", "Yes"
    NOT_SURE = "not_sure", "Not sure"
    NO = "no", "No"


class QuoteConsent(models.TextChoices):
    NAMED = "named", "Yes, with my name"
    ANONYMISED = "anonymised", "Yes, without my name"
    NO = "no", "No, do not quote me"


QUOTABLE = (QuoteConsent.NAMED, QuoteConsent.ANONYMISED)


class TestimonialSource(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    PCN = "pcn", "Primary care network"
    TRAINING_PARTNER = "training_partner", "Training partner"
    SYSTEM_LEADER = "system_leader", "System leader"


class TestimonialStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    NOT_USED = "not_used", "Not used"


T = TestimonialStatus

# from → the states it may move to; testimonial_transition() is the only place that
# changes a testimonial's status.
TESTIMONIAL_TRANSITIONS: dict[str, frozenset[str]] = {
    T.REQUESTED: frozenset({T.AWAITING_APPROVAL, T.NOT_USED}),
    T.AWAITING_APPROVAL: frozenset({T.APPROVED, T.NOT_USED}),
    T.APPROVED: frozenset({T.NOT_USED}),
    T.NOT_USED: frozenset({T.APPROVED}),
}


class TestimonialConsent(models.TextChoices):
    NAMED = "named", "With the author's name and role"
    ANONYMISED = "anonymised", "Without the author's name (role and organisation type only)"


class RecognitionKind(models.TextChoices):
    AWARD = "award", "Award"
    SHORTLISTED = "shortlisted", "Shortlisted"
    MILESTONE = "milestone", "Milestone"
