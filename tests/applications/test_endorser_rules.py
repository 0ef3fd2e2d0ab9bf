"""Who may endorse, how often a link may be sent, links that keep their token out of URLs,
and naming another clinical director after a decline."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.enums import ApplicationStatus
from applications.models import Application, ApplicationEvent, EndorsementRequest
from applications.views.endorsement import ENDORSEMENT_SESSION_KEY
from cohorts.models import Cohort
from ellw.demo import demo_seed
from ellw.mail.models import OutboundEmail
from tests.applications.helpers import apply, endorsement_page, endorsement_path
from tests.factories import ApplicationFactory, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus

OWN_ADDRESS = (
    "You cannot endorse your own application. Enter your clinical director&#x27;s e-mail "
    "address, not your own."
)
ACCOUNT_ADDRESS = (
    "This e-mail address belongs to an account on this service. Clinical directors endorse "
    "by e-mail and do not have an account: enter your clinical director&#x27;s own work "
    "e-mail address."
)


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 2", slug="cohort-2")


@pytest.fixture
def applicant(db):
    return UserFactory(email="aisha.khan@example.nhs.uk", full_name="Aisha Khan")


@pytest.fixture
def applied(client, applicant, cohort):
    """Submitted through the form; the clinical director's browser is signed in as nobody."""
    client.force_login(applicant)
    apply(client, cohort)
    client.logout()
    return Application.objects.get()


def links_sent_earlier(minutes: int = 11) -> None:
    EndorsementRequest.objects.update(
        created_at=F("created_at") - datetime.timedelta(minutes=minutes)
    )


def emails_to(address: str) -> int:
    return OutboundEmail.objects.filter(to=[address], template="endorsement_request").count()


# --- 1. nobody endorses themselves ------------------------------------------------------------


def test_apply_refuses_the_applicants_account_email_as_endorser(client, applicant, cohort):
    client.force_login(applicant)
    response = apply(
        client, cohort, work_email="aisha@work.nhs.uk", clinical_director_email=applicant.email
    )
    assert response.status_code == 200
    assert OWN_ADDRESS in response.content.decode()
    assert Application.objects.count() == 0
    assert EndorsementRequest.objects.count() == 0


def test_apply_refuses_the_work_email_as_endorser_whatever_its_case(client, applicant, cohort):
    client.force_login(applicant)
    response = apply(
        client,
        cohort,
        work_email="aisha.k@hackney.nhs.uk",
        clinical_director_email="Aisha.K@Hackney.NHS.uk",
    )
    assert OWN_ADDRESS in response.content.decode()
    assert Application.objects.count() == 0


def test_apply_refuses_another_accounts_email_in_another_case(client, applicant, cohort):
    UserFactory(email="ben.okafor@nhs.net")
    client.force_login(applicant)
    response = apply(client, cohort, clinical_director_email="BEN.Okafor@NHS.net")
    assert ACCOUNT_ADDRESS in response.content.decode()
    assert Application.objects.count() == 0


def test_apply_refuses_an_address_allauth_holds_for_an_account(client, applicant, cohort):
    other = UserFactory(email="ben.okafor@example.nhs.uk")
    EmailAddress.objects.create(user=other, email="ben.second@nhs.net", verified=False)
    EmailAddress.objects.create(user=applicant, email="aisha.second@nhs.net", verified=True)
    client.force_login(applicant)
    content = apply(client, cohort, clinical_director_email="Ben.Second@nhs.net").content
    assert ACCOUNT_ADDRESS in content.decode()
    content = apply(client, cohort, clinical_director_email="aisha.second@NHS.net").content
    assert OWN_ADDRESS in content.decode()
    assert Application.objects.count() == 0


def test_submit_service_refuses_self_endorsement_the_form_did_not_see(applicant):
    draft = ApplicationFactory(
        applicant=applicant, status=S.DRAFT, clinical_director_email="AISHA.KHAN@example.nhs.uk"
    )
    with pytest.raises(services.ApplicationRuleError) as error:
        services.application_submit(application=draft, actor=applicant)
    assert error.value.message_dict == {
        "clinical_director_email": [
            "You cannot endorse your own application. Enter your clinical director's e-mail "
            "address, not your own."
        ]
    }
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert EndorsementRequest.objects.count() == 0


