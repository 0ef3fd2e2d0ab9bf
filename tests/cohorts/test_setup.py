"""Cohort set-up in the staff pages: the lead creates and changes a cohort with the model's
own rules and clear messages; a refused change changes nothing; only the lead may."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorts.forms.setup import CohortForm
from cohorts.models import Cohort, Role
from cohorts.selectors.setup import cohort_places_taken
from cohorts.services.setup import cohort_slug_for, cohort_update
from tests.factories import CohortFactory, EnrolmentFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db
CREATE = reverse("staff:cohorts:create")


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def _date(prefix: str, value: datetime.date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def cohort_data(**overrides) -> dict:
    role = Role.objects.get(slug="social-prescribing-link-worker")
    dates = {
        "applications_open_on": datetime.date(2026, 11, 1),
        "applications_close_on": datetime.date(2026, 12, 15),
        "starts_on": datetime.date(2027, 1, 11),
        "ends_on": datetime.date(2027, 3, 31),
    }
    dates.update({k: overrides.pop(k) for k in list(overrides) if k in dates})
    data = {
        "name": "Cohort 3",
        "summary": "Our third cohort, open to link workers and coaches.",
        "capacity": "14",
        "minimum_experience_months": "12",
        "eligible_roles": [role.pk],
        "endorser_email_domains": "nhs.net, @NHS.uk",
        "module_attendance_threshold": "80",
        "set_meeting_attendance_threshold": "75",
        "signatory_name": "Gita Malhotra",
        "signatory_title": "Programme Director",
    }
    for name, value in dates.items():
        data.update(_date(name, value))
    data.update(overrides)
    return data


def errors_of(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def test_cohort_create_by_the_lead_sets_everything_up(lead_client):
    response = lead_client.post(CREATE, cohort_data())
    cohort = Cohort.objects.get(name="Cohort 3")
    assert response.status_code == 302
    assert response.url == reverse("staff:cohorts:detail", args=[cohort.pk])
    assert cohort.slug == "cohort-3"
    assert (cohort.applications_open_on, cohort.applications_close_on) == (
        datetime.date(2026, 11, 1),
        datetime.date(2026, 12, 15),
    )
    assert (cohort.starts_on, cohort.ends_on) == (
        datetime.date(2027, 1, 11),
        datetime.date(2027, 3, 31),
    )
    assert cohort.capacity == 14
    assert cohort.endorser_email_domains == "nhs.net, nhs.uk"
    assert (cohort.module_attendance_threshold, cohort.set_meeting_attendance_threshold) == (
        80,
        75,
    )
    assert (cohort.signatory_name, cohort.signatory_title) == (
        "Gita Malhotra",
        "Programme Director",
    )
    assert [r.slug for r in cohort.eligible_roles.all()] == ["social-prescribing-link-worker"]
    page = lead_client.get(response.url)
    content = page.content.decode()
    assert "Cohort 3 is set up." in content
    assert "80% of module sessions" in content
    assert "Gita Malhotra, Programme Director" in content
    assert reverse("staff:cohorts:timetable", args=[cohort.pk]) in content
    assert reverse("staff:cohorts:edit", args=[cohort.pk]) in content


def test_cohort_create_form_page_shows_for_the_lead(lead_client):
    response = lead_client.get(CREATE)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Set up a new cohort" in content
    # Eligible roles are NHS checkboxes, not radios (CheckboxSelectMultiple is a subclass
    # of RadioSelect, which the field template once asked about first).
    assert 'class="nhsuk-checkboxes__input" id="id_eligible_roles_0"' in content
    assert "nhsuk-radios" not in content


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"applications_close_on": datetime.date(2026, 10, 31)},
            "applications_close_on",
            "The window must close on or after the day it opens, 1 November 2026.",
        ),
        (
            {"ends_on": datetime.date(2027, 1, 10)},
            "ends_on",
            "The cohort must end on or after the day it starts, 11 January 2027.",
        ),
        (
            {"module_attendance_threshold": "101"},
            "module_attendance_threshold",
            "Module sessions to attend (%) must be a whole number from 0 to 100",
        ),
        (
            {"set_meeting_attendance_threshold": "-1"},
            "set_meeting_attendance_threshold",
            "Action learning set meetings to attend (%) must be a whole number from 0 to 100",
        ),
        (
            {"capacity": "0"},
            "capacity",
            "Places on the cohort must be a whole number from 1 to 1,000",
        ),
        (
            {"eligible_roles": []},
            "eligible_roles",
            "Select at least one role the cohort is open to",
        ),
        (
            {"name": "x" * 101},
            "name",
            "Name must be 100 characters or fewer (you have 101)",
        ),
        (
            {"summary": "y" * 2001},
            "summary",
            "Summary must be 2,000 characters or fewer (you have 2,001)",
        ),
        (
            {"signatory_title": "z" * 201},
            "signatory_title",
            "Certificate signatory's title must be 200 characters or fewer (you have 201)",
        ),
        (
            {"endorser_email_domains": "nhs.net, not a domain"},
            "endorser_email_domains",
            "Clinical directors' e-mail domains must be domains like nhs.net, separated by "
            "commas: not a domain is not",
        ),
        ({"starts_on_0": "31", "starts_on_1": "2"}, "starts_on", "Starts on must be a real date"),
        (
            {"applications_close_on": datetime.date(2027, 1, 12)},
            "applications_close_on",
            "Applications must close by the day the cohort starts, 11 January 2027: "
            "12 January 2027 is after it.",
        ),
    ],
)
def test_cohort_create_refuses_bad_input_and_creates_nothing(
    lead_client, overrides, field, message
):
    response = lead_client.post(CREATE, cohort_data(**overrides))
    assert response.status_code == 400
    assert errors_of(response) == {field: [message]}
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Cohort.objects.filter(name="Cohort 3").exists()


def test_cohort_create_refuses_a_duplicate_name(lead_client):
    CohortFactory(name="Cohort 3")
    response = lead_client.post(CREATE, cohort_data(name="cohort  3"))
    assert response.status_code == 400
    assert errors_of(response) == {
        "name": ["There is already a cohort called cohort 3: choose another name"]
    }
    assert Cohort.objects.filter(name__iexact="cohort 3").count() == 1


def test_cohort_slug_is_made_unique_when_names_slugify_alike(lead_client):
    CohortFactory(name="Cohort 3!", slug="cohort-3")
    lead_client.post(CREATE, cohort_data(name="Cohort 3"))
    assert Cohort.objects.get(name="Cohort 3").slug == "cohort-3-2"


def test_cohort_slug_for_a_long_name_fits_the_column():
    CohortFactory(slug="a" * 50)
    assert cohort_slug_for("A" * 100) == "a" * 48 + "-2"
    assert cohort_slug_for("!!!") == "cohort"


def test_cohort_edit_changes_it_and_keeps_its_slug(lead_client):
    cohort = CohortFactory(name="Cohort 3", slug="cohort-3", capacity=12)
    url = reverse("staff:cohorts:edit", args=[cohort.pk])
    page = lead_client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert 'value="Cohort 3"' in content
    assert 'name="capacity" value="12"' in content
    response = lead_client.post(url, cohort_data(name="Cohort Three", capacity="20"))
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert (cohort.name, cohort.slug, cohort.capacity) == ("Cohort Three", "cohort-3", 20)


def test_cohort_edit_keeps_its_own_name_without_a_duplicate_error(lead_client):
    cohort = CohortFactory(name="Cohort 3")
    response = lead_client.post(
        reverse("staff:cohorts:edit", args=[cohort.pk]), cohort_data(capacity="13")
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 13


def test_cohort_edit_refuses_capacity_below_places_held(lead_client):
    cohort = CohortFactory(name="Cohort 3", capacity=12)
    EnrolmentFactory.create_batch(3, cohort=cohort)
    withdrawn = EnrolmentFactory(cohort=cohort)
    withdrawn.withdrawn_at = withdrawn.enrolled_at
    withdrawn.save()
    withdrawn.application.status = "withdrawn"
    withdrawn.application.save()
    assert cohort_places_taken(cohort) == 3
    url = reverse("staff:cohorts:edit", args=[cohort.pk])
    response = lead_client.post(url, cohort_data(capacity="2", summary="Changed"))
    assert response.status_code == 400
    assert errors_of(response) == {
        "capacity": [
            "Places on the cohort must be at least 3: 3 places are already offered or taken"
        ]
    }
    cohort.refresh_from_db()
    assert (cohort.capacity, cohort.summary) == (12, "")
    # Exactly the places held is allowed.
    assert lead_client.post(url, cohort_data(capacity="3")).status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 3


def test_cohort_update_refuses_capacity_below_the_places_held_it_is_given():
    """A caller can count offers awaiting a reply too (applications sit above cohorts)."""
    cohort = CohortFactory(name="Cohort 3", capacity=12)
    form = CohortForm(cohort_data(capacity="9"))
    assert form.is_valid(), form.errors
    with pytest.raises(ValidationError) as refused:
        cohort_update(
            cohort=cohort,
            values=form.values,
            eligible_roles=form.cleaned_data["eligible_roles"],
            places_held=10,
        )
    assert refused.value.message_dict == {
        "capacity": [
            "Places on the cohort must be at least 10: 10 places are already offered or taken"
        ]
    }
    assert (cohort.capacity, Cohort.objects.get(pk=cohort.pk).capacity) == (12, 12)


def test_cohort_setup_refused_to_an_sp_manager(client, sp_manager):
    log_in_with_mfa(client, sp_manager)
    cohort = CohortFactory(name="Cohort 3")
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, cohort_data(name="Cohort 4")).status_code == 403
    edit = reverse("staff:cohorts:edit", args=[cohort.pk])
    assert client.post(edit, cohort_data(capacity="1")).status_code == 403
    assert not Cohort.objects.filter(name="Cohort 4").exists()
    cohort.refresh_from_db()
    assert cohort.capacity == 12
    # They see the cohort's overview, without the change button.
    overview = client.get(reverse("staff:cohorts:detail", args=[cohort.pk]))
    assert overview.status_code == 200
    assert edit not in overview.content.decode()


def test_cohort_overview_refused_to_a_link_worker(client, link_worker):
    cohort = CohortFactory()
    client.force_login(link_worker)
    assert client.get(reverse("staff:cohorts:detail", args=[cohort.pk])).status_code == 403


def test_staff_dashboard_links_each_cohort_and_offers_set_up_to_the_lead(lead_client):
    cohort = CohortFactory(name="Cohort 3")
    content = lead_client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("staff:cohorts:detail", args=[cohort.pk]) in content
    assert f'href="{CREATE}">Set up a new cohort' in content


def test_staff_dashboard_offers_no_set_up_to_an_sp_manager(client, sp_manager):
    log_in_with_mfa(client, sp_manager)
    cohort = CohortFactory(name="Cohort 3")
    content = client.get(reverse("staff:dashboard")).content.decode()
    assert reverse("staff:cohorts:detail", args=[cohort.pk]) in content
    assert "Set up a new cohort" not in content


def test_cohort_edit_counts_offers_awaiting_a_reply_as_places_held(client, programme_lead):
    """Capacity may not drop below offered + accepted places (counted by applications)."""
    from applications.enums import ApplicationStatus
    from cohorts.views.setup import _places_held
    from tests.factories import ApplicationFactory, CohortFactory

    cohort = CohortFactory(capacity=5)
    ApplicationFactory.create_batch(2, cohort=cohort, status=ApplicationStatus.OFFERED)
    ApplicationFactory(cohort=cohort, status=ApplicationStatus.ACCEPTED)
    assert _places_held()(cohort) == 3


def test_cohort_create_shows_the_date_rules_with_the_other_errors_in_one_pass(lead_client):
    data = cohort_data(ends_on=datetime.date(2027, 1, 4), name="", capacity="0")
    data.update(_date("applications_close_on", datetime.date(2027, 2, 1)))

    response = lead_client.post(CREATE, data)

    assert response.status_code == 400
    assert errors_of(response) == {
        "name": ["Enter the cohort's name"],
        "capacity": ["Places on the cohort must be a whole number from 1 to 1,000"],
        "ends_on": ["The cohort must end on or after the day it starts, 11 January 2027."],
        "applications_close_on": [
            "Applications must close by the day the cohort starts, 11 January 2027: "
            "1 February 2027 is after it."
        ],
    }
    assert not Cohort.objects.exists()


def test_applications_may_close_on_the_day_the_cohort_starts(lead_client):
    response = lead_client.post(
        CREATE, cohort_data(applications_close_on=datetime.date(2027, 1, 11))
    )

    assert response.status_code == 302
    assert Cohort.objects.get(name="Cohort 3").applications_close_on == datetime.date(2027, 1, 11)


def test_a_date_that_is_not_valid_takes_part_in_no_date_rule(lead_client):
    data = cohort_data(ends_on=datetime.date(2027, 1, 4))
    data.update({"starts_on_0": "31", "starts_on_1": "2"})

    response = lead_client.post(CREATE, data)

    assert errors_of(response) == {"starts_on": ["Starts on must be a real date"]}
