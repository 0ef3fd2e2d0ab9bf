"""The permission matrix: every URL the service answers × every kind of visitor.

Generated from the URL configuration: a URL without a row fails `test_every_url_has_a_row`,
so a new page cannot ship without someone deciding who may open it. Staff MFA is required
throughout (as in production); "manager, no MFA" is an SP manager whose session signed in
with a password only: a stolen password must give no staff power anywhere. "manager,
password" has an authenticator but a session that never used it (one opened before MFA was
set up, or a stolen password): it must not reach staff pages nor the authenticator's own.

Outcomes: 200 (the page), 302 (a redirect elsewhere, e.g. after a POST or to the
token-free endorsement page), login (sent to log in), mfa (sent to set up an authenticator),
code (sent to enter a code from their authenticator), 403, 404, 405 (wrong method), 410 (a
link that no longer works). Admin URLs share one row: the admin site has one gate
(AdminSite.has_permission): "shut" means every admin URL sends the visitor to log in (or
answers 403/404) and shows nothing; "open" means past the gate, where Django's model
permissions still decide (403 for a model the role may not see).
"""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from applications.enums import ApplicationStatus
from cohorts.models import Place
from cohorts.services.certificates import enrolment_certificate_issue
from ellw.accounts.roles import PROGRAMME_LEADS, SP_MANAGERS
from ellw.documents.enums import DocumentStatus
from ellw.mail.enums import OutboundEmailStatus
from ellw.mail.models import OutboundEmail
from modules.models import Module, Speaker, TrainingPartner
from tests.factories import (
    ActionLearningSetFactory,
    ApplicationFactory,
    ApprovedTestimonialFactory,
    EnrolmentFactory,
    RecognitionFactory,
    SessionFactory,
    StaffFactory,
    SurveyFactory,
    UserFactory,
)
from tests.mfa import log_in_with_mfa, totp_activate

ROLES = ("anonymous", "owner", "other", "manager", "manager_no_mfa", "lead", "manager_password")