def test_change_endorser_form_refuses_the_applicants_own_address(client, applied, applicant):
    links_sent_earlier()
    client.force_login(applicant)
    url = reverse("applications:change_endorser", args=[applied.pk])
    response = client.post(
        url,
        {"clinical_director_name": "Me", "clinical_director_email": "Aisha.Khan@example.nhs.uk"},
    )
    assert OWN_ADDRESS in response.content.decode()
    assert EndorsementRequest.objects.count() == 1
    applied.refresh_from_db()
    assert applied.clinical_director_email == "priya.shah@nhs.net"


def test_change_endorser_by_staff_refuses_an_account_in_staff_words(client, applied, sp_manager):
    links_sent_earlier()
    client.force_login(sp_manager)
    url = reverse("applications:change_endorser", args=[applied.pk])
    response = client.post(
        url, {"clinical_director_name": "Sam", "clinical_director_email": sp_manager.email.upper()}
    )
    assert (
        "This e-mail address belongs to an account on this service. Clinical directors endorse "
        "by e-mail and do not have an account: enter the applicant&#x27;s clinical "
        "director&#x27;s own work e-mail address."
    ) in response.content.decode()
    assert EndorsementRequest.objects.count() == 1


def test_change_endorser_service_refuses_what_the_form_would(applied, applicant):
    links_sent_earlier()
    UserFactory(email="someone@nhs.net")
    with pytest.raises(services.ApplicationRuleError) as error:
        services.endorsement_change_endorser(
            application=applied,
            actor=applicant,
            endorser_name="Someone",
            endorser_email="Someone@nhs.net",
        )
    assert list(error.value.message_dict) == ["clinical_director_email"]
    assert EndorsementRequest.objects.count() == 1


def test_endorsing_is_refused_before_any_link_is_sent_to_oneself(client, applicant, cohort):
    """The reported attack: name yourself, open the self-sent link, endorse."""
    client.force_login(applicant)
    apply(client, cohort, clinical_director_email=applicant.email)
    assert emails_to(applicant.email) == 0
    assert Application.objects.filter(status=S.ENDORSED).count() == 0


# --- the staff warning and the demo's domain list -------------------------------------------


def staff_detail(client, application):
    return client.get(reverse("staff:applications:detail", args=[application.pk]))


def test_staff_are_warned_when_the_endorser_is_outside_the_cohorts_domains(client, sp_manager):
    application = ApplicationFactory(
        cohort=CohortFactory(name="Cohort 7", endorser_email_domains="nhs.net, nhs.uk"),
        status=S.ENDORSED,
        clinical_director_email="dr.who@gmail.com",
    )
    client.force_login(sp_manager)
    response = staff_detail(client, application)
    assert response.context["endorser_warnings"] == [
        "dr.who@gmail.com is outside the domains Cohort 7 accepts for clinical directors "
        "(@nhs.net or @nhs.uk). Check that the endorser is the applicant's clinical director."
    ]
    assert b"Check the endorser" in response.content
    assert b"dr.who@gmail.com is outside the domains Cohort 7 accepts" in response.content
    # A warning, not a bar: the link was sent before the list said otherwise.
    assert response.context["eligibility_problems"] == []


def test_staff_are_warned_of_the_address_the_link_went_to(client, sp_manager, applied):
    Cohort.objects.update(endorser_email_domains="nhs.net")
    EndorsementRequest.objects.update(endorser_email="aisha.khan@example.nhs.uk")
    client.force_login(sp_manager)
    response = staff_detail(client, applied)
    assert response.context["endorser_warnings"] == [
        "aisha.khan@example.nhs.uk is outside the domains Cohort 2 accepts for clinical "
        "directors (@nhs.net). Check that the endorser is the applicant's clinical director.",
        "aisha.khan@example.nhs.uk is the applicant's own e-mail address: the applicant may "
        "have endorsed their own application.",
    ]


def test_staff_see_no_warning_for_an_endorser_inside_the_list(client, sp_manager):
    application = ApplicationFactory(
        cohort=CohortFactory(endorser_email_domains="nhs.net"),
        clinical_director_email="Dr.Shah@NHS.net",
    )
    client.force_login(sp_manager)
    response = staff_detail(client, application)
    assert response.context["endorser_warnings"] == []
    assert b"Check the endorser" not in response.content


