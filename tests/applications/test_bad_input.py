"""Bad input is refused with a message that says why, and changes nothing: impossible dates,
two submissions at once, and text longer than its cap."""

import threading

import pytest
from django import forms
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_init, pre_save
from django.urls import reverse

from applications import services
from applications.enums import ApplicationStatus
from applications.filters import ApplicationQueueFilter
from applications.forms.admission import (
    DecisionForm,
    OfferNextForm,
    OfferResponseForm,
    RescindOfferForm,
)
from applications.forms.drafting import ApplicationForm, ReasonForm
from applications.forms.endorsement import EndorsementForm, EndorserForm
from applications.forms.review import NoteForm
from applications.models import (
    Application,
    ApplicationEvent,
    ApplicationNote,
    EndorsementRequest,
)
from cohorts.models import Cohort
from ellw.forms import NHSDateField
from ellw.text import MaxCharsValidator
from tests.applications.helpers import apply, endorsement_page
from tests.factories import ApplicationFactory, CohortFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus

TWENTY_DIGITS = "9" * 20
REAL_DATE = "Date started in role must be a real date"


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 2", slug="cohort-2")


@pytest.fixture
def applicant_client(client, link_worker):
    client.force_login(link_worker)
    return client


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        (TWENTY_DIGITS, "3", "2021"),
        ("15", TWENTY_DIGITS, "2021"),
        ("15", "3", TWENTY_DIGITS),
        ("15", "3", "99999"),  # a year of five digits: too long for its box
        ("015", "3", "2021"),
    ],
)
def test_date_with_a_huge_or_overlong_part_is_a_form_error(
    applicant_client, cohort, day, month, year
):
    response = apply(
        applicant_client,
        cohort,
        started_in_role_on_0=day,
        started_in_role_on_1=month,
        started_in_role_on_2=year,
    )
    assert response.status_code == 200
    assert response.context["form"].errors["started_in_role_on"] == [REAL_DATE]
    assert Application.objects.count() == 0


def test_date_field_refuses_a_20_digit_year_without_overflow():
    field = NHSDateField(label="Date started in role")
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(["1", "1", TWENTY_DIGITS])
    assert refused.value.messages == [REAL_DATE]


def test_date_boxes_cap_their_length(applicant_client, cohort):
    content = applicant_client.get(reverse("applications:apply", args=[cohort.slug])).content
    for part, width in (("0", 2), ("1", 2), ("2", 4)):
        box = (
            f'name="started_in_role_on_{part}" type="text" inputmode="numeric" maxlength="{width}"'
        )
        assert box.encode() in content


# --- two submissions at once -----------------------------------------------------------

ALREADY_APPLIED = (
    "You have already applied to {}. You can only make one application to each cohort."
)


def test_second_of_two_simultaneous_submissions_is_told_it_already_applied(
    applicant_client, cohort, link_worker
):
    """The other click's insert lands after this request's duplicate check and before its
    own insert (the moment its new application is built): the unique constraint refuses
    the insert, and the person gets the ordinary refusal, not a 500."""
    other_click = {}

    def other_click_inserts_now(sender, instance, **kwargs):
        if instance.pk is None and instance.applicant_id == link_worker.pk and not other_click:
            other_click["running"] = True
            other_click["application"] = ApplicationFactory(
                applicant=link_worker, cohort=cohort, status=S.DRAFT
            )

    post_init.connect(other_click_inserts_now, sender=Application)
    try:
        response = apply(applicant_client, cohort)
    finally:
        post_init.disconnect(other_click_inserts_now, sender=Application)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [ALREADY_APPLIED.format("Cohort 2")]
    # (The other click's row went with this request's rolled-back service call, since here
    # both share one connection; the PostgreSQL test below keeps them apart.)
    assert "application" in other_click


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs two PostgreSQL connections at once"
)
def test_two_clicks_in_two_connections_create_one_application():
    """Click A has passed the duplicate check and is about to insert when click B inserts
    and commits: A's insert then fails on the unique constraint, inside its transaction."""
    applicant = UserFactory()
    cohort = CohortFactory()
    b_committed = threading.Event()
    outcomes: dict[str, str] = {}

    def a_waits_for_b(sender, instance, **kwargs):
        if instance.pk is None and threading.current_thread().name == "A":
            assert b_committed.wait(timeout=10)

    def click(name: str):
        try:
            with transaction.atomic():  # the request's transaction (ATOMIC_REQUESTS)
                services.application_save_draft(
                    applicant=applicant, cohort=Cohort.objects.get(pk=cohort.pk), data={}
                )
            outcomes[name] = "saved"
        except services.ApplicationRuleError as error:
            outcomes[name] = " ".join(error.messages)
        finally:
            if name == "B":
                b_committed.set()
            connection.close()

    pre_save.connect(a_waits_for_b, sender=Application)
    try:
        a = threading.Thread(target=click, args=("A",), name="A")
        a.start()
        b = threading.Thread(target=click, args=("B",), name="B")
        b.start()
        for thread in (a, b):
            thread.join(timeout=30)
    finally:
        pre_save.disconnect(a_waits_for_b, sender=Application)

    assert outcomes == {"A": ALREADY_APPLIED.format(cohort.name), "B": "saved"}
    assert Application.objects.filter(applicant=applicant, cohort=cohort).count() == 1


# --- text caps ---------------------------------------------------------------------------

MOTIVATION_2_25_MB = "x" * 2_359_296  # 2.25 MB, one word: only the character cap applies


