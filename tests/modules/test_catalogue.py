"""The module catalogue, the public programme page, and training partners and speakers:
the lead edits them, a bad input changes nothing, nobody else may, and what a session or
an action learning set names is never deleted."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from modules.enums import SpeakerKind
from modules.models import Module, Speaker, TrainingPartner
from tests.factories import ActionLearningSetFactory, SessionFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db
PARTNERS = reverse("staff:modules:partners")
SPEAKERS = reverse("staff:modules:speakers")


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def errors_of(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


# The public programme page.


def test_programme_page_lists_the_seven_modules_with_cpd_hours_to_anyone(client):
    Module.objects.filter(slug="negotiation").update(
        default_cpd_hours=Decimal("7.5"),
        learning_outcomes="Prepare for a negotiation\n\nFind the interests behind positions",
    )
    response = client.get(reverse("programme"))
    assert response.status_code == 200
    modules = response.context["modules"]
    assert [m.name for m in modules] == [
        "Coaching",
        "Mentoring",
        "Negotiation",
        "Introduction to quality improvement",
        "Networks and partnership development",
        "Personal authority and power",
        "Presentation skills",
    ]
    assert [m.cpd_hours for m in modules] == [Decimal("6.0")] * 2 + [Decimal("7.5")] + [
        Decimal("6.0")
    ] * 4
    content = text(response)
    assert "<strong>CPD hours:</strong> 7.5" in content
    assert content.count("<strong>CPD hours:</strong> 6.0") == 6
    assert "<li>Prepare for a negotiation</li><li>Find the interests behind positions</li>" in (
        content
    )
    assert "carry 43.5 hours" in content
    assert "three months" in content
    assert "Action learning sets" in content
    assert "certificate" in content


def test_programme_page_is_in_the_header_navigation(client):
    content = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("programme")}"' in content
    assert "The programme" in content


# The catalogue.


def test_module_list_shows_the_seven_in_order_to_the_lead(lead_client):
    response = lead_client.get(reverse("staff:modules:list"))
    assert response.status_code == 200
    assert [m.position for m in response.context["modules"]] == [1, 2, 3, 4, 5, 6, 7]


def test_module_edit_changes_summary_outcomes_and_hours(lead_client):
    module = Module.objects.get(slug="coaching")
    url = reverse("staff:modules:edit", args=[module.pk])
    page = lead_client.get(url)
    assert page.status_code == 200
    assert 'value="6.0"' in page.content.decode()
    response = lead_client.post(
        url,
        {
            "summary": "Coaching conversations.",
            "learning_outcomes": "  Hold a coaching conversation \n\n Use GROW  ",
            "default_cpd_hours": "7.5",
        },
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert (module.summary, module.learning_outcomes, module.default_cpd_hours) == (
        "Coaching conversations.",
        "Hold a coaching conversation\nUse GROW",
        Decimal("7.5"),
    )
    assert (module.name, module.position) == ("Coaching", 1)


CPD_MESSAGE = "CPD hours must be a number from 0 to 100, with at most one decimal place"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"default_cpd_hours": "-1"}, "default_cpd_hours", CPD_MESSAGE),
        ({"default_cpd_hours": "100.1"}, "default_cpd_hours", CPD_MESSAGE),
        ({"default_cpd_hours": "6.25"}, "default_cpd_hours", CPD_MESSAGE),
        ({"default_cpd_hours": "lots"}, "default_cpd_hours", CPD_MESSAGE),
        ({"default_cpd_hours": ""}, "default_cpd_hours", "Enter the module's CPD hours"),
        ({"summary": ""}, "summary", "Enter the module's summary"),
        (
            {"summary": "s" * 2001},
            "summary",
            "Summary must be 2,000 characters or fewer (you have 2,001)",
        ),
        (
            {"learning_outcomes": "o" * 3001},
            "learning_outcomes",
            "Learning outcomes must be 3,000 characters or fewer (you have 3,001)",
        ),
    ],
)
def test_module_edit_refuses_bad_input_and_changes_nothing(lead_client, overrides, field, message):
    module = Module.objects.get(slug="coaching")
    before = (module.summary, module.learning_outcomes, module.default_cpd_hours)
    data = {"summary": "Changed", "learning_outcomes": "", "default_cpd_hours": "6"}
    response = lead_client.post(reverse("staff:modules:edit", args=[module.pk]), data | overrides)
    assert response.status_code == 400
    assert errors_of(response) == {field: [message]}
    assert message in text(response)
    module.refresh_from_db()
    assert (module.summary, module.learning_outcomes, module.default_cpd_hours) == before


def test_module_edit_accepts_the_edges_0_and_100(lead_client):
    module = Module.objects.get(slug="coaching")
    url = reverse("staff:modules:edit", args=[module.pk])
    for hours in ("0", "100"):
        response = lead_client.post(url, {"summary": "S", "default_cpd_hours": hours})
        assert response.status_code == 302
        module.refresh_from_db()
        assert module.default_cpd_hours == Decimal(hours)


# Permissions.


def test_catalogue_and_partners_refused_to_an_sp_manager(client, sp_manager):
    log_in_with_mfa(client, sp_manager)
    module = Module.objects.get(slug="coaching")
    partner = TrainingPartner.objects.create(name="Catalyst Training")
    speaker = Speaker.objects.create(full_name="Ama Boateng", kind=SpeakerKind.TRAINER)
    for url in (
        reverse("staff:modules:list"),
        reverse("staff:modules:edit", args=[module.pk]),
        PARTNERS,
        reverse("staff:modules:partner_new"),
        reverse("staff:modules:partner_edit", args=[partner.pk]),
        reverse("staff:modules:partner_delete", args=[partner.pk]),
        SPEAKERS,
        reverse("staff:modules:speaker_new"),
        reverse("staff:modules:speaker_edit", args=[speaker.pk]),
        reverse("staff:modules:speaker_delete", args=[speaker.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("staff:modules:partner_delete", args=[partner.pk])).status_code == 403
    )
    response = client.post(
        reverse("staff:modules:edit", args=[module.pk]),
        {"summary": "Changed", "default_cpd_hours": "1"},
    )
    assert response.status_code == 403
    assert TrainingPartner.objects.filter(pk=partner.pk).exists()
    module.refresh_from_db()
    assert module.default_cpd_hours == Decimal("6.0")


def test_programme_lead_without_mfa_is_sent_to_set_it_up(client, programme_lead):
    client.force_login(programme_lead)
    response = client.get(reverse("staff:modules:list"))
    assert (response.status_code, response.url) == (302, "/accounts/2fa/totp/activate/")


# Training partners.


def test_training_partner_add_edit_and_delete(lead_client):
    response = lead_client.post(
        reverse("staff:modules:partner_new"),
        {
            "name": " Catalyst  Training ",
            "website": "catalyst.example.org",
            "contact_email": "hello@catalyst.example.org",
        },
    )
    assert response.status_code == 302
    partner = TrainingPartner.objects.get()
    assert (partner.name, partner.website, partner.contact_email) == (
        "Catalyst Training",
        "https://catalyst.example.org",
        "hello@catalyst.example.org",
    )
    assert "Catalyst Training is added." in text(lead_client.get(PARTNERS))
    edit = reverse("staff:modules:partner_edit", args=[partner.pk])
    assert 'value="Catalyst Training"' in lead_client.get(edit).content.decode()
    created_at = partner.created_at
    response = lead_client.post(edit, {"name": "Catalyst Learning", "website": ""})
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.name, partner.website, partner.created_at) == (
        "Catalyst Learning",
        "",
        created_at,
    )
    delete = reverse("staff:modules:partner_delete", args=[partner.pk])
    assert "Delete Catalyst Learning?" in lead_client.get(delete).content.decode()
    response = lead_client.post(delete)
    assert response.status_code == 302
    assert not TrainingPartner.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the training partner's name"),
        ({"name": "n" * 201}, "name", "Name must be 200 characters or fewer (you have 201)"),
        (
            {"name": "New", "website": "not a web address"},
            "website",
            "Website must be a web address, like https://www.example.org",
        ),
        (
            {"name": "New", "contact_email": "nobody"},
            "contact_email",
            "Contact e-mail address must be an e-mail address, like name@example.org",
        ),
        (
            {"name": "catalyst training"},
            "name",
            "There is already a training partner called catalyst training",
        ),
    ],
)
def test_training_partner_add_refuses_bad_input(lead_client, data, field, message):
    TrainingPartner.objects.create(name="Catalyst Training")
    response = lead_client.post(reverse("staff:modules:partner_new"), data)
    assert response.status_code == 400
    assert errors_of(response) == {field: [message]}
    assert TrainingPartner.objects.count() == 1


def test_training_partner_named_by_a_session_is_not_deleted(lead_client):
    partner = TrainingPartner.objects.create(name="Catalyst Training")
    SessionFactory(training_partner=partner)
    delete = reverse("staff:modules:partner_delete", args=[partner.pk])
    message = (
        "Catalyst Training cannot be deleted: 1 session names them. "
        "Change those first, or keep them in the list."
    )
    page = lead_client.get(delete)
    assert message in text(page)
    assert "<button" not in page.content.decode().split("<main", 1)[1].split("</main>")[0]
    response = lead_client.post(delete, follow=True)
    assert message in text(response)
    assert TrainingPartner.objects.filter(pk=partner.pk).exists()
    # No delete link is offered in the list either.
    assert delete not in lead_client.get(PARTNERS).content.decode()


# Speakers.


def test_speaker_add_edit_and_delete(lead_client):
    partner = TrainingPartner.objects.create(name="Catalyst Training")
    response = lead_client.post(
        reverse("staff:modules:speaker_new"),
        {
            "full_name": "Ama Boateng",
            "kind": SpeakerKind.TRAINER,
            "job_title": "Leadership coach",
            "training_partner": partner.pk,
            "email": "ama@catalyst.example.org",
            "bio": "Coach and trainer.",
        },
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert (speaker.full_name, speaker.kind, speaker.training_partner) == (
        "Ama Boateng",
        SpeakerKind.TRAINER,
        partner,
    )
    listing = text(lead_client.get(SPEAKERS))
    assert "Ama Boateng is added." in listing
    assert "Catalyst Training" in listing
    edit = reverse("staff:modules:speaker_edit", args=[speaker.pk])
    response = lead_client.post(
        edit, {"full_name": "Ama Boateng", "kind": SpeakerKind.FACILITATOR, "training_partner": ""}
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.kind, speaker.training_partner, speaker.bio) == (
        SpeakerKind.FACILITATOR,
        None,
        "",
    )
    response = lead_client.post(reverse("staff:modules:speaker_delete", args=[speaker.pk]))
    assert response.status_code == 302
    assert not Speaker.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "trainer"}, "full_name", "Enter the speaker's full name"),
        ({"full_name": "A"}, "kind", "Select what they do"),
        ({"full_name": "A", "kind": "wizard"}, "kind", "Select what they do from the list"),
        (
            {"full_name": "A", "kind": "trainer", "training_partner": "99999"},
            "training_partner",
            "Select a training partner from the list",
        ),
        (
            {"full_name": "A", "kind": "trainer", "bio": "b" * 2001},
            "bio",
            "Biography must be 2,000 characters or fewer (you have 2,001)",
        ),
        (
            {"full_name": "A", "kind": "trainer", "job_title": "j" * 201},
            "job_title",
            "Job title must be 200 characters or fewer (you have 201)",
        ),
    ],
)
def test_speaker_add_refuses_bad_input(lead_client, data, field, message):
    response = lead_client.post(reverse("staff:modules:speaker_new"), data)
    assert response.status_code == 400
    assert errors_of(response) == {field: [message]}
    assert not Speaker.objects.exists()


def test_speaker_named_by_a_session_or_set_is_not_deleted(lead_client):
    at_session = Speaker.objects.create(full_name="Ama Boateng", kind=SpeakerKind.TRAINER)
    SessionFactory().speakers.add(at_session)
    facilitator = Speaker.objects.create(full_name="Tom Reid", kind=SpeakerKind.FACILITATOR)
    ActionLearningSetFactory(facilitator=facilitator)
    for speaker, uses in (
        (at_session, "1 session names"),
        (facilitator, "1 action learning set names"),
    ):
        delete = reverse("staff:modules:speaker_delete", args=[speaker.pk])
        response = lead_client.post(delete, follow=True)
        assert (
            f"{speaker.full_name} cannot be deleted: {uses} them. "
            "Change those first, or keep them in the list."
        ) in text(response)
        assert Speaker.objects.filter(pk=speaker.pk).exists()
        assert delete not in response.content.decode()


# Lists: paginated, in a constant number of queries.


@pytest.mark.parametrize("count", [5, 200])
def test_partner_and_speaker_lists_take_constant_queries(
    lead_client, django_assert_num_queries, count
):
    partners = TrainingPartner.objects.bulk_create(
        TrainingPartner(name=f"Partner {n:03}") for n in range(count)
    )
    Speaker.objects.bulk_create(
        Speaker(full_name=f"Speaker {n:03}", kind=SpeakerKind.TRAINER, training_partner=p)
        for n, p in enumerate(partners)
    )
    lead_client.get(PARTNERS)  # warm the session and permission caches
    with django_assert_num_queries(7):
        response = lead_client.get(PARTNERS)
    assert len(response.context["page"]) == min(count, 25)
    with django_assert_num_queries(7):
        response = lead_client.get(SPEAKERS + "?page=2")
    # Past the last page, the last page is shown.
    assert len(response.context["page"]) == (5 if count == 5 else 25)
