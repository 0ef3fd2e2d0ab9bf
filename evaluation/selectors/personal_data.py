"""What evaluation holds about a person: a participant's survey answers and confidence
ratings and their alumni updates; testimonials written by (or recorded for) an address.
Request-link secrets are never shown."""

from __future__ import annotations

from django.db.models import Q

from ellw.accounts.models import User
from ellw.privacy.selectors import Section
from evaluation.models import AlumniUpdate, SurveyResponse, Testimonial

ANSWER_FIELDS = ("what_worked", "what_to_improve", "practice_change", "take_back", "reflection")


def testimonials_by(emails: list[str]):
    matches = Q(pk__in=[])
    for email in emails:
        matches |= Q(email__iexact=email)
    return Testimonial.objects.filter(matches)


def evaluation_personal_data(*, user: User | None, emails: list[str]) -> list[Section]:
    sections = []
    if user is not None:
        responses = (
            SurveyResponse.objects.filter(enrolment__participant=user)
            .select_related("survey__module", "survey__cohort")
            .prefetch_related("ratings")
        )
        updates = AlumniUpdate.objects.filter(enrolment__participant=user).select_related(
            "enrolment__cohort"
        )
        sections += [
            Section(
                "survey_answers",
                "Your survey answers",
                [
                    {
                        "survey": r.survey.title,
                        "cohort": r.survey.cohort.name,
                        "submitted_at": r.submitted_at,
                        "updated_at": r.updated_at,
                        "overall_rating": r.get_overall_rating_display()
                        if r.overall_rating
                        else "",
                        "usefulness": r.get_usefulness_display() if r.usefulness else "",
                        "would_recommend": r.get_would_recommend_display(),
                        **{field: getattr(r, field) for field in ANSWER_FIELDS},
                        "quote_consent": r.get_quote_consent_display(),
                        "confidence": {
                            rating.skill: rating.confidence for rating in r.ratings.all()
                        },
                    }
                    for r in responses
                ],
            ),
            Section(
                "alumni_updates",
                "Your updates as a graduate",
                [
                    {
                        "cohort": u.enrolment.cohort.name,
                        "months_after": u.months_after,
                        "requested_at": u.requested_at,
                        "submitted_at": u.submitted_at,
                        "current_role": u.current_role,
                        "organisation": u.organisation,
                        "promoted": u.promoted,
                        "new_responsibilities": u.new_responsibilities,
                        "leadership_activities": u.leadership_activities,
                        "qi_projects_led": u.qi_projects_led,
                        "mentoring_others": u.mentoring_others,
                    }
                    for u in updates
                ],
            ),
        ]
    if emails:
        sections.append(
            Section(
                "testimonials",
                "Testimonials you wrote or that were recorded for you",
                [
                    {
                        "source": t.get_source_display(),
                        "cohort": t.cohort.name if t.cohort else "",
                        "author_name": t.author_name,
                        "author_role": t.author_role,
                        "organisation": t.organisation,
                        "email": t.email,
                        "text": t.text,
                        "consent": t.get_consent_display(),
                        "status": t.get_status_display(),
                        "created_at": t.created_at,
                        "submitted_at": t.submitted_at,
                    }
                    for t in testimonials_by(emails).select_related("cohort")
                ],
            )
        )
    return sections
