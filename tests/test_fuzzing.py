"""Property-based fuzzing of the forms and query strings people (and attackers) can reach.

Whatever is typed: never a server error, and a refused form changes nothing.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.models import Application
from ellw.accounts.models import User
from tests.applications.helpers import application_form_data
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any text a browser could send (surrogates cannot be encoded as UTF-8, so no browser can).
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
huge_text = st.builds(
    lambda c, n: c * n, st.sampled_from(["a", "é", "\x00", " "]), st.integers(0, 40_000)
)
numberish = st.one_of(
    st.integers(-(10**25), 10**25).map(str), any_text, st.sampled_from(["", "0", "31", "2021"])
)

APPLY_FIELDS = {
    "full_name": st.one_of(any_text, huge_text),
    "work_email": any_text,
    "phone": any_text,
    "role": numberish,
    "employer": any_text,
    "place": numberish,
    "pcn": numberish,
    "pcn_other": any_text,
    "started_in_role_on_0": numberish,
    "started_in_role_on_1": numberish,
    "started_in_role_on_2": numberish,
    "motivation": st.one_of(any_text, huge_text),
    "workplace_benefit": st.one_of(any_text, huge_text),
    "clinical_director_name": any_text,
    "clinical_director_email": st.one_of(any_text, st.emails().map(str)),
    "privacy_consent": st.sampled_from(["", "on", "yes", "\x00"]),
    "action": st.sampled_from(["submit", "save", "", "delete"]),
}


def _snapshot() -> list[tuple]:
    return list(Application.objects.order_by("pk").values_list())


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 2", slug="cohort-2")


@FUZZ
@given(overrides=st.fixed_dictionaries({}, optional=APPLY_FIELDS))
def test_apply_form_never_errors_and_a_refused_form_saves_nothing(
    client, link_worker, cohort, overrides
):
    cache.clear()
    client.force_login(link_worker)
    Application.objects.filter(applicant=link_worker).delete()
    before = _snapshot()
    data = application_form_data(cohort, **overrides)
    response = client.post(reverse("applications:apply", args=[cohort.slug]), data)
    assert response.status_code in (200, 302, 400)
    if response.status_code == 400 or (
        response.status_code == 200
        and not getattr(response.context["form"], "saved_as_draft", False)
    ):
        assert _snapshot() == before


@FUZZ
@given(
    email=st.one_of(any_text, st.emails().map(str), huge_text),
    password1=any_text,
    password2=any_text,
)
def test_sign_up_never_errors_and_a_refused_sign_up_creates_no_account(
    client, email, password1, password2
):
    cache.clear()
    users = User.objects.count()
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": password1, "password2": password2}
    )
    assert response.status_code in (200, 302, 400, 429)
    if response.status_code != 302:
        assert User.objects.count() == users


QUEUE_PARAMS = {
    key: st.one_of(numberish, any_text)
    for key in ("cohort", "status", "place", "pcn", "role", "q", "sort", "page", "format")
}


@FUZZ
@given(params=st.fixed_dictionaries({}, optional=QUEUE_PARAMS))
def test_review_queue_never_errors_whatever_the_query_string(client, sp_manager, settings, params):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    if not Application.objects.exists():
        ApplicationFactory.create_batch(3)
    client.force_login(sp_manager)
    response = client.get(reverse("staff:applications:queue"), params)
    assert response.status_code in (200, 400)


@FUZZ
@given(
    outcome=st.one_of(st.sampled_from(["endorsed", "declined"]), any_text),
    comment=st.one_of(any_text, huge_text),
)
def test_endorsement_form_never_errors_and_a_refused_answer_changes_nothing(
    client, link_worker, cohort, outcome, comment
):
    from applications.models import EndorsementRequest
    from tests.applications.helpers import apply, endorsement_page

    cache.clear()
    EndorsementRequest.objects.all().delete()
    Application.objects.all().delete()
    client.force_login(link_worker)
    apply(client, cohort)
    client.logout()
    page = endorsement_page(client)
    before = (_snapshot(), list(EndorsementRequest.objects.values_list()))
    response = client.post(page, {"outcome": outcome, "comment": comment})
    assert response.status_code in (200, 400)
    answered = EndorsementRequest.objects.filter(decided_at__isnull=False).exists()
    if not answered:
        assert (_snapshot(), list(EndorsementRequest.objects.values_list())) == before
    else:
        assert outcome in ("endorsed", "declined")
        assert len(comment.strip()) <= 5000


@FUZZ
@given(code=st.one_of(any_text, huge_text))
def test_certificate_verification_never_errors_whatever_is_typed(client, code):
    from urllib.parse import quote

    cache.clear()  # the look-up rate limit is not what is tested here
    response = client.get(reverse("verify:verify"), {"code": code})
    assert response.status_code in (200, 302, 400)
    response = client.get(f"/verify/{quote(code[:200], safe='')}/")
    assert response.status_code in (302, 400, 404)