# name: (method, anonymous, owner, other link worker, SP manager, SP manager no MFA, lead,
#        SP manager with an authenticator whose session used only the password)
# `owner` holds the application the URL is about, offered a place; `other` is another
# link worker. Parameters: see `_kwargs`.
MATRIX: dict[str, str] = {
    # public pages
    "home": "GET 200 200 200 200 200 200 200",
    "accessibility": "GET 200 200 200 200 200 200 200",
    "privacy": "GET 200 200 200 200 200 200 200",
    "contact": "GET 200 200 200 200 200 200 200",
    "cohorts:open": "GET 200 200 200 200 200 200 200",
    # the health check for load balancers (JSON; no session, no login)
    "healthz": "GET 200 200 200 200 200 200 200",
    # the applicant's pages
    "applications:mine": "GET login 200 200 200 200 200 200",
    "applications:apply": "GET login 302 200 200 200 200 200",
    "applications:detail": "GET login 200 403 200 403 200 403",
    "applications:edit": "GET login 403 403 403 403 403 403",
    "applications:withdraw": "GET login 200 403 403 403 403 403",
    "applications:change_endorser": "GET login 403 403 403 403 403 403",
    "applications:resend_endorsement": "POST login 403 403 403 403 403 403",
    "applications:respond_to_offer": "GET login 200 403 403 403 403 403",
    # a participant's own programme (the owner is enrolled in a running cohort)
    # Anyone without a place is told what the page is and how to get one (no data shown).
    "programme:home": "GET login 200 200 200 200 200 200",
    "programme:calendar_feed_reset": "GET login 200 403 403 403 403 403",
    "programme:session_ics": "GET login 200 403 200 403 200 403",
    "calendar_feed": "GET 404 404 404 404 404 404 404",
    # the public programme page
    "programme": "GET 200 200 200 200 200 200 200",
    # setting cohorts up, and what is taught
    "staff:cohorts:create": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:detail": "GET login 403 403 200 mfa 200 code",
    "staff:cohorts:edit": "GET login 403 403 403 mfa 200 code",
    "staff:modules:list": "GET login 403 403 403 mfa 200 code",
    "staff:modules:edit": "GET login 403 403 403 mfa 200 code",
    "staff:modules:partners": "GET login 403 403 403 mfa 200 code",
    "staff:modules:partner_new": "GET login 403 403 403 mfa 200 code",
    "staff:modules:partner_edit": "GET login 403 403 403 mfa 200 code",
    "staff:modules:partner_delete": "GET login 403 403 403 mfa 200 code",
    "staff:modules:speakers": "GET login 403 403 403 mfa 200 code",
    "staff:modules:speaker_new": "GET login 403 403 403 mfa 200 code",
    "staff:modules:speaker_edit": "GET login 403 403 403 mfa 200 code",
    "staff:modules:speaker_delete": "GET login 403 403 403 mfa 200 code",
    # running a cohort
    "applications:delete_draft": "GET login 403 403 403 403 403 403",
    "staff:applications:withdraw": "GET login 403 403 403 mfa 302 code",
    "staff:cohorts:sets": "GET login 403 403 200 mfa 200 code",
    "staff:cohorts:sets_assign": "POST login 403 403 403 mfa 302 code",
    "staff:cohorts:set_new": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:sets_suggest": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:set_edit": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:set_delete": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:register": "GET login 403 403 200 mfa 200 code",
    "staff:cohorts:attendance": "GET login 403 403 200 mfa 200 code",
    "staff:cohorts:graduation": "GET login 403 403 200 mfa 200 code",
    "staff:cohorts:graduation_confirm": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:graduation_override": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:graduation_undo": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:timetable": "GET login 403 403 200 mfa 200 code",
    "staff:cohorts:session_new": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:session_edit": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:session_delete": "GET login 403 403 403 mfa 200 code",
    # certificates: the lead issues, prints, revokes and reissues; staff see them;
    # the owner (a graduate) downloads their own; anyone verifies a code
    "staff:cohorts:certificates": "GET login 403 403 200 mfa 200 code",
    "staff:cohorts:certificates_issue": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:certificates_print": "POST login 403 403 403 mfa 302 code",
    "staff:cohorts:certificate_revoke": "GET login 403 403 403 mfa 200 code",
    "staff:cohorts:certificate_reissue": "GET login 403 403 403 mfa 200 code",
    "documents:progress": "GET login 200 403 403 403 200 403",
    "documents:progress_fragment": "GET login 200 403 403 403 200 403",
    "documents:download": "GET login 200 403 403 403 200 403",
    "documents:retry": "POST login 302 403 403 403 302 403",
    "verify:verify": "GET 200 200 200 200 200 200 200",
    "verify:certificate": "GET 200 200 200 200 200 200 200",
    # evaluation: participants answer their cohort's surveys; staff see the
    # dashboards, response rates and reports; the lead runs the rest. Secret links
    # (testimonial requests, alumni updates) with a made-up token are refused for everyone.
    "surveys:list": "GET login 200 403 403 403 403 403",
    "surveys:answer": "GET login 200 403 403 403 403 403",
    "staff:evaluation:dashboard": "GET login 403 403 200 mfa 200 code",
    "staff:evaluation:cohort_dashboard": "GET login 403 403 200 mfa 200 code",
    "staff:evaluation:cohort_surveys": "GET login 403 403 200 mfa 200 code",
    "staff:evaluation:survey_remind": "POST login 403 403 403 mfa 302 code",
    "staff:evaluation:survey_close": "POST login 403 403 403 mfa 302 code",
    "staff:evaluation:survey_reopen": "POST login 403 403 403 mfa 302 code",
    "staff:evaluation:testimonials": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:testimonial_record": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:testimonial_request": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:testimonial_detail": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:testimonial_edit": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:testimonial_approve": "POST login 403 403 403 mfa 302 code",
    "staff:evaluation:testimonial_not_used": "POST login 403 403 403 mfa 302 code",
    "staff:evaluation:alumni": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:alumni_update": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:alumni_resend": "POST login 403 403 403 mfa 302 code",
    "staff:evaluation:recognition": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:recognition_new": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:recognition_edit": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:recognition_delete": "GET login 403 403 403 mfa 200 code",
    "staff:evaluation:reports": "GET login 403 403 200 mfa 200 code",
    "staff:evaluation:report_new": "GET login 403 403 403 mfa 200 code",
    "testimonials:link": "GET 404 404 404 404 404 404 404",
    "testimonials:write": "GET 404 404 404 404 404 404 404",
    "alumni:link": "GET 404 404 404 404 404 404 404",
    "alumni:update": "GET 404 404 404 404 404 404 404",
    # the clinical director's link (no account): a made-up token is refused for everyone
    "endorsement": "GET 404 404 404 404 404 404 404",
    "endorsement_review": "GET 404 404 404 404 404 404 404",
    # staff pages
    "staff:dashboard": "GET login 403 403 200 mfa 200 code",
    "staff:applications:queue": "GET login 403 403 200 mfa 200 code",
    "staff:applications:export": "GET login 403 403 200 mfa 200 code",
    "staff:applications:detail": "GET login 403 403 200 mfa 200 code",
    "staff:applications:add_note": "POST login 403 403 400 mfa 400 code",
    "staff:applications:decide": "GET login 403 403 200 mfa 200 code",
    "staff:applications:rescind_offer": "GET login 403 403 200 mfa 200 code",
    "staff:applications:offer_next": "GET login 403 403 302 mfa 302 code",
    "staff:people:list": "GET login 403 403 403 mfa 200 code",
    "staff:people:remove": "GET login 403 403 403 mfa 200 code",
    "staff:mail:failed": "GET login 403 403 403 mfa 200 code",
    "staff:mail:retry": "POST login 403 403 403 mfa 302 code",
    # people's rights: everyone signed in sees and downloads their own data and asks for
    # erasure; the lead finds anyone's, and erases or refuses (an empty POST: 400)
    "privacy:your_data": "GET login 200 200 200 200 200 200",
    "privacy:your_data_json": "GET login 200 200 200 200 200 200",
    "privacy:erasure": "GET login 200 200 200 200 200 200",
    "staff:privacy:requests": "GET login 403 403 403 mfa 200 code",
    "staff:privacy:person": "GET login 403 403 403 mfa 200 code",
    "staff:privacy:person_json": "GET login 403 403 403 mfa 302 code",
    "staff:privacy:person_erase": "POST login 403 403 403 mfa 400 code",
    "staff:privacy:erasure_request": "GET login 403 403 403 mfa 200 code",
    "staff:privacy:erasure_confirm": "POST login 403 403 403 mfa 400 code",
    "staff:privacy:erasure_refuse": "POST login 403 403 403 mfa 400 code",
    # the audit trail (the lead reads and exports it) and data retention: the lead only
    "staff:audit:log": "GET login 403 403 403 mfa 200 code",
    "staff:audit:export": "GET login 403 403 403 mfa 200 code",
    "staff:retention:overview": "GET login 403 403 403 mfa 200 code",
    # staff idle timeout: "Stay signed in" (anyone signed in; it refreshes only their own
    # session) and the page after an idle sign-out (signed-in people go back to the home page)
    "session_keep_alive": "POST login 204 204 204 204 204 204",
    "signed_out_idle": "GET 200 302 302 302 302 302 302",
    # accounts (allauth)
    "account_login": "GET 200 302 302 302 302 302 302",
    "account_logout": "GET 302 200 200 200 200 200 200",
    "account_inactive": "GET 200 200 200 200 200 200 200",
    "account_signup": "GET 200 302 302 302 302 302 302",
    # by password for people without an authenticator; those with one enter a code instead
    "account_reauthenticate": "GET login 200 200 code 200 code code",
    # by a code e-mailed: turned off for everyone (ACCOUNT_REAUTHENTICATION_METHODS)
    "account_request_reauthentication_code": "GET login 403 403 403 403 403 403",
    "account_confirm_reauthentication_code": "GET login 403 403 403 403 403 403",
    "account_email": "GET login 200 200 200 200 200 200",
    "account_email_verification_sent": "GET 200 200 200 200 200 200 200",
    "account_change_password": "GET login 200 200 200 200 200 200",
    "account_set_password": "GET login 302 302 302 302 302 302",
    "account_reset_password": "GET 200 200 200 200 200 200 200",
    "account_confirm_login_code": "GET login 302 302 302 302 302 302",
    "account_confirm_email": "GET 200 200 200 200 200 200 200",
    "account_reset_password_from_key_done": "GET 200 200 200 200 200 200 200",
    "account_reset_password_from_key": "GET 200 200 200 200 200 200 200",
    "account_reset_password_done": "GET 200 200 200 200 200 200 200",
    "mfa_index": "GET login 200 200 200 200 200 200",
    "mfa_authenticate": "GET login 302 302 302 302 302 302",
    "mfa_reauthenticate": "GET login 302 302 200 302 200 200",
    "mfa_activate_totp": "GET login 302 302 code 302 code code",
    "mfa_deactivate_totp": "GET login 404 404 code 404 code code",
    "mfa_view_recovery_codes": "GET login 404 404 404 404 404 code",
    "mfa_generate_recovery_codes": "GET login 302 302 code 302 code code",
    "mfa_download_recovery_codes": "GET login 404 404 404 404 404 code",
    # the admin: one gate for every admin URL
    "admin:*": "GET shut shut shut open shut open shut",
}