def test_demo_cohorts_accept_clinical_directors_on_nhsmail_only():
    demo_seed(today=datetime.date(2026, 5, 4), with_passwords=False)
    assert {c.slug: c.endorser_domains for c in Cohort.objects.all()} == {
        "cohort-1": ["nhs.net"],
        "cohort-2": ["nhs.net"],
    }
    assert not EndorsementRequest.objects.exclude(endorser_email__endswith="@nhs.net").exists()


# --- 2. how often a link may be sent ------------------------------------------------------------

T0 = datetime.datetime(2030, 3, 4, 14, 22)


def at(moment: datetime.datetime) -> datetime.datetime:
    """`moment` read in the service's time zone, as an aware datetime."""
    return timezone.make_aware(moment)


def links_at(application, *moments):
    for n, moment in enumerate(moments):
        EndorsementRequest.objects.create(
            application=application,
            endorser_name="Dr Priya Shah",
            endorser_email="priya.shah@nhs.net",
            link_nonce=f"nonce-{n}",
            token_hash=f"hash-{application.pk}-{n}",
            created_at=moment,
            expires_at=moment + datetime.timedelta(days=14),
            superseded_at=None if n == len(moments) - 1 else moment,
        )


def test_throttle_allows_a_link_exactly_ten_minutes_after_the_last(settings):
    assert (
        settings.ELLW_ENDORSEMENT_LINKS_PER_DAY,
        settings.ELLW_ENDORSEMENT_LINK_INTERVAL_MINUTES,
    ) == (
        3,
        10,
    )
    application = ApplicationFactory()
    sent = at(T0)
    links_at(application, sent)
    ten = datetime.timedelta(minutes=10)
    assert services.endorsement_link_throttle(application, now=sent + ten) is None
    assert services.endorsement_link_throttle(
        application, now=sent + ten - datetime.timedelta(seconds=1)
    ) == ("A link was sent less than 10 minutes ago. You can send another link after 14:32.")


def test_throttle_time_is_rounded_up_to_the_minute():
    application = ApplicationFactory()
    sent = at(T0) + datetime.timedelta(seconds=30)
    links_at(application, sent)
    assert services.endorsement_link_throttle(application, now=sent) == (
        "A link was sent less than 10 minutes ago. You can send another link after 14:33."
    )


def test_throttle_refuses_a_fourth_link_in_24_hours_until_the_first_is_a_day_old():
    application = ApplicationFactory()
    first = at(T0.replace(hour=9, minute=0))
    hour = datetime.timedelta(hours=1)
    links_at(application, first, first + hour, first + 2 * hour)
    message = (
        "No more than 3 links can be sent in 24 hours. "
        "You can send another link after 09:00 on 5 March."
    )
    assert services.endorsement_link_throttle(application, now=first + 3 * hour) == message
    day = datetime.timedelta(hours=24)
    # One second short, on the day itself: the time alone.
    assert services.endorsement_link_throttle(
        application, now=first + day - datetime.timedelta(seconds=1)
    ) == ("No more than 3 links can be sent in 24 hours. You can send another link after 09:00.")
    assert services.endorsement_link_throttle(application, now=first + day) is None


def test_thirty_resends_in_a_row_send_no_email_and_say_when(client, applied, applicant):
    client.force_login(applicant)
    url = reverse("applications:resend_endorsement", args=[applied.pk])
    responses = [client.post(url) for _ in range(30)]
    assert {r.status_code for r in responses} == {302}
    assert emails_to("priya.shah@nhs.net") == 1  # the one sent on submitting
    assert EndorsementRequest.objects.count() == 1
    sent = timezone.localtime(EndorsementRequest.objects.get().created_at)
    allowed = sent.replace(second=0, microsecond=0) + datetime.timedelta(minutes=11)
    # Sent just before midnight, the time it names is tomorrow's, and says so.
    when = (
        f"{allowed:%H:%M}"
        if allowed.date() == sent.date()
        else f"{allowed:%H:%M} on {allowed.day} {allowed:%B}"
    )
    messages = [str(m) for m in get_messages(responses[-1].wsgi_request)]
    assert messages == 30 * [
        f"A link was sent less than 10 minutes ago. You can send another link after {when}."
    ]


