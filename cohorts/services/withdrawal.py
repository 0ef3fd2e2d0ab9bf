"""Ending an enrolment: the participant leaves the cohort, with the reason kept and the
event in the enrolment's history. Applications calls it when a place is given up."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import EnrolmentEventKind
from cohorts.models import Enrolment, EnrolmentEvent
from ellw.accounts.models import User
from ellw.accounts.selectors import staff_emails_to_tell
from ellw.mail.services import email_queue


@transaction.atomic
def enrolment_withdraw(
    *,
    enrolment: Enrolment,
    actor: User | None,
    reason: str = "",
    when: datetime.datetime | None = None,
) -> bool:
    """Mark the enrolment withdrawn (once: False if it already was) with the reason, and
    record who did it. The participant keeps their set and their register lines as history;
    every list of a cohort's participants leaves withdrawn ones out."""
    when = when or timezone.now()
    ended = Enrolment.objects.filter(pk=enrolment.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=when, withdrawal_reason=reason
    )
    if not ended:
        return False
    enrolment.withdrawn_at, enrolment.withdrawal_reason = when, reason
    by_self = actor is not None and actor.pk == enrolment.participant_id
    _staff_tell(enrolment=enrolment, actor=actor, by_self=by_self)
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        kind=EnrolmentEventKind.WITHDRAWN,
        actor=actor,
        actor_label=actor.get_full_name() if actor else "System",
        description="Withdrew from the cohort" if by_self else "Withdrawn from the cohort",
        note=reason,
    )
    return True


def _staff_tell(*, enrolment: Enrolment, actor: User | None, by_self: bool) -> None:
    """SP managers and programme leads hear of a participant leaving, one e-mail each (so no
    one sees the others' addresses); whoever withdrew them is not told what they just did."""
    cohort_url = settings.SITE_URL + reverse("staff:cohorts:detail", args=[enrolment.cohort_id])
    for address in staff_emails_to_tell(leaving_out=actor):
        email_queue(
            to=address,
            template="participant_withdrawn",
            context={
                "participant": enrolment.participant.get_full_name(),
                "cohort": enrolment.cohort.name,
                "by_self": by_self,
                "actor": actor.get_full_name() if actor else "",
                "cohort_url": cohort_url,
            },
        )
