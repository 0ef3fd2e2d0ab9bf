"""Reads about endorsement: the current request, the warnings about a named endorser, and
the links whose keys are past their retention."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from applications.eligibility import (
    endorser_domain_problem,
    endorser_identity_problem,
)
from applications.models import Application, EndorsementRequest
from ellw.links import links_past_retention


def application_current_endorsement(application: Application) -> EndorsementRequest | None:
    return application.endorsement_requests.order_by("-created_at", "-id").first()


# What staff are told when the endorser's address needs a second look, by eligibility rule.
ENDORSER_WARNINGS = {
    "endorser_domain": (
        "{email} is outside the domains {cohort} accepts for clinical directors ({allowed}). "
        "Check that the endorser is the applicant's clinical director."
    ),
    "endorser_is_applicant": (
        "{email} is the applicant's own e-mail address: the applicant may have endorsed "
        "their own application."
    ),
    "endorser_has_account": (
        "{email} belongs to an account on this service. Clinical directors do not have "
        "accounts: check who endorsed this application."
    ),
}


def application_endorser_warnings(
    application: Application, endorsement: EndorsementRequest | None = None
) -> list[str]:
    """Why staff should check the endorser: the address the current link went to (or the
    one named, before any link) is outside the cohort's domain list, is the applicant's own,
    or belongs to an account. Submission refuses these, but a domain list edited later, or
    an address that gains an account later, is only found here."""
    email = endorsement.endorser_email if endorsement else application.clinical_director_email
    if not email:
        return []
    cohort = application.cohort
    problems = [
        endorser_domain_problem(cohort, email),
        endorser_identity_problem(
            email=email,
            applicant=application.applicant,
            work_email=application.work_email,
            for_applicant=False,
        ),
    ]
    allowed = " or ".join(f"@{d}" for d in cohort.endorser_domains)
    return [
        ENDORSER_WARNINGS[p.rule].format(email=email, cohort=cohort.name, allowed=allowed)
        for p in problems
        if p is not None
    ]


def endorsement_links_past_retention(now: datetime.datetime) -> QuerySet[EndorsementRequest]:
    """Endorsement links that stopped working (answered, replaced by a newer link, or
    expired) at least ELLW_RETENTION_LINK_DAYS ago and whose keys are still stored."""
    return EndorsementRequest.objects.filter(
        links_past_retention(
            now, expires_field="expires_at", ended_fields=("decided_at", "superseded_at")
        )
    )