@pytest.mark.parametrize("action", ["submit", "draft"])
def test_a_2_25_mb_motivation_is_refused_and_nothing_saved(applicant_client, cohort, action):
    response = apply(applicant_client, cohort, motivation=MOTIVATION_2_25_MB, action=action)
    assert response.status_code == 200
    assert response.context["form"].errors["motivation"] == [
        "Why you want to join must be 5,000 characters or fewer (you have 2,359,296)"
    ]
    assert b"Why you want to join must be 5,000 characters or fewer" in response.content
    assert Application.objects.count() == 0


def test_an_overlong_draft_answer_leaves_the_saved_draft_unchanged(
    applicant_client, cohort, link_worker
):
    draft = ApplicationFactory(
        applicant=link_worker, cohort=cohort, status=S.DRAFT, workplace_benefit="Kept."
    )
    response = applicant_client.post(
        reverse("applications:edit", args=[draft.pk]),
        {"workplace_benefit": "y" * 5001, "full_name": "Changed", "action": "draft"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["workplace_benefit"] == [
        "What you hope to take back must be 5,000 characters or fewer (you have 5,001)"
    ]
    draft.refresh_from_db()
    assert (draft.workplace_benefit, draft.full_name) == ("Kept.", link_worker.full_name)


def test_an_overlong_endorsement_comment_is_refused(client, link_worker, cohort):
    client.force_login(link_worker)
    apply(client, cohort)
    client.logout()
    path = endorsement_page(client)
    response = client.post(path, {"outcome": "endorsed", "comment": "z" * 5001})
    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == [
        "Comment must be 5,000 characters or fewer (you have 5,001)"
    ]
    request = EndorsementRequest.objects.get()
    assert (request.outcome, request.comment, request.decided_at) == ("", "", None)
    assert Application.objects.get().status == S.AWAITING_ENDORSEMENT


def test_an_overlong_withdrawal_reason_is_refused(applicant_client, link_worker, cohort):
    application = ApplicationFactory(applicant=link_worker, cohort=cohort, status=S.ENDORSED)
    response = applicant_client.post(
        reverse("applications:withdraw", args=[application.pk]), {"reason": "r" * 2001}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "The reason must be 2,000 characters or fewer (you have 2,001)"
    ]
    application.refresh_from_db()
    assert application.status == S.ENDORSED


def test_an_overlong_note_names_the_cap(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    application = ApplicationFactory()
    response = client.post(
        reverse("staff:applications:add_note", args=[application.pk]), {"text": "n" * 5001}
    )
    assert response.status_code == 400
    assert response.context["note_form"].errors["text"] == [
        "The note must be 5,000 characters or fewer (you have 5,001)"
    ]
    assert ApplicationNote.objects.count() == 0


def _write(model_name: str, too_long: str) -> None:
    application = ApplicationFactory()
    if model_name == "motivation":
        Application.objects.filter(pk=application.pk).update(motivation=too_long)
    elif model_name == "workplace_benefit":
        application.workplace_benefit = too_long
        application.save()
    elif model_name == "comment":
        EndorsementRequest.objects.create(
            application=application,
            endorser_name="Dr A",
            endorser_email="a@nhs.net",
            link_nonce="n",
            token_hash="h",
            created_at=application.submitted_at,
            expires_at=application.submitted_at,
            comment=too_long,
        )
    elif model_name == "event_note":
        services.application_transition(
            application=application,
            to_status=S.WITHDRAWN,
            actor=application.applicant,
            note=too_long,
        )
    elif model_name == "note":
        services.application_note_add(
            application=application, author=application.applicant, text=too_long
        )
    elif model_name == "cohort_summary":
        CohortFactory(summary=too_long)


@pytest.mark.parametrize(
    ("model_name", "cap"),
    [
        ("motivation", 5000),
        ("workplace_benefit", 5000),
        ("comment", 5000),
        ("event_note", 5000),
        ("note", 5000),
        ("cohort_summary", 2000),
    ],
)
def test_the_database_refuses_text_over_its_cap_whoever_writes_it(model_name, cap):
    with pytest.raises(IntegrityError), transaction.atomic():
        _write(model_name, "w" * (cap + 1))
    _write(model_name, "w" * cap)  # exactly the cap is fine


def test_a_clinical_director_with_a_200_character_name_fits_the_history(client, cohort):
    """The history names the endorser as "<name> (clinical director)"."""
    client.force_login(UserFactory())
    name = "D" * 200
    apply(client, cohort, clinical_director_name=name)
    client.logout()
    client.post(endorsement_page(client), {"outcome": "endorsed", "comment": ""})
    event = ApplicationEvent.objects.get(to_status=S.ENDORSED)
    assert event.actor_label == f"{name} (clinical director)"
    for event in ApplicationEvent.objects.all():
        event.full_clean()  # every column within its length


def _all_forms():
    cohort = CohortFactory()
    return [
        ApplicationForm(cohort=cohort),
        EndorserForm(cohort=cohort),
        EndorsementForm(),
        ReasonForm(),
        OfferResponseForm(),
        DecisionForm(),
        NoteForm(),
        OfferNextForm(),
        RescindOfferForm(),
        ApplicationQueueFilter({}, queryset=Application.objects.all()).form,
    ]


def test_every_text_field_of_every_form_has_a_cap_named_in_its_message():
    for form in _all_forms():
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            caps = [v for v in field.validators if isinstance(v, MaxCharsValidator)]
            assert field.max_length is not None, (type(form).__name__, name)
            assert [v.max_chars for v in caps] == [field.max_length], (type(form).__name__, name)


def test_the_search_box_names_its_cap(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    response = client.get(reverse("staff:applications:queue"), {"q": "q" * 201})
    assert response.context["filter"].form.errors["q"] == [
        "Your search must be 200 characters or fewer (you have 201)"
    ]
