"""Applying: drafts, submission (which sends the first endorsement link) and withdrawal."""

from __future__ import annotations

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.eligibility import (
    application_eligibility_problems,
    duplicate_problem,
    window_problem,
)
from applications.enums import ApplicationStatus
from applications.models import Application
from cohorts.models import Cohort, Enrolment
from cohorts.services.withdrawal import enrolment_withdraw
from ellw.accounts.models import User

from .endorsement import _endorsement_request_send
from .transitions import ApplicationRuleError, application_transition

S = ApplicationStatus
logger = logging.getLogger(__name__)

REQUIRED_FOR_SUBMISSION = {
    "full_name": "Enter your full name",
    "work_email": "Enter your work e-mail address",
    "phone": "Enter your work phone number",
    "role": "Select your role",
    "employer": "Enter your employer",
    "place": "Select the place (borough) you work in",
    "started_in_role_on": "Enter the date you started in your role",
    "motivation": "Tell us why you want to join the programme",
    "workplace_benefit": "Tell us what you hope to take back to your workplace",
    "clinical_director_name": "Enter your clinical director's name",
    "clinical_director_email": "Enter your clinical director's e-mail address",
}


# --- applying --------------------------------------------------------------------------


@transaction.atomic
def application_save_draft(
    *,
    applicant: User,
    cohort: Cohort,
    data: dict[str, Any],
    application: Application | None = None,
) -> Application:
    """Create or update a draft. Nothing is checked for completeness until submission."""
    if application is None:
        problem = window_problem(cohort, timezone.localdate()) or duplicate_problem(
            cohort, applicant, None
        )
        if problem:
            raise ApplicationRuleError(problem.message)
        application = Application(applicant=applicant, cohort=cohort)
    elif application.status != S.DRAFT:
        raise ApplicationRuleError("This application has been submitted and can no longer change.")
    consent = data.pop("privacy_consent", None)
    for name, value in data.items():
        setattr(application, name, value)
    if consent and not application.privacy_consent_at:
        application.privacy_consent_at = timezone.now()
    elif consent is False:
        application.privacy_consent_at = None
    if application.pk is not None:
        application.save()
        return application
    # Two clicks at once can both pass the duplicate check above; the unique constraint
    # stops the second insert, which then gets the ordinary "already applied" refusal.
    # The savepoint keeps the request's transaction usable on PostgreSQL.
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        problem = duplicate_problem(cohort, applicant, None)
        if problem is None:
            raise
        raise ApplicationRuleError(problem.message) from None
    return application


def application_submission_errors(application: Application) -> dict[str | None, list[str]]:
    """What stops the draft being submitted, by form field (None: the whole form)."""
    errors: dict[str | None, list[str]] = {}
    for name, message in REQUIRED_FOR_SUBMISSION.items():
        if getattr(application, name) in (None, ""):
            errors.setdefault(name, []).append(message)
    if not application.pcn_id and not application.pcn_other:
        errors.setdefault("pcn", []).append(
            "Select your primary care network, or enter its name if it is not listed"
        )
    if not application.privacy_consent_at:
        errors.setdefault("privacy_consent", []).append("Confirm you have read the privacy notice")
    for problem in application_eligibility_problems(application, at_submission=True):
        errors.setdefault(problem.field, []).append(problem.message)
    return errors


@transaction.atomic
def application_submit(*, application: Application, actor: User) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    errors = application_submission_errors(application)
    if errors:
        raise ApplicationRuleError(
            {(field or "__all__"): messages for field, messages in errors.items()}
        )
    application_transition(
        application=application,
        to_status=S.AWAITING_ENDORSEMENT,
        actor=actor,
        description="Application submitted",
        extra_fields={"submitted_at": timezone.now()},
    )
    _endorsement_request_send(
        application=application,
        actor=actor,
        endorser_name=application.clinical_director_name,
        endorser_email=application.clinical_director_email,
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor: User, reason: str = "") -> None:
    application = Application.objects.select_for_update().get(pk=application.pk)
    now = timezone.now()
    by_staff = actor.pk != application.applicant_id
    application_transition(
        application=application,
        to_status=S.WITHDRAWN,
        actor=actor,
        note=reason,
        description="Withdrawn by the programme lead" if by_staff else "Application withdrawn",
        email_context={"withdrawn_by_staff": by_staff},
    )
    application.endorsement_requests.filter(superseded_at__isnull=True).update(superseded_at=now)
    # A participant leaving the cohort: the enrolment ends with the reason, in its history.
    enrolment = Enrolment.objects.filter(application=application, withdrawn_at__isnull=True).first()
    if enrolment is not None:
        enrolment_withdraw(enrolment=enrolment, actor=actor, reason=reason, when=now)


@transaction.atomic
def application_draft_delete(*, application: Application, actor: User) -> None:
    """Delete the applicant's own unsent draft, and everything it held. Only a draft goes:
    anything submitted is kept (and withdrawn instead). The log line holds ids only, so a
    deleted draft leaves no personal data behind."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != S.DRAFT:
        raise ApplicationRuleError(
            "Only an application that has not been sent can be deleted. You can withdraw it."
        )
    if application.applicant_id != actor.pk:
        raise ApplicationRuleError("Only the applicant can delete their draft.")
    application_id, cohort_id = application.pk, application.cohort_id
    application.delete()
    logger.info(
        "Draft application %s to cohort %s deleted by its applicant (user %s)",
        application_id,
        cohort_id,
        actor.pk,
    )