def test_the_submission_link_counts_and_the_fourth_is_refused(client, applied, applicant):
    client.force_login(applicant)
    url = reverse("applications:resend_endorsement", args=[applied.pk])
    for _ in range(2):
        links_sent_earlier()
        client.post(url)
    assert emails_to("priya.shah@nhs.net") == 3
    links_sent_earlier()
    response = client.post(url)
    assert emails_to("priya.shah@nhs.net") == 3
    message = [str(m) for m in get_messages(response.wsgi_request)][-1]
    assert message.startswith("No more than 3 links can be sent in 24 hours.")


def test_change_endorser_is_throttled_too(client, applied, applicant):
    client.force_login(applicant)
    url = reverse("applications:change_endorser", args=[applied.pk])
    response = client.post(
        url, {"clinical_director_name": "Dr Tom Reed", "clinical_director_email": "tom@nhs.net"}
    )
    assert response.status_code == 200
    assert b"A link was sent less than 10 minutes ago." in response.content
    assert emails_to("tom@nhs.net") == 0
    applied.refresh_from_db()
    assert applied.clinical_director_email == "priya.shah@nhs.net"


def test_staff_are_throttled_and_their_resends_are_in_the_history(client, applied, sp_manager):
    client.force_login(sp_manager)
    url = reverse("applications:resend_endorsement", args=[applied.pk])
    client.post(url)
    assert emails_to("priya.shah@nhs.net") == 1
    links_sent_earlier()
    response = client.post(url)
    assert response["Location"] == reverse("staff:applications:detail", args=[applied.pk])
    assert emails_to("priya.shah@nhs.net") == 2
    event = ApplicationEvent.objects.latest("id")
    assert (event.actor, event.actor_label, event.description) == (
        sp_manager,
        sp_manager.get_full_name(),
        "Endorsement link sent again to Dr Priya Shah (priya.shah@nhs.net)",
    )
    history = staff_detail(client, applied).content.decode()
    assert "Endorsement link sent again to Dr Priya Shah (priya.shah@nhs.net)" in history


def test_staff_change_of_endorser_is_in_the_history_by_name(client, applied, sp_manager):
    links_sent_earlier()
    client.force_login(sp_manager)
    client.post(
        reverse("applications:change_endorser", args=[applied.pk]),
        {"clinical_director_name": "Dr Tom Reed", "clinical_director_email": "tom@nhs.net"},
    )
    event = ApplicationEvent.objects.latest("id")
    assert (event.actor_label, event.description) == (
        sp_manager.get_full_name(),
        "Clinical director changed: endorsement link sent to Dr Tom Reed (tom@nhs.net)",
    )


# --- 3. the token leaves the URL after the first request ----------------------------------------


def test_link_keeps_its_token_in_the_session_and_redirects_to_a_token_free_page(client, applied):
    link = endorsement_path()
    token = link.split("/")[2]
    response = client.get(link)
    request = EndorsementRequest.objects.get()
    review = reverse("endorsement_review", args=[request.pk])
    assert (response.status_code, response["Location"]) == (302, review)
    assert review == f"/endorse/review/{request.pk}/"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Cache-Control"].startswith("max-age=0")
    # The session holds the token encrypted, not as a working link.
    stored = client.session[ENDORSEMENT_SESSION_KEY]
    assert list(stored) == [str(request.pk)]
    assert token not in stored[str(request.pk)]

    page = client.get(review)
    assert page.status_code == 200
    assert token not in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"  # Django's default: no token to leak here
    assert "Endorse Aisha Khan's application" in page.content.decode()

    answer = client.post(review, {"outcome": "endorsed", "comment": "Yes."})
    assert b"You have endorsed Aisha Khan" in answer.content
    assert all(token not in r.request["PATH_INFO"] for r in (page, answer))
    applied.refresh_from_db()
    assert applied.status == S.ENDORSED


def test_token_free_page_in_another_browser_shows_how_to_open_it(client, applied):
    review = endorsement_page(client)
    client.logout()  # a fresh session: as another browser
    for response in (client.get(review), client.post(review, {"outcome": "endorsed"})):
        assert response.status_code == 404
        assert b"Open the link in your e-mail again" in response.content
    applied.refresh_from_db()
    assert applied.status == S.AWAITING_ENDORSEMENT


