"""Who may do what in a cohort's life (django-rules). Staff powers come from
ellw.accounts.rules, so they already require a session that passed MFA."""

from __future__ import annotations

import rules

from ellw.accounts.rules import is_programme_lead, is_staff_member


@rules.predicate
def is_enrolment_participant(user, enrolment) -> bool:
    """The enrolment is this person's own."""
    return enrolment is not None and enrolment.participant_id == user.id


@rules.predicate
def has_an_enrolment(user) -> bool:
    """This person is (or was) a participant of some cohort."""
    return user.is_authenticated and user.enrolments.exists()


# The programme lead sets cohorts up, schedules them, forms sets and decides graduation.
rules.add_perm("cohorts.set_up_cohorts", is_programme_lead)
rules.add_perm("cohorts.manage_timetable", is_programme_lead)
rules.add_perm("cohorts.manage_sets", is_programme_lead)
rules.add_perm("cohorts.graduate", is_programme_lead)
rules.add_perm("cohorts.withdraw_participant", is_programme_lead)
# Staff (SP managers and the lead) see a cohort's pages and take registers.
rules.add_perm("cohorts.view_cohort", is_staff_member)
rules.add_perm("cohorts.take_attendance", is_staff_member)
# Participants see their own programme: timetable, set, attendance, calendar feed.
rules.add_perm("cohorts.view_own_programme", has_an_enrolment)
rules.add_perm("cohorts.view_enrolment", is_enrolment_participant | is_staff_member)


# Calendar: a session's .ics for the participants expected at it and for staff;
# only the participant resets their own feed's address.
@rules.predicate
def is_expected_at_session(user, session) -> bool:
    """The user is an active participant the session expects (its cohort, and its set for a
    set meeting)."""
    if session is None or not user.is_authenticated:
        return False
    enrolments = user.enrolments.filter(cohort_id=session.cohort_id, withdrawn_at__isnull=True)
    if session.action_learning_set_id is not None:
        enrolments = enrolments.filter(action_learning_set_id=session.action_learning_set_id)
    return enrolments.exists()


rules.add_perm("cohorts.download_session_calendar", is_staff_member | is_expected_at_session)
rules.add_perm("cohorts.reset_calendar_feed", is_enrolment_participant)


# Attendance: SP managers and the lead take registers; only the lead excuses
# apologies (excused apologies do not count against completion).
rules.add_perm("cohorts.excuse_apologies", is_programme_lead)


# Certificates: staff see a cohort's certificates; only the lead issues, prints,
# revokes and reissues. A participant downloads their own current certificate; the lead
# downloads any.
@rules.predicate
def is_own_current_certificate(user, certificate) -> bool:
    return (
        certificate is not None
        and user.is_authenticated
        and certificate.is_current
        and certificate.enrolment.participant_id == user.id
    )


rules.add_perm("cohorts.view_certificates", is_staff_member)
rules.add_perm("cohorts.issue_certificates", is_programme_lead)
rules.add_perm("cohorts.print_certificates", is_programme_lead)
rules.add_perm("cohorts.revoke_certificate", is_programme_lead)
rules.add_perm("cohorts.download_certificate", is_programme_lead | is_own_current_certificate)
