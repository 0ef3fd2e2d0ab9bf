"""Eligibility in one place: used by the application form, the review screens and admission.

Each problem names the rule and the numbers, so the applicant knows exactly why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from cohorts.models import Cohort, Role
from ellw.accounts.models import User
from ellw.accounts.selectors import account_ids_with_email
from ellw.dates import whole_months_between


@dataclass(frozen=True)
class EligibilityProblem:
    # window | duplicate | role | experience | endorser_domain | endorser_is_applicant |
    # endorser_has_account
    rule: str
    field: str | None  # the form field it belongs to, if any
    message: str


def _long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _months(n: int) -> str:
    return f"{n} month's" if n == 1 else f"{n} months'"


def window_problem(cohort: Cohort, today: datetime.date) -> EligibilityProblem | None:
    if today < cohort.applications_open_on:
        return EligibilityProblem(
            "window",
            None,
            f"Applications for {cohort.name} open on {_long_date(cohort.applications_open_on)}.",
        )
    if today > cohort.applications_close_on:
        return EligibilityProblem(
            "window",
            None,
            f"Applications for {cohort.name} closed on {_long_date(cohort.applications_close_on)}.",
        )
    return None


def duplicate_problem(
    cohort: Cohort, applicant: User, application_id: int | None
) -> EligibilityProblem | None:
    others = cohort.applications.filter(applicant=applicant).exclude(pk=application_id)
    if others.exists():
        return EligibilityProblem(
            "duplicate",
            None,
            f"You have already applied to {cohort.name}. "
            "You can only make one application to each cohort.",
        )
    return None


def role_problem(cohort: Cohort, role: Role | None) -> EligibilityProblem | None:
    eligible = list(cohort.eligible_roles.all())
    if role is None or role in eligible:
        return None
    names = ", ".join(r.name for r in eligible)
    return EligibilityProblem(
        "role",
        "role",
        f"{cohort.name} is open to: {names}. It does not take applications from {role.name}s.",
    )


def experience_problem(
    cohort: Cohort, started_in_role_on: datetime.date | None
) -> EligibilityProblem | None:
    if started_in_role_on is None:
        return None
    months = whole_months_between(started_in_role_on, cohort.starts_on)
    needed = cohort.minimum_experience_months
    if months >= needed:
        return None
    return EligibilityProblem(
        "experience",
        "started_in_role_on",
        f"You will have {_months(months)} experience on {_long_date(cohort.starts_on)}; "
        f"this cohort asks for {needed}.",
    )


def endorser_domain_problem(cohort: Cohort, email: str) -> EligibilityProblem | None:
    domains = cohort.endorser_domains
    if not email or not domains:
        return None
    domain = email.rsplit("@", 1)[-1].lower()
    if domain in domains:
        return None
    allowed = " or ".join(f"@{d}" for d in domains)
    return EligibilityProblem(
        "endorser_domain",
        "clinical_director_email",
        f"For {cohort.name} the clinical director's e-mail address must end in {allowed}.",
    )


def endorser_identity_problem(
    *,
    email: str,
    applicant: User | None,
    work_email: str = "",
    for_applicant: bool = True,
) -> EligibilityProblem | None:
    """The endorser must be someone else: not the applicant's account or work e-mail, and
    not any account of this service (clinical directors have none), compared without case.
    `for_applicant` words the message to the applicant ("your"), else to staff."""
    address = (email or "").strip().lower()
    if not address:
        return None
    whose = "your" if for_applicant else "the applicant's"
    own = {(work_email or "").strip().lower()}
    if applicant is not None:
        own.add(applicant.email.lower())
    account_ids = account_ids_with_email(address)
    if address in own or (applicant is not None and applicant.pk in account_ids):
        message = (
            "You cannot endorse your own application. Enter your clinical director's e-mail "
            "address, not your own."
            if for_applicant
            else "This is the applicant's own e-mail address: an applicant cannot endorse "
            "their own application. Enter their clinical director's e-mail address."
        )
        return EligibilityProblem("endorser_is_applicant", "clinical_director_email", message)
    if account_ids:
        return EligibilityProblem(
            "endorser_has_account",
            "clinical_director_email",
            "This e-mail address belongs to an account on this service. Clinical directors "
            f"endorse by e-mail and do not have an account: enter {whose} clinical "
            "director's own work e-mail address.",
        )
    return None


def eligibility_problems(
    *,
    cohort: Cohort,
    applicant: User,
    role: Role | None,
    started_in_role_on: datetime.date | None,
    clinical_director_email: str = "",
    work_email: str = "",
    application_id: int | None = None,
    at_submission: bool = False,
    today: datetime.date | None = None,
) -> list[EligibilityProblem]:
    """Every rule the application breaks. `at_submission` adds the window, duplicate and
    endorser rules, which matter only while applying (a cohort's domain list edited later,
    or an address that gains an account later, does not undo a sent link: staff see a
    warning instead, selectors.application_endorser_warnings); reviewers and admission
    check the rest."""
    today = today or timezone.localdate()
    checks = [
        role_problem(cohort, role),
        experience_problem(cohort, started_in_role_on),
    ]
    if at_submission:
        checks = [
            window_problem(cohort, today),
            duplicate_problem(cohort, applicant, application_id),
            *checks,
            endorser_domain_problem(cohort, clinical_director_email),
            endorser_identity_problem(
                email=clinical_director_email, applicant=applicant, work_email=work_email
            ),
        ]
    return [problem for problem in checks if problem is not None]


def application_eligibility_problems(application, *, at_submission: bool = False):
    return eligibility_problems(
        cohort=application.cohort,
        applicant=application.applicant,
        role=application.role,
        started_in_role_on=application.started_in_role_on,
        clinical_director_email=application.clinical_director_email,
        work_email=application.work_email,
        application_id=application.pk,
        at_submission=at_submission,
    )
