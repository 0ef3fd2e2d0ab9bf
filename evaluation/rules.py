"""Who may do what in evaluating the programme (django-rules). Staff powers come from
ellw.accounts.rules, so they already require a session that passed MFA."""

from __future__ import annotations

import rules

from ellw.accounts.rules import is_programme_lead, is_staff_member


@rules.predicate
def is_survey_participant(user, survey) -> bool:
    """The survey is for a cohort this person takes part in (not withdrawn)."""
    return (
        survey is not None
        and user.is_authenticated
        and user.enrolments.filter(cohort_id=survey.cohort_id, withdrawn_at__isnull=True).exists()
    )


# Participants answer their cohort's surveys (the services check the survey is open).
rules.add_perm("evaluation.answer_survey", is_survey_participant)
# Staff see the evaluation dashboards and response rates, and download the reports.
rules.add_perm("evaluation.view_evaluation", is_staff_member)
rules.add_perm("evaluation.view_report", is_staff_member)
# The programme lead runs the evaluation: closes surveys and sends reminders, collects and
# approves testimonials, records recognition, follows alumni and produces the report.
rules.add_perm("evaluation.manage_surveys", is_programme_lead)
rules.add_perm("evaluation.manage_testimonials", is_programme_lead)
rules.add_perm("evaluation.manage_recognition", is_programme_lead)
rules.add_perm("evaluation.view_alumni_outcomes", is_programme_lead)
rules.add_perm("evaluation.request_alumni_updates", is_programme_lead)
rules.add_perm("evaluation.produce_report", is_programme_lead)