def test_fresh_tampered_link_is_not_found_and_keeps_nothing(client, applied):
    link = endorsement_path()
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    response = client.get(tampered)
    assert response.status_code == 404
    assert b"This link is not valid" in response.content
    assert response["Referrer-Policy"] == "no-referrer"
    assert ENDORSEMENT_SESSION_KEY not in client.session
    applied.refresh_from_db()
    assert applied.status == S.AWAITING_ENDORSEMENT


def test_a_clinical_director_signed_in_as_someone_else_can_endorse(client, applied):
    client.force_login(UserFactory(email="someone.else@example.nhs.uk"))
    response = client.get(endorsement_path(), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [
        (reverse("endorsement_review", args=[EndorsementRequest.objects.get().pk]), 302)
    ]
    client.post(response.request["PATH_INFO"], {"outcome": "endorsed"})
    applied.refresh_from_db()
    assert applied.status == S.ENDORSED


def test_two_links_in_two_tabs_each_answer_their_own_application(client, cohort):
    first = ApplicationFactory(
        cohort=cohort, full_name="First Person", clinical_director_email="cd@nhs.net"
    )
    second = ApplicationFactory(
        cohort=cohort, full_name="Second Person", clinical_director_email="cd@nhs.net"
    )
    services.endorsement_resend(application=first, actor=first.applicant)
    first_page = endorsement_page(client, "cd@nhs.net")
    services.endorsement_resend(application=second, actor=second.applicant)
    second_page = endorsement_page(client, "cd@nhs.net")
    assert first_page != second_page
    assert b"First Person" in client.get(first_page).content
    client.post(first_page, {"outcome": "declined", "comment": "Not yet."})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (S.NOT_ENDORSED, S.AWAITING_ENDORSEMENT)
    assert b"Second Person" in client.get(second_page).content


def test_replaced_link_opened_again_explains_and_changes_nothing(client, applied, applicant):
    review = endorsement_page(client)
    old_link = endorsement_path()
    links_sent_earlier()
    services.endorsement_resend(application=applied, actor=applicant)
    for response in (client.get(old_link), client.post(review, {"outcome": "endorsed"})):
        assert response.status_code == 410
        assert b"This link has been replaced" in response.content
    applied.refresh_from_db()
    assert applied.status == S.AWAITING_ENDORSEMENT


# --- 4. after a decline the applicant asks someone else -----------------------------------------


def test_after_a_decline_the_applicant_names_another_clinical_director(client, applied, applicant):
    director = Client()  # the clinical director's own browser
    old_review = endorsement_page(director)
    old_link = endorsement_path()
    director.post(old_review, {"outcome": "declined", "comment": "I am not their director."})
    links_sent_earlier()

    client.force_login(applicant)
    detail_url = reverse("applications:detail", args=[applied.pk])
    detail = client.get(detail_url)
    content = detail.content.decode()
    assert detail.context["view"].next_step == (
        "Your clinical director did not endorse your application. You can ask another "
        "clinical director to endorse it: give us their name and e-mail address and we will "
        "send them a new link."
    )
    change_url = reverse("applications:change_endorser", args=[applied.pk])
    assert f'href="{change_url}">Ask another clinical director</a>' in content
    resend_url = reverse("applications:resend_endorsement", args=[applied.pk])
    assert resend_url not in content
    assert client.post(resend_url).status_code == 403

    form = client.get(change_url)
    assert b"<h1>Ask another clinical director</h1>" in form.content
    response = client.post(
        change_url,
        {"clinical_director_name": "Dr Tom Reed", "clinical_director_email": "tom@nhs.net"},
    )
    assert response["Location"] == detail_url
    applied.refresh_from_db()
    assert (applied.status, applied.clinical_director_email) == (
        S.AWAITING_ENDORSEMENT,
        "tom@nhs.net",
    )
    for response in (director.get(old_link), director.post(old_review, {"outcome": "endorsed"})):
        assert response.status_code == 410
        assert b"This application has already been answered" in response.content
    director.post(endorsement_page(director, "tom@nhs.net"), {"outcome": "endorsed"})
    applied.refresh_from_db()
    assert applied.status == S.ENDORSED
    assert EndorsementRequest.objects.filter(superseded_at=None).count() == 1
