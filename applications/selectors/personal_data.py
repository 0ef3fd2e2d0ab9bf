"""What applications holds about a person: their applications and what happened to them
(history, the staff's notes, the endorsements asked for), and, for an address alone, the
endorsements a clinical director gave. Tokens and nonces are never shown."""

from __future__ import annotations

from django.db.models import Q

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent, ApplicationNote, EndorsementRequest
from ellw.accounts.models import User
from ellw.privacy.selectors import Section

# Applications still being decided, or a place not yet started: erasing them would leave a
# blank application in the queue. The person withdraws first.
UNDECIDED = (
    ApplicationStatus.AWAITING_ENDORSEMENT,
    ApplicationStatus.NOT_ENDORSED,
    ApplicationStatus.ENDORSED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.OFFERED,
)


def _any_address(field: str, emails: list[str]) -> Q:
    matches = Q(pk__in=[])
    for email in emails:
        matches |= Q(**{f"{field}__iexact": email})
    return matches


def applications_personal_data(*, user: User | None, emails: list[str]) -> list[Section]:
    sections = []
    if user is not None:
        applications = Application.objects.filter(applicant=user).select_related(
            "cohort", "role", "pcn", "place"
        )
        ids = [a.pk for a in applications]
        sections += [
            Section(
                "applications",
                "Your applications",
                [
                    {
                        "id": a.pk,
                        "cohort": a.cohort.name,
                        "status": a.get_status_display(),
                        "full_name": a.full_name,
                        "work_email": a.work_email,
                        "phone": a.phone,
                        "role": a.role.name if a.role else "",
                        "employer": a.employer,
                        "primary_care_network": a.pcn_name,
                        "place": a.place.name if a.place else "",
                        "started_in_role_on": a.started_in_role_on,
                        "motivation": a.motivation,
                        "workplace_benefit": a.workplace_benefit,
                        "clinical_director_name": a.clinical_director_name,
                        "clinical_director_email": a.clinical_director_email,
                        "privacy_consent_at": a.privacy_consent_at,
                        "created_at": a.created_at,
                        "submitted_at": a.submitted_at,
                        "offer_expires_at": a.offer_expires_at,
                    }
                    for a in applications
                ],
            ),
            Section(
                "application_history",
                "What happened to your applications",
                [
                    {
                        "application": e.application_id,
                        "at": e.created_at,
                        "by": e.actor_label,
                        "what": e.description,
                        "from_status": e.get_from_status_display(),
                        "to_status": e.get_to_status_display(),
                        "note": e.note,
                    }
                    for e in ApplicationEvent.objects.filter(application_id__in=ids)
                ],
            ),
            Section(
                "application_notes",
                "Notes staff wrote about your applications",
                [
                    {"application": n.application_id, "at": n.created_at, "text": n.text}
                    for n in ApplicationNote.objects.filter(application_id__in=ids)
                ],
            ),
            Section(
                "endorsements_about_you",
                "Endorsements of your applications",
                [
                    _endorsement(r)
                    for r in EndorsementRequest.objects.filter(application_id__in=ids)
                ],
            ),
        ]
    if emails:
        given = EndorsementRequest.objects.filter(
            _any_address("endorser_email", emails)
        ).select_related("application__cohort")
        naming = Application.objects.filter(
            _any_address("clinical_director_email", emails)
        ).select_related("cohort")
        sections += [
            Section(
                "endorsements_given",
                "Endorsements asked of you as a clinical director",
                [{**_endorsement(r), "cohort": r.application.cohort.name} for r in given],
            ),
            Section(
                "named_as_clinical_director",
                "Applications that name you as the clinical director",
                [
                    {
                        "application": a.pk,
                        "cohort": a.cohort.name,
                        "clinical_director_name": a.clinical_director_name,
                        "clinical_director_email": a.clinical_director_email,
                    }
                    for a in naming
                ],
            ),
        ]
    return sections


def _endorsement(request: EndorsementRequest) -> dict:
    return {
        "application": request.application_id,
        "endorser_name": request.endorser_name,
        "endorser_email": request.endorser_email,
        "sent_at": request.created_at,
        "expires_at": request.expires_at,
        "replaced_at": request.superseded_at,
        "reminders_sent": request.reminders_sent,
        "outcome": request.get_outcome_display(),
        "comment": request.comment,
        "decided_at": request.decided_at,
    }


def applications_erasure_problems(*, user: User | None, emails: list[str]) -> list[str]:
    """Why this person cannot be erased yet, if they cannot."""
    if user is None:
        return []
    undecided = Application.objects.filter(applicant=user, status__in=UNDECIDED).select_related(
        "cohort"
    )
    return [
        f"The application to {a.cohort.name} is still open ({a.get_status_display().lower()}): "
        "withdraw it first."
        for a in undecided
    ]
