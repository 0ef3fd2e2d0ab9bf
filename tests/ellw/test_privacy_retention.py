"""The privacy notice states the retention periods from the settings the purge reads, and
link pages (clinical directors', testimonial authors') carry the short notice."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.applications.helpers import apply, endorsement_page
from tests.factories import CohortFactory


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_privacy_notice_states_the_default_periods(client, db):
    text = _text(client.get(reverse("privacy")).content.decode())
    assert "90 days after the link was used, replaced or expired, then erased" in text
    assert "1 year (365 days) after it was sent, then deleted" in text
    assert "Deleted once it has expired" in text
    assert "The file is deleted 90 days after it was replaced" in text
    assert "6 years (2,192 days), then deleted" in text
    assert "1 year (365 days) after the application ends, then anonymised" in text
    assert "Staff are logged out after 30 minutes without activity" in text


def test_privacy_notice_follows_the_settings(client, db, settings):
    settings.ELLW_RETENTION_EMAIL_DAYS = 30
    settings.ELLW_RETENTION_LINK_DAYS = 14
    settings.ELLW_RETENTION_SESSION_DAYS = 7
    text = _text(client.get(reverse("privacy")).content.decode())
    assert "30 days after it was sent, then deleted" in text
    assert "14 days after the link was used" in text
    assert "Deleted 7 days after it expired" in text


def test_endorsement_page_carries_the_link_notice(client, link_worker, settings):
    settings.ELLW_RETENTION_LINK_DAYS = 45
    client.force_login(link_worker)
    apply(client, CohortFactory())
    client.logout()
    page = client.get(endorsement_page(client))
    text = _text(page.content.decode())
    assert "How we use your information" in text
    assert "We keep your name, your work e-mail address, your answer" in text
    assert "45 days after that it is erased" in text
    assert reverse("privacy") in page.content.decode()


def test_testimonial_page_carries_the_link_notice(client, db):
    from ellw.accounts.roles import PROGRAMME_LEADS
    from evaluation.services.testimonials import testimonial_request
    from tests.applications.helpers import last_email_to
    from tests.factories import StaffFactory

    testimonial_request(
        actor=StaffFactory(role=PROGRAMME_LEADS),
        name="Dr Priya Shah",
        email="priya.shah@nhs.net",
        role="Clinical director",
        organisation="Newham Central 1 PCN",
        source="pcn",
        cohort=None,
    )
    body = last_email_to("priya.shah@nhs.net").body_text
    link = re.search(r"http://testserver(/testimonials/\S+/)", body)[1]
    page = client.get(client.get(link)["Location"])
    text = _text(page.content.decode())
    assert "How we use your information" in text
    assert "what you write and how you agree we may use it" in text
    assert "90 days after that it is erased" in text
