"""Testimonials: the lead records one or sends a request link; the person writes theirs
through the link (tampered, expired, reused, withdrawn); the throttles at their edges;
consent and approval before a report may quote it, and anonymised ones carry no name."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ellw.links import LinkState, link_token
from ellw.mail.models import OutboundEmail
from evaluation import enums
from evaluation import models as evaluation_models
from evaluation.selectors import testimonials as selectors
from evaluation.services import testimonials as service
from tests import factories
from tests.applications.helpers import last_email_to
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db
T = enums.TestimonialStatus
ADDRESS = "priya.shah@nhs.net"
REQUEST_URL = reverse("staff:evaluation:testimonial_request")


def Testimonials():  # noqa: N802 (the model's manager, without pytest collecting the class)
    return evaluation_models.Testimonial.objects


@pytest.fixture
def lead(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return programme_lead


def request_data(**overrides) -> dict:
    data = {
        "name": "Dr Priya Shah",
        "email": ADDRESS,
        "role": "Clinical director",
        "organisation": "Newham Central 1 PCN",
        "source": "pcn",
        "cohort": "",
    }
    data.update(overrides)
    return data


def link_path(address: str = ADDRESS) -> str:
    return re.search(r"http://testserver(/testimonials/\S+/)", last_email_to(address).body_text)[1]


def requested(programme_lead, **overrides):
    data = request_data(**overrides)
    return service.testimonial_request(
        actor=programme_lead,
        name=data["name"],
        email=data["email"],
        role=data["role"],
        organisation=data["organisation"],
        source=data["source"],
        cohort=data.get("cohort") or None,
    )


def at(monkeypatch, moment: datetime.datetime) -> None:
    """Stop the clock at this moment (the outside world's time, not our code)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- the person's journey ------------------------------------------------------------------


def test_lead_asks_and_the_person_writes_it_through_the_link(client, lead):
    cohort = factories.CohortFactory(name="Cohort 1")
    response = client.post(REQUEST_URL, request_data(cohort=cohort.pk))
    testimonial = Testimonials().get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "staff:evaluation:testimonial_detail", args=[testimonial.pk]
    )
    assert (testimonial.status, testimonial.cohort, testimonial.email) == (
        T.REQUESTED,
        cohort,
        ADDRESS,
    )
    email = last_email_to(ADDRESS)
    assert email.subject == (
        "Would you write a few words about the Emerging Leaders Link Worker programme?"
    )
    assert "Cohort 1 of the programme" in email.body_text
    # Only the nonce and the token's hash are stored: the database holds no working link.
    path = link_path()
    token = path.split("/")[2]
    assert token not in testimonial.token_hash and token not in testimonial.link_nonce

    client.logout()  # the person has no account
    opened = client.get(path)
    write = reverse("testimonials:write", args=[testimonial.pk])
    assert (opened.status_code, opened["Location"]) == (302, write)
    assert write == f"/testimonials/write/{testimonial.pk}/"
    assert opened["Referrer-Policy"] == "no-referrer"
    assert opened["Cache-Control"].startswith("max-age=0")
    stored = client.session["testimonial_links"]
    assert list(stored) == [str(testimonial.pk)] and token not in stored[str(testimonial.pk)]

    page = client.get(write)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    content = page.content.decode()
    assert token not in content
    assert "Dear Dr Priya Shah" in content
    assert 'value="Newham Central 1 PCN"' in content

    sent = client.post(
        write,
        {
            "author_name": "Dr Priya Shah",
            "author_role": "Clinical director",
            "organisation": "Newham Central 1 PCN",
            "text": "  Our link worker now leads the PCN's social prescribing huddle.  ",
            "consent": "anonymised",
        },
    )
    assert sent.status_code == 200
    assert b"We have your testimonial." in sent.content
    assert (
        b"How you said we may use it: Without my name: only my role and the kind of "
        b"organisation." in sent.content
    )
    testimonial.refresh_from_db()
    assert testimonial.status == T.AWAITING_APPROVAL
    assert testimonial.text == "Our link worker now leads the PCN's social prescribing huddle."
    assert testimonial.consent == "anonymised"
    assert testimonial.link_used_at is not None and testimonial.consent_given_at is not None

    # Used: the link and the page both say so, and nothing changes.
    again = client.get(path)
    assert again.status_code == 410
    assert b"You have already sent your testimonial" in again.content
    resent = client.post(write, {"author_name": "X", "text": "Changed", "consent": "named"})
    assert resent.status_code == 410
    testimonial.refresh_from_db()
    assert (testimonial.text, testimonial.consent) == (
        "Our link worker now leads the PCN's social prescribing huddle.",
        "anonymised",
    )
    # Not in any report until the lead approves it.
    assert selectors.testimonials_for_report([cohort.pk]) == []


