"""The state machine: the one writer of an application's status, its history and e-mails."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.enums import ALLOWED_TRANSITIONS, ApplicationStatus
from applications.models import Application, ApplicationEvent
from ellw.accounts.models import User
from ellw.accounts.rules import must_use_mfa
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_record
from ellw.mail.services import email_queue

S = ApplicationStatus

# The e-mail the applicant gets on arriving in each status (templates/emails/<key>/).
STATUS_EMAILS = {
    S.AWAITING_ENDORSEMENT: "application_submitted",
    S.ENDORSED: "application_endorsed",
    S.NOT_ENDORSED: "application_not_endorsed",
    S.OFFERED: "place_offered",
    S.WAITLISTED: "application_waitlisted",
    S.REJECTED: "application_rejected",
    S.ACCEPTED: "place_accepted",
    S.OFFER_LAPSED: "offer_lapsed",
    S.OFFER_RESCINDED: "offer_rescinded",
    S.WITHDRAWN: "application_withdrawn",
}


class ApplicationRuleError(ValidationError):
    """A business rule refused the change; the message says why, for the person."""


# --- the state machine ---------------------------------------------------------------


def application_transition(
    *,
    application: Application,
    to_status: str,
    actor: User | None,
    actor_label: str = "",
    note: str = "",
    description: str = "",
    extra_fields: dict[str, Any] | None = None,
    email_context: dict[str, Any] | None = None,
) -> Application:
    """Move the application to `to_status` if the table allows it; record and notify."""
    from_status = application.status
    if to_status not in ALLOWED_TRANSITIONS[from_status]:
        raise ApplicationRuleError(
            f"An application that is {S(from_status).label.lower()} cannot become "
            f"{S(to_status).label.lower()}."
        )
    application.status = to_status
    fields = ["status", "updated_at"]
    for name, value in (extra_fields or {}).items():
        setattr(application, name, value)
        fields.append(name)
    application.save(update_fields=fields)
    _event(
        application,
        actor,
        description or f"{S(from_status).label} → {S(to_status).label}",
        actor_label=actor_label,
        from_status=from_status,
        to_status=to_status,
        note=note,
    )
    if actor is not None and must_use_mfa(actor):
        audit_record(
            event=AuditEvent.APPLICATION_STATUS_CHANGED,
            target=application,
            actor=actor,
            details={"from": from_status, "to": to_status},
        )
    template = STATUS_EMAILS.get(to_status)
    if template:
        _email_applicant(application, template, {"message": note, **(email_context or {})})
    return application


def _email_applicant(application: Application, template: str, context: dict[str, Any]) -> None:
    email_queue(
        to=application.work_email or application.applicant.email,
        template=template,
        context={
            "application": application,
            "cohort": application.cohort,
            "status_url": settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
            **context,
        },
    )


def _event(
    application: Application,
    actor: User | None,
    description: str,
    *,
    actor_label: str = "",
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> None:
    """One line of the application's history."""
    ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        actor_label=actor_label or (actor.get_full_name() if actor else "System"),
        from_status=from_status,
        to_status=to_status,
        description=description,
        note=note,
    )
