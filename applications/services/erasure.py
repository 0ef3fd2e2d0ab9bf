"""Erasure in applications: what an application keeps once nobody may be named in it (its
status, cohort, role, place, PCN and dates, which the figures count) and what goes (every
name, address, number and typed answer, the staff's notes, the endorser's words).

`application_anonymise` is also what retention calls for applications past their period."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent, ApplicationNote, EndorsementRequest
from ellw.accounts.models import User
from ellw.text import text_redact

# What an application says about the person (and their clinical director), blanked when it
# is anonymised; the rest (status, cohort, role, place, PCN, dates) is what figures count.
PERSONAL_TEXT_FIELDS = (
    "full_name",
    "work_email",
    "phone",
    "employer",
    "pcn_other",
    "motivation",
    "workplace_benefit",
    "clinical_director_name",
    "clinical_director_email",
)


def _history_redact(application_ids: list[int], words: set[str]) -> int:
    """Take these words out of the applications' history; the staff's notes on an event go."""
    changed = 0
    for event in ApplicationEvent.objects.filter(application_id__in=application_ids):
        description = text_redact(event.description, words)
        actor_label = text_redact(event.actor_label, words)
        if (description, actor_label, event.note) != (event.description, event.actor_label, ""):
            event.description, event.actor_label, event.note = description, actor_label, ""
            event.save(update_fields=["description", "actor_label", "note"])
            changed += 1
    return changed


@transaction.atomic
def application_anonymise(application: Application) -> None:
    """Blank everything on the application that names or describes a person (the applicant
    and their clinical director), keep what is counted: status, cohort, role, place, PCN and
    every date but the one they started in their role. The history keeps its statuses and
    dates with names taken out; the staff's internal notes are deleted; endorsement links
    stop working and keep only their outcome and dates. Safe to call twice."""
    requests = EndorsementRequest.objects.filter(application=application)
    words = {
        application.full_name,
        application.work_email,
        application.clinical_director_name,
        application.clinical_director_email,
        application.applicant.full_name,
        application.applicant.email,
    }
    for name, email in requests.values_list("endorser_name", "endorser_email"):
        words.update((name, email))
    _history_redact([application.pk], words)
    ApplicationNote.objects.filter(application=application).delete()
    requests.update(
        endorser_name="",
        endorser_email="",
        comment="",
        link_nonce="",
        superseded_at=Coalesce("superseded_at", Now()),
    )
    for field in PERSONAL_TEXT_FIELDS:
        setattr(application, field, "")
    application.started_in_role_on = None
    application.anonymised_at = timezone.now()
    application.save(
        update_fields=[*PERSONAL_TEXT_FIELDS, "started_in_role_on", "anonymised_at", "updated_at"]
    )


def applications_personal_data_erase(*, user: User | None, emails: list[str]) -> dict[str, int]:
    """What erasing a person does here. Their own applications: drafts (never sent) are
    deleted, the rest anonymised. As a clinical director: their name, address and comment go
    from the endorsements they gave and the applications that named them; the outcome stays."""
    counts = {}
    if user is not None:
        own = Application.objects.filter(applicant=user)
        drafts = own.filter(status=ApplicationStatus.DRAFT)
        counts["draft_applications_deleted"] = drafts.count()
        drafts.delete()
        anonymised = 0
        for application in own.select_related("applicant"):
            application_anonymise(application)
            anonymised += 1
        counts["applications_anonymised"] = anonymised
    if emails:
        by_address = Q()
        for email in emails:
            by_address |= Q(endorser_email__iexact=email)
        given = EndorsementRequest.objects.filter(by_address)
        named = Q()
        for email in emails:
            named |= Q(clinical_director_email__iexact=email)
        naming = Application.objects.filter(named)
        words = set(emails)
        words.update(given.values_list("endorser_name", flat=True))
        words.update(naming.values_list("clinical_director_name", flat=True))
        ids = set(given.values_list("application_id", flat=True)) | set(
            naming.values_list("pk", flat=True)
        )
        _history_redact(sorted(ids), words)
        counts["endorsements_given_anonymised"] = given.update(
            endorser_name="",
            endorser_email="",
            comment="",
            link_nonce="",
            superseded_at=Coalesce("superseded_at", Now()),
        )
        counts["applications_naming_clinical_director"] = naming.update(
            clinical_director_name="", clinical_director_email=""
        )
    return counts
