"""Walking the applicant's and clinical director's journey with the Django test client."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from cohorts.models import Cohort, PrimaryCareNetwork, Role
from ellw.mail.models import OutboundEmail
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


def last_email_to(address: str) -> OutboundEmail:
    return OutboundEmail.objects.filter(to=[address]).order_by("-id").first()


def endorsement_path(address: str = "priya.shah@nhs.net") -> str:
    body = last_email_to(address).body_text
    return re.search(r"http://testserver(/endorse/\S+/)", body)[1]


def apply(client, cohort: Cohort, **overrides):
    return client.post(
        reverse("applications:apply", args=[cohort.slug]),
        application_form_data(cohort, **overrides),
    )