def test_the_person_must_write_something_and_choose_how_it_may_be_used(client, programme_lead):
    testimonial = requested(programme_lead)
    client.get(link_path())
    write = reverse("testimonials:write", args=[testimonial.pk])
    response = client.post(
        write,
        {"author_name": "Dr Priya Shah", "text": "It changed how our team works.", "consent": ""},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Select how we may use your testimonial" in content
    assert "It changed how our team works." in content  # nothing typed is lost
    empty = client.post(write, {"author_name": "Dr Priya Shah", "text": "", "consent": "named"})
    assert "Write your testimonial" in empty.content.decode()
    too_long = client.post(
        write, {"author_name": "Dr Priya Shah", "text": "x" * 2001, "consent": "named"}
    )
    assert "Your testimonial must be 2,000 characters or fewer (you have 2,001)" in (
        too_long.content.decode()
    )
    testimonial.refresh_from_db()
    assert (testimonial.status, testimonial.text, testimonial.link_used_at) == (
        T.REQUESTED,
        "",
        None,
    )


def test_a_tampered_link_is_not_found_and_keeps_nothing(client, programme_lead):
    requested(programme_lead)
    path = link_path()
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    response = client.get(tampered)
    assert response.status_code == 404
    assert b"This link is not valid" in response.content
    assert response["Referrer-Policy"] == "no-referrer"
    assert "testimonial_links" not in client.session


def test_an_endorsement_style_token_of_another_kind_does_not_open_a_testimonial(
    client, programme_lead
):
    testimonial = requested(programme_lead)
    token = link_token("evaluation.alumni", testimonial.link_nonce)
    assert client.get(reverse("testimonials:link", args=[token])).status_code == 404


def test_the_write_page_in_another_browser_shows_how_to_open_it(client, programme_lead):
    testimonial = requested(programme_lead)
    client.get(link_path())
    client.cookies.clear()  # as another browser
    write = reverse("testimonials:write", args=[testimonial.pk])
    for response in (client.get(write), client.post(write, {"text": "x", "consent": "named"})):
        assert response.status_code == 404
        assert b"Open the link in your e-mail again" in response.content
    testimonial.refresh_from_db()
    assert testimonial.status == T.REQUESTED


def test_the_link_works_one_second_before_it_expires(client, programme_lead, monkeypatch):
    testimonial = requested(programme_lead)
    path = link_path()
    at(monkeypatch, testimonial.link_expires_at - datetime.timedelta(seconds=1))
    response = client.get(path)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


def test_the_link_is_gone_exactly_when_it_expires(client, programme_lead, monkeypatch):
    testimonial = requested(programme_lead)
    path = link_path()
    assert testimonial.link_expires_at - testimonial.created_at == datetime.timedelta(days=30)
    at(monkeypatch, testimonial.link_expires_at)
    response = client.get(path)
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert "testimonial_links" not in client.session


def test_a_page_opened_before_expiry_refuses_the_answer_after_it(client, programme_lead):
    testimonial = requested(programme_lead)
    client.get(link_path())
    Testimonials().filter(pk=testimonial.pk).update(link_expires_at=timezone.now())
    response = client.post(
        reverse("testimonials:write", args=[testimonial.pk]),
        {"author_name": "Dr Priya Shah", "text": "Late words", "consent": "named"},
    )
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    testimonial.refresh_from_db()
    assert (testimonial.status, testimonial.text) == (T.REQUESTED, "")


def test_a_withdrawn_request_link_is_gone(client, lead):
    testimonial = requested(lead)
    response = client.post(reverse("staff:evaluation:testimonial_not_used", args=[testimonial.pk]))
    assert response.status_code == 302
    client.logout()
    opened = client.get(link_path())
    assert opened.status_code == 410
    assert b"This request has been withdrawn" in opened.content
    assert service.testimonial_link_check(link_path().split("/")[2]).state == (LinkState.SUPERSEDED)


# --- throttles -------------------------------------------------------------------------------


def test_one_address_is_asked_at_most_once_per_interval(client, lead):
    assert client.post(REQUEST_URL, request_data()).status_code == 302
    response = client.post(REQUEST_URL, request_data(email="Priya.Shah@NHS.net"))
    assert response.status_code == 400
    sent = Testimonials().get().created_at
    next_at = timezone.localtime(sent + datetime.timedelta(hours=24))
    next_at = next_at.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    assert (
        "A request was sent to Priya.Shah@NHS.net less than 24 hours ago. You can ask them "
        f"again after {next_at:%H:%M} on {next_at.day} {next_at:%B}."
    ) in response.content.decode()
    assert 'value="Dr Priya Shah"' in response.content.decode()  # the form keeps its input
    assert Testimonials().count() == 1
    assert OutboundEmail.objects.filter(template="testimonial_request").count() == 1


def test_the_address_throttle_ends_exactly_at_the_interval(programme_lead):
    sent = requested(programme_lead).created_at
    interval = datetime.timedelta(hours=24)
    one_second_short = sent + interval - datetime.timedelta(seconds=1)
    assert service.testimonial_request_throttle(ADDRESS, now=one_second_short) is not None
    assert service.testimonial_request_throttle(ADDRESS, now=sent + interval) is None
    assert service.testimonial_request_throttle("someone.else@nhs.net", now=sent) is None


def test_no_more_than_the_daily_number_of_requests_in_24_hours(client, lead, settings):
    settings.ELLW_TESTIMONIAL_REQUESTS_PER_DAY = 2
    for n in range(2):
        response = client.post(REQUEST_URL, request_data(email=f"person{n}@nhs.net"))
        assert response.status_code == 302
    refused = client.post(REQUEST_URL, request_data(email="person2@nhs.net"))
    assert refused.status_code == 400
    assert "No more than 2 testimonial requests can be sent in 24 hours." in (
        refused.content.decode()
    )
    assert Testimonials().count() == 2
    first = Testimonials().order_by("created_at").first().created_at
    day = datetime.timedelta(hours=24)
    assert service.testimonial_request_throttle(
        "person2@nhs.net", now=first + day - datetime.timedelta(seconds=1)
    ).startswith("No more than 2 testimonial requests")
    assert service.testimonial_request_throttle("person2@nhs.net", now=first + day) is None


# --- recording, approving, editing ------------------------------------------------------------


def record_data(**overrides) -> dict:
    data = {
        "author_name": "Sam Okafor",
        "author_role": "Programme manager",
        "organisation": "Health Education England",
        "source": "training_partner",
        "cohort": "",
        "text": "The best-run leadership programme we have partnered on.",
        "consent": "named",
        "consent_confirmed": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_recording_needs_the_lead_to_confirm_the_authors_consent(client, lead):
    url = reverse("staff:evaluation:testimonial_record")
    response = client.post(url, record_data(consent_confirmed=None))
    assert response.status_code == 400
    content = response.content.decode()
    assert "Confirm you have the author&#x27;s consent" in content
    assert "The best-run leadership programme we have partnered on." in content
    assert Testimonials().count() == 0
    no_choice = client.post(url, record_data(consent=None))
    assert "Select how the author agreed it may be used" in no_choice.content.decode()
    assert Testimonials().count() == 0


def test_a_recorded_testimonial_awaits_approval_then_the_lead_approves_it(client, lead):
    response = client.post(reverse("staff:evaluation:testimonial_record"), record_data())
    testimonial = Testimonials().get()
    assert response["Location"] == reverse(
        "staff:evaluation:testimonial_detail", args=[testimonial.pk]
    )
    assert (testimonial.status, testimonial.created_by, testimonial.email) == (
        T.AWAITING_APPROVAL,
        lead,
        "",
    )
    detail = client.get(response["Location"]).content.decode()
    assert "Sam Okafor, Programme manager, Health Education England" in detail
    assert "Approve for use in reports" in detail

    edit = reverse("staff:evaluation:testimonial_edit", args=[testimonial.pk])
    assert client.post(edit, {"text": "The best-run programme we have partnered on."}).status_code
    testimonial.refresh_from_db()
    assert testimonial.text == "The best-run programme we have partnered on."

    client.post(reverse("staff:evaluation:testimonial_approve", args=[testimonial.pk]))
    testimonial.refresh_from_db()
    assert (testimonial.status, testimonial.decided_by) == (T.APPROVED, lead)
    # Approved: the text can no longer change.
    refused = client.post(edit, {"text": "Something else"})
    assert refused.status_code == 400
    assert "The text can be changed only before it is approved." in refused.content.decode()
    testimonial.refresh_from_db()
    assert testimonial.text == "The best-run programme we have partnered on."
    assert [t.attribution for t in selectors.testimonials_for_report([])] == [
        "Sam Okafor, Programme manager, Health Education England"
    ]

    client.post(reverse("staff:evaluation:testimonial_not_used", args=[testimonial.pk]))
    testimonial.refresh_from_db()
    assert testimonial.status == T.NOT_USED
    assert selectors.testimonials_for_report([]) == []


def test_an_unanswered_request_cannot_be_approved(programme_lead):
    testimonial = requested(programme_lead)
    with pytest.raises(service.TestimonialRuleError):
        service.testimonial_approve(testimonial=testimonial, actor=programme_lead)
    testimonial.refresh_from_db()
    assert testimonial.status == T.REQUESTED


def test_the_transition_table_refuses_moves_it_does_not_list(programme_lead):
    testimonial = factories.ApprovedTestimonialFactory(status=T.APPROVED)
    with pytest.raises(service.TestimonialRuleError) as error:
        service.testimonial_transition(
            testimonial=testimonial, to_status=T.AWAITING_APPROVAL, actor=programme_lead
        )
    assert str(error.value) == "A testimonial that is approved cannot become awaiting approval."


# --- what a report may quote -----------------------------------------------------------------


def test_only_approved_consented_testimonials_for_these_cohorts_or_the_programme_come_out():
    cohort, other = factories.CohortFactory(), factories.CohortFactory()
    f = factories.ApprovedTestimonialFactory
    f(
        source="system_leader",
        author_name="Jo Bloggs",
        author_role="Director of population health",
        organisation="NHS North East London",
        cohort=None,
        text="Programme-wide.",
    )
    f(
        source="pcn",
        author_name="Dr Priya Shah",
        author_role="Clinical director",
        organisation="Newham Central 1 PCN",
        cohort=cohort,
        text="Named.",
    )
    f(
        source="pcn",
        author_name="Dr Omar Aziz",
        author_role="Clinical director",
        organisation="Hackney Marshes PCN",
        cohort=cohort,
        consent="anonymised",
        text="Anonymised.",
    )
    f(source="participant", author_role="", consent="anonymised", cohort=cohort, text="Mine.")
    f(cohort=cohort, status=T.AWAITING_APPROVAL, text="Not approved yet.")
    f(cohort=cohort, status=T.NOT_USED, text="Not used.")
    f(cohort=cohort, consent="", consent_given_at=None, text="No consent.")
    f(cohort=other, text="Another cohort.")
    f(cohort=cohort, text="")

    found = selectors.testimonials_for_report([cohort.pk])
    assert [(t.source, t.text, t.attribution) for t in found] == [
        ("participant", "Mine.", "A participant on the programme"),
        ("pcn", "Named.", "Dr Priya Shah, Clinical director, Newham Central 1 PCN"),
        ("pcn", "Anonymised.", "A clinical director, primary care network"),
        (
            "system_leader",
            "Programme-wide.",
            "Jo Bloggs, Director of population health, NHS North East London",
        ),
    ]
    anonymised = found[2]
    assert "Omar" not in anonymised.attribution and "Aziz" not in anonymised.attribution
    assert "Hackney" not in anonymised.attribution
    assert (found[1].source_label, found[1].cohort, found[3].cohort) == (
        "Primary care network",
        cohort.name,
        "",
    )


def test_anonymised_attribution_reads_naturally_for_acronyms_and_vowels():
    f = factories.ApprovedTestimonialFactory
    f(source="system_leader", author_role="NHS England regional lead", consent="anonymised")
    f(source="training_partner", author_role="Independent coach", consent="anonymised")
    f(source="pcn", author_role="PCN manager", consent="anonymised")
    assert sorted(t.attribution for t in selectors.testimonials_for_report([])) == [
        "A PCN manager, primary care network",
        "An NHS England regional lead, system leader",
        "An independent coach, training partner",
    ]


# --- the lead's list ----------------------------------------------------------------------


def test_the_list_counts_filters_and_pages(client, lead):
    f = factories.ApprovedTestimonialFactory
    f.create_batch(26, source="pcn")
    f(source="system_leader", status=T.AWAITING_APPROVAL, author_name="Jo Bloggs")
    url = reverse("staff:evaluation:testimonials")
    page = client.get(url).content.decode()
    assert "Showing 1 to 25 of 27 testimonials, newest first." in page
    assert "Testimonials, page 1 of 2" in page
    assert re.search(r">Approved</a></th>\s*<td[^>]*>26</td>", page)
    assert re.search(r">Awaiting approval</a></th>\s*<td[^>]*>1</td>", page)

    awaiting = client.get(url, {"status": "awaiting_approval"}).content.decode()
    assert "Showing 1 to 1 of 1 testimonial, newest first." in awaiting
    assert "Jo Bloggs" in awaiting
    by_source = client.get(url, {"source": "system_leader"}).content.decode()
    assert re.search(r">Approved</a></th>\s*<td[^>]*>0</td>", by_source)
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_the_list_runs_a_fixed_number_of_queries(client, lead, django_assert_max_num_queries):
    factories.ApprovedTestimonialFactory.create_batch(30, cohort=factories.CohortFactory())
    with django_assert_max_num_queries(12):
        assert client.get(reverse("staff:evaluation:testimonials")).status_code == 200


def test_only_the_programme_lead_manages_testimonials(client, sp_manager, link_worker):
    testimonial = factories.ApprovedTestimonialFactory()
    urls = [
        reverse("staff:evaluation:testimonials"),
        reverse("staff:evaluation:testimonial_record"),
        reverse("staff:evaluation:testimonial_request"),
        reverse("staff:evaluation:testimonial_detail", args=[testimonial.pk]),
        reverse("staff:evaluation:testimonial_edit", args=[testimonial.pk]),
    ]
    for url in urls:
        assert client.get(url)["Location"].startswith("/accounts/login/")
    log_in_with_mfa(client, sp_manager)
    assert [client.get(url).status_code for url in urls] == [403] * 5
    client.force_login(link_worker)
    assert [client.get(url).status_code for url in urls] == [403] * 5
    approve = reverse("staff:evaluation:testimonial_approve", args=[testimonial.pk])
    assert client.post(approve).status_code == 403


def test_the_lead_sees_a_request_waiting_for_its_reply(client, lead):
    testimonial = requested(lead)
    for name in ("staff:evaluation:testimonial_record", "staff:evaluation:testimonial_request"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("staff:evaluation:testimonial_detail", args=[testimonial.pk]))
    content = page.content.decode()
    expires = testimonial.link_expires_at
    assert f"It works until {expires.day} {expires:%B %Y}." in content
    assert "Withdraw the request" in content
    assert "Approve for use in reports" not in content and "Correct the text" not in content


def test_the_thanks_page_states_the_consent_the_person_gave(client, programme_lead):
    testimonial = requested(programme_lead)
    client.get(link_path())
    sent = client.post(
        reverse("testimonials:write", args=[testimonial.pk]),
        {"author_name": "Dr Priya Shah", "text": "Remarkable growth.", "consent": "named"},
    )
    assert b"How you said we may use it: With my name, role and organisation." in sent.content


def test_the_report_takes_at_most_n_per_source_picked_by_the_database():
    cohort = factories.CohortFactory()
    for n in range(9):
        factories.ApprovedTestimonialFactory(cohort=cohort, text=f"PCN {n}.")
    for n in range(2):
        factories.ApprovedTestimonialFactory(
            cohort=cohort, source="training_partner", text=f"Partner {n}."
        )

    with CaptureQueriesContext(connection) as queries:
        found = selectors.testimonials_for_report([cohort.pk], per_source=3)

    assert [t.text for t in found] == ["PCN 0.", "PCN 1.", "PCN 2.", "Partner 0.", "Partner 1."]
    assert len(queries) == 1
    assert "ROW_NUMBER" in queries[0]["sql"].upper()