def _walk(patterns, namespace="", route=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            # An unnamed pattern (the admin's old-style redirects) is named by its route.
            name = pattern.name or f"{namespace}{route}{pattern.pattern}"
            yield namespace + pattern.name if pattern.name else name, pattern


def _url_names() -> list[str]:
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def _row_for(name: str) -> str:
    return "admin:*" if name.startswith("admin:") else name


def test_every_url_has_a_row():
    missing = [name for name in _url_names() if _row_for(name) not in MATRIX]
    assert missing == [], f"URLs without a row in the permission matrix: {missing}"


def test_every_row_is_a_url():
    rows = {_row_for(name) for name in _url_names()}
    assert sorted(set(MATRIX) - rows) == []


@pytest.fixture
def people(db, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = True
    owner = UserFactory()
    application = ApplicationFactory(applicant=owner, status=ApplicationStatus.OFFERED)
    lead = StaffFactory(role=PROGRAMME_LEADS)
    enrolment = EnrolmentFactory(
        participant=owner,
        graduated_on=datetime.date(2022, 3, 29),
        cohort__signatory_name="Gita Malhotra",
        cohort__signatory_title="Programme Lead",
    )
    certificate = enrolment_certificate_issue(enrolment=enrolment, actor=lead)
    # Ready, with a file (the render itself is tested elsewhere).
    certificate.document.file.save("matrix.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
    certificate.document.status = DocumentStatus.READY
    certificate.document.save()
    return {
        "certificate": certificate,
        "certificate_document": certificate.document,
        "enrolment": enrolment,
        "running_cohort": enrolment.cohort,
        "session": SessionFactory(cohort=enrolment.cohort),
        "action_learning_set": ActionLearningSetFactory(cohort=enrolment.cohort),
        "module": Module.objects.get(slug="coaching"),
        "training_partner": TrainingPartner.objects.create(name="Catalyst Training"),
        "speaker": Speaker.objects.create(full_name="Dr Ade Ola", kind="trainer"),
        "owner": owner,
        "other": UserFactory(),
        "manager": StaffFactory(role=SP_MANAGERS),
        "manager_no_mfa": StaffFactory(role=SP_MANAGERS),
        "manager_password": _with_authenticator(StaffFactory(role=SP_MANAGERS)),
        "lead": lead,
        "application": application,
        "survey": SurveyFactory(cohort=enrolment.cohort),
        "testimonial": ApprovedTestimonialFactory(status="awaiting_approval"),
        "recognition": RecognitionFactory(),
        "alumni_update": _alumni_update(enrolment),
        "erasure_request": _erasure_request(),
        "failed_email": OutboundEmail.objects.create(
            to=["someone@nhs.net"], subject="Failed", status=OutboundEmailStatus.FAILED
        ),
    }


def _erasure_request():
    from django.utils import timezone

    from ellw.privacy.models import ErasureRequest

    return ErasureRequest.objects.create(user=UserFactory(), requested_at=timezone.now())


def _alumni_update(enrolment):
    from django.utils import timezone

    from ellw.links import link_keys_new
    from evaluation.models import AlumniUpdate
    from evaluation.services.alumni import ALUMNI_LINK_SALT

    keys = link_keys_new(ALUMNI_LINK_SALT)
    now = timezone.now()
    return AlumniUpdate.objects.create(
        enrolment=enrolment,
        months_after=6,
        requested_at=now,
        submitted_at=now,
        current_role="Senior link worker",
        link_nonce=keys.nonce,
        token_hash=keys.token_hash,
        link_expires_at=now + datetime.timedelta(days=60),
    )


# URL parameters that are not the application's: name → parameter → object's key in `people`.
PARAMETERS = {
    "surveys:answer": {"pk": "survey"},
    "staff:evaluation:cohort_dashboard": {"pk": "running_cohort"},
    "staff:evaluation:cohort_surveys": {"pk": "running_cohort"},
    "staff:evaluation:survey_remind": {"pk": "running_cohort", "survey_pk": "survey"},
    "staff:evaluation:survey_close": {"pk": "running_cohort", "survey_pk": "survey"},
    "staff:evaluation:survey_reopen": {"pk": "running_cohort", "survey_pk": "survey"},
    "staff:evaluation:testimonial_detail": {"pk": "testimonial"},
    "staff:evaluation:testimonial_edit": {"pk": "testimonial"},
    "staff:evaluation:testimonial_approve": {"pk": "testimonial"},
    "staff:evaluation:testimonial_not_used": {"pk": "testimonial"},
    "staff:evaluation:recognition_edit": {"pk": "recognition"},
    "staff:evaluation:recognition_delete": {"pk": "recognition"},
    "testimonials:write": {"pk": "testimonial"},
    "alumni:update": {"pk": "alumni_update"},
    "staff:evaluation:alumni_update": {"pk": "alumni_update"},
    "staff:evaluation:alumni_resend": {"pk": "alumni_update"},
    "staff:cohorts:certificates": {"pk": "running_cohort"},
    "staff:cohorts:certificates_issue": {"pk": "running_cohort"},
    "staff:cohorts:certificates_print": {"pk": "running_cohort"},
    "staff:cohorts:certificate_revoke": {"pk": "running_cohort", "certificate_pk": "certificate"},
    "staff:cohorts:certificate_reissue": {"pk": "running_cohort", "certificate_pk": "certificate"},
    "documents:progress": {"pk": "certificate_document"},
    "documents:progress_fragment": {"pk": "certificate_document"},
    "documents:download": {"pk": "certificate_document"},
    "documents:retry": {"pk": "certificate_document"},
    "staff:people:remove": {"pk": "manager"},
    "staff:mail:retry": {"pk": "failed_email"},
    "staff:privacy:erasure_request": {"pk": "erasure_request"},
    "staff:privacy:erasure_confirm": {"pk": "erasure_request"},
    "staff:privacy:erasure_refuse": {"pk": "erasure_request"},
    "programme:calendar_feed_reset": {"pk": "enrolment"},
    "programme:session_ics": {"pk": "session"},
    "staff:cohorts:timetable": {"pk": "running_cohort"},
    "staff:cohorts:detail": {"pk": "running_cohort"},
    "staff:cohorts:sets": {"pk": "running_cohort"},
    "staff:cohorts:sets_assign": {"pk": "running_cohort"},
    "staff:cohorts:set_new": {"pk": "running_cohort"},
    "staff:cohorts:sets_suggest": {"pk": "running_cohort"},
    "staff:cohorts:set_edit": {"pk": "action_learning_set"},
    "staff:cohorts:set_delete": {"pk": "action_learning_set"},
    "staff:cohorts:register": {"pk": "session"},
    "staff:cohorts:attendance": {"pk": "running_cohort"},
    "staff:cohorts:graduation": {"pk": "running_cohort"},
    "staff:cohorts:graduation_confirm": {"pk": "running_cohort"},
    "staff:cohorts:graduation_override": {"pk": "running_cohort", "enrolment_pk": "enrolment"},
    "staff:cohorts:graduation_undo": {"pk": "running_cohort", "enrolment_pk": "enrolment"},
    "staff:cohorts:edit": {"pk": "running_cohort"},
    "staff:modules:edit": {"pk": "module"},
    "staff:modules:partner_edit": {"pk": "training_partner"},
    "staff:modules:partner_delete": {"pk": "training_partner"},
    "staff:modules:speaker_edit": {"pk": "speaker"},
    "staff:modules:speaker_delete": {"pk": "speaker"},
    "staff:cohorts:session_new": {"pk": "running_cohort"},
    "staff:cohorts:session_edit": {"pk": "session"},
    "staff:cohorts:session_delete": {"pk": "session"},
}


def _kwargs(pattern: URLPattern, people: dict, name: str = "") -> dict:
    application = people["application"]
    special = {key: people[who].pk for key, who in PARAMETERS.get(name, {}).items()}
    values = {
        "pk": application.pk,
        "cohort_slug": application.cohort.slug,
        "cohort_pk": application.cohort.pk,
        "decision": "admit",
        "token": "made-up-token",
        "key": "made-up-key",
        "uidb36": "1z",
        "role": "sp-manager",
        "object_id": str(application.pk),
        "app_label": "applications",
        "content_type_id": "1",
        "url": "x",
        "code": people["certificate"].display_code,
    } | special
    names = set(pattern.pattern.regex.groupindex)
    return {name: values.get(name, "1") for name in names}


def _url(name: str, pattern: URLPattern, people: dict) -> str:
    kwargs = _kwargs(pattern, people, name)
    if pattern.name:
        return reverse(name, kwargs=kwargs)
    # Unnamed: fill the route's converters by hand.
    route = name.split(":")[-1]
    for key, value in kwargs.items():
        route = re.sub(rf"<(?:\w+:)?{key}>", str(value), route)
    return "/" + route


def _outcome(response, name: str) -> str:
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        if name.startswith("admin:") and "/admin/login/" in location:
            return "admin-login"
        if location.startswith(reverse("account_login")):
            return "login"
        if location.startswith(reverse("mfa_activate_totp")):
            return "mfa"
        if location.startswith(reverse("mfa_reauthenticate")):
            return "code"
        return "302"
    return str(status)


def _with_authenticator(user):
    """TOTP and recovery codes, as after setting MFA up."""
    totp_activate(user)
    RecoveryCodes.activate(user)
    return user


def _client_for(role: str, people: dict, client_factory):
    client = client_factory()
    if role == "anonymous":
        return client
    user = people[role]
    if role in ("manager", "lead"):
        log_in_with_mfa(client, user)
    else:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, people, settings):
    from django.test import Client

    # Place counts as reference data, present for every test.
    assert Place.objects.exists()
    settings.ELLW_STAFF_MFA_REQUIRED = True
    column = ROLES.index(role) + 1
    client = _client_for(role, people, Client)
    mismatches = []
    for name, pattern in _walk(get_resolver().url_patterns):
        method, *expected = MATRIX[_row_for(name)].split()
        want = expected[column - 1]
        url = _url(name, pattern, people)
        response = client.post(url) if method == "POST" else client.get(url)
        got = _outcome(response, name)
        if want == "open":  # past the admin's gate (a model permission may still say 403)
            ok = got not in ("500", "admin-login", "login", "mfa")
        elif want == "shut":  # the gate: log in again (with MFA), or no such page at all
            ok = (
                got in ("admin-login", "login", "mfa", "code", "403", "404")
                or name == "admin:logout"
            )
        else:
            ok = got == want
        if not ok:
            mismatches.append(f"{name:<45} {method:<5} expected {want:<12} got {got}")
        if role == "anonymous" or name == "account_logout":
            # A logout (GET shows a page; nothing signs out) must not end the session.
            pass
    assert mismatches == [], f"{role}:\n" + "\n".join(mismatches)
