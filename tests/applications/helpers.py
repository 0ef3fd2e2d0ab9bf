"""Walking the applicant's and clinical director's journey with the Django test client."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse

from cohorts.models import Cohort, PrimaryCareNetwork, Role
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from ellw.mail.services import outbound_email_send
from tests.factories import PrimaryCareNetworkFactory


def application_form_data(cohort: Cohort, **overrides) -> dict:
    pcn = PrimaryCareNetwork.objects.filter(
        place__slug="hackney"
    ).first() or PrimaryCareNetworkFactory(name="Hackney Marshes PCN")
    started = cohort.starts_on - datetime.timedelta(days=500)
    data = {
        "full_name": "Aisha Khan",
        "work_email": "aisha.khan@example.nhs.uk",
        "phone": "020 7946 0123",
        "role": Role.objects.get(slug="social-prescribing-link-worker").pk,
        "employer": "Hackney GP Confederation",
        "place": pcn.place_id,
        "pcn": pcn.pk,
        "pcn_other": "",
        "started_in_role_on_0": started.day,
        "started_in_role_on_1": started.month,
        "started_in_role_on_2": started.year,
        "motivation": "I want to grow as a leader and support other link workers.",
        "workplace_benefit": "Coaching skills and a quality improvement project for our PCN.",
        "clinical_director_name": "Dr Priya Shah",
        "clinical_director_email": "priya.shah@nhs.net",
        "privacy_consent": "on",
        "action": "submit",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@dataclass(frozen=True)
class SentEmail:
    """An e-mail as it left: the outbox row's record and the body of the sent message (the
    row keeps its body encrypted until it is sent and erases it then)."""

    row: OutboundEmail
    message: EmailMessage

    @property
    def template(self) -> str:
        return self.row.template

    @property
    def to(self) -> list[str]:
        return self.row.to

    @property
    def subject(self) -> str:
        return self.message.subject

    @property
    def body_text(self) -> str:
        return self.message.body

    @property
    def body_html(self) -> str:
        alternatives = getattr(self.message, "alternatives", [])
        return next((content for content, mime in alternatives if mime == "text/html"), "")


def sent_message(row: OutboundEmail) -> EmailMessage:
    """The message `row` was sent as, from Django's test outbox (matched by Message-ID).

    Plain `django_db` tests never commit, so the on-commit send never runs: send a pending
    row now, as the worker would have."""
    if row.status == OutboundEmailStatus.PENDING:
        outbound_email_send(email_id=row.pk)
    for message in reversed(mail.outbox):
        if message.extra_headers.get("Message-ID") == row.message_id:
            return message
    raise AssertionError(f"Outbox row {row.pk} ({row.template}) was not sent: {row.status}")


def last_email_to(address: str) -> SentEmail | None:
    row = OutboundEmail.objects.filter(to=[address]).order_by("-id").first()
    return None if row is None else SentEmail(row=row, message=sent_message(row))


def endorsement_path(address: str = "priya.shah@nhs.net") -> str:
    body = last_email_to(address).body_text
    return re.search(r"http://testserver(/endorse/\S+/)", body)[1]


def apply(client, cohort: Cohort, **overrides):
    return client.post(
        reverse("applications:apply", args=[cohort.slug]),
        application_form_data(cohort, **overrides),
    )


def endorsement_page(client, address: str = "priya.shah@nhs.net") -> str:
    """Open the e-mailed link as the clinical director's browser does: the link keeps its
    token in the session and redirects at once to the token-free page, returned here."""
    response = client.get(endorsement_path(address))
    assert response.status_code == 302, response.status_code
    return response["Location"]
