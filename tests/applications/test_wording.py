"""What pages say: error summaries in the page's order and "Error: " titles, "Your
applications" with only the cohorts still open to the person and a call to reply to an
offer, the applicant addressed as "you", boroughs told apart from seats, and status tags
coloured by meaning."""

import datetime
import re

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.enums import STATUS_TAG_COLOURS, ApplicationStatus
from ellw.templatetags.nhs import nhs_error_summary_items
from tests.applications.helpers import apply, endorsement_page
from tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db
S = ApplicationStatus


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohort 2", slug="cohort-2")


@pytest.fixture
def applicant_client(client, link_worker):
    client.force_login(link_worker)
    return client


@pytest.fixture
def staff_client(client, sp_manager, settings):
    settings.ELLW_STAFF_MFA_REQUIRED = False
    client.force_login(sp_manager)
    return client


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1]


def summary_links(content: str) -> list[str]:
    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', content, re.S)[0]
    return re.findall(r'<a href="#([^"]+)"', summary)


# --- error summary and title -------------------------------------------------------------


def test_apply_error_summary_follows_the_page_order(applicant_client, cohort):
    """Submitting an empty form: every link in the summary, in the order the fields
    appear on the page (date started in role comes straight after the role)."""
    response = applicant_client.post(
        reverse("applications:apply", args=[cohort.slug]),
        {"action": "submit"},
    )
    content = response.content.decode()
    links = summary_links(content)
    form_html = content[content.index("<form") :]
    page_order = sorted(links, key=lambda anchor: form_html.index(f'id="{anchor}"'))
    assert links == page_order
    assert links[:5] == [
        "id_full_name",
        "id_work_email",
        "id_phone",
        "id_role_0",
        "id_started_in_role_on_0",
    ]


def test_error_summary_lists_whole_form_errors_first_then_fields_in_form_order():
    class TwoBoxes(forms.Form):
        first = forms.CharField(max_length=5)
        second = forms.CharField(max_length=5)
        token = forms.CharField(max_length=5, widget=forms.HiddenInput)

    form = TwoBoxes(data={"first": "", "second": "", "token": ""})
    form.add_error("second", "Second's own problem")
    form.add_error(None, "A problem with the whole form")
    assert nhs_error_summary_items(form) == [
        ("", "A problem with the whole form"),
        ("#id_first", "This field is required."),
        ("#id_second", "This field is required."),
        ("#id_second", "Second's own problem"),
        ("", "This field is required."),  # a hidden field: nothing on the page to link to
    ]


def test_title_starts_with_error_on_every_form_page_with_errors(applicant_client, cohort):
    response = applicant_client.post(
        reverse("applications:apply", args=[cohort.slug]), {"action": "submit"}
    )
    assert title(response) == "Error: Apply to Cohort 2 - ELLW Cohorts - NHS"
    response = applicant_client.get(reverse("applications:apply", args=[cohort.slug]), follow=True)
    assert title(response) == "Apply to Cohort 2 - ELLW Cohorts - NHS"


def test_title_counts_forms_the_page_names_otherwise(staff_client):
    """The staff page's note form is `note_form`, the queue's filter form sits in `filter`."""
    application = ApplicationFactory(full_name="Aisha Khan")
    response = staff_client.post(
        reverse("staff:applications:add_note", args=[application.pk]), {"text": ""}
    )
    assert response.status_code == 400
    assert title(response).startswith("Error: Aisha Khan: application to ")
    response = staff_client.get(reverse("staff:applications:queue"), {"cohort": "999999"})
    assert title(response) == "Error: Review applications - ELLW Cohorts - NHS"
    response = staff_client.get(reverse("staff:applications:queue"))
    assert title(response) == "Review applications - ELLW Cohorts - NHS"


def test_log_in_page_title_starts_with_error(client, link_worker):
    response = client.post(
        reverse("account_login"), {"login": link_worker.email, "password": "wrong"}
    )
    assert response.status_code == 200
    assert title(response).startswith("Error: ")


# --- "Your applications" -----------------------------------------------------------------


def test_your_applications_offers_only_cohorts_still_open_to_you(
    applicant_client, link_worker, cohort
):
    CohortFactory(name="Cohort 3", slug="cohort-3")
    ApplicationFactory(applicant=link_worker, cohort=cohort, status=S.ACCEPTED)
    response = applicant_client.get(reverse("applications:mine"))
    content = response.content.decode()
    assert [c.name for c in response.context["open_cohorts"]] == ["Cohort 3"]
    assert "Apply to Cohort 2" not in content
    assert "Apply to Cohort 3" in content


@pytest.mark.parametrize("status", list(S))
def test_your_applications_never_offers_a_cohort_you_applied_to(
    applicant_client, link_worker, cohort, status
):
    ApplicationFactory(applicant=link_worker, cohort=cohort, status=status)
    response = applicant_client.get(reverse("applications:mine"))
    assert list(response.context["open_cohorts"]) == []
    assert b"Apply to Cohort 2" not in response.content
    assert b"There is no cohort you can apply to at the moment." in response.content


def test_your_applications_shows_an_offer_with_its_reply_by_date_and_a_call_to_act(
    applicant_client, link_worker, cohort
):
    expires = timezone.make_aware(datetime.datetime(2031, 3, 12, 17, 0))
    application = ApplicationFactory(
        applicant=link_worker, cohort=cohort, status=S.OFFERED, offer_expires_at=expires
    )
    content = applicant_client.get(reverse("applications:mine")).content.decode()
    assert "Place offered</strong>" in content
    assert "Reply by 12 March 2031, 17:00." in content
    respond = reverse("applications:respond_to_offer", args=[application.pk])
    assert (
        f'<a href="{respond}">Accept or decline your place'
        '<span class="nhsuk-u-visually-hidden"> on Cohort 2</span></a>'
    ) in content


def test_your_applications_offers_no_reply_once_the_offer_is_past_its_deadline(
    applicant_client, link_worker, cohort
):
    application = ApplicationFactory(
        applicant=link_worker,
        cohort=cohort,
        status=S.OFFERED,
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    content = applicant_client.get(reverse("applications:mine")).content.decode()
    assert reverse("applications:respond_to_offer", args=[application.pk]) not in content
    assert "Reply by" not in content


def test_your_applications_lets_you_continue_a_draft(applicant_client, link_worker, cohort):
    draft = ApplicationFactory(applicant=link_worker, cohort=cohort, status=S.DRAFT)
    content = applicant_client.get(reverse("applications:mine")).content.decode()
    assert reverse("applications:edit", args=[draft.pk]) in content
    assert "Continue your application" in content


# --- the applicant is "you"; boroughs are not seats ----------------------------------------


def test_the_applicants_own_summary_says_you(applicant_client, link_worker):
    application = ApplicationFactory(applicant=link_worker)
    content = applicant_client.get(
        reverse("applications:detail", args=[application.pk])
    ).content.decode()
    assert "Why you want to join</dt>" in content
    assert "What you hope to take back</dt>" in content
    assert "they" not in re.search(r'<dl class="nhsuk-summary-list">.*?</dl>', content, re.S)[0]


def test_the_clinical_director_reads_about_them(client, link_worker, cohort):
    client.force_login(link_worker)
    apply(client, cohort)
    client.logout()
    content = client.get(endorsement_page(client)).content.decode()
    assert "Why they want to join</dt>" in content


def test_staff_pages_tell_boroughs_from_places_on_the_cohort(staff_client):
    application = ApplicationFactory(status=S.ENDORSED)
    detail = staff_client.get(reverse("staff:applications:detail", args=[application.pk]))
    assert b'<dt class="nhsuk-summary-list__key">Place (borough)</dt>' in detail.content
    decide = staff_client.get(reverse("staff:applications:decide", args=[application.pk, "admit"]))
    assert b'<dt class="nhsuk-summary-list__key">Places on the cohort</dt>' in decide.content
    queue = staff_client.get(reverse("staff:applications:queue"))
    assert queue.context["filter"].form.fields["place"].label == "Place (borough)"


# --- status tags ---------------------------------------------------------------------------


def test_every_status_has_a_tag_colour_and_they_differ_by_meaning():
    assert set(STATUS_TAG_COLOURS) == set(S)
    assert STATUS_TAG_COLOURS[S.ACCEPTED] == "green"
    assert STATUS_TAG_COLOURS[S.REJECTED] == "red"
    assert STATUS_TAG_COLOURS[S.OFFERED] == "aqua-green"
    assert STATUS_TAG_COLOURS[S.WITHDRAWN] == "grey"
    assert len(set(STATUS_TAG_COLOURS.values())) >= 6


@pytest.mark.parametrize(
    ("status", "colour"), [(S.ACCEPTED, "green"), (S.WAITLISTED, "purple"), (S.REJECTED, "red")]
)
def test_status_tags_are_coloured_on_every_page(
    applicant_client, staff_client_factory, link_worker, cohort, status, colour
):
    application = ApplicationFactory(applicant=link_worker, cohort=cohort, status=status)
    tag = f'<strong class="nhsuk-tag nhsuk-tag--{colour}">{S(status).label}</strong>'.encode()
    assert tag in applicant_client.get(reverse("applications:mine")).content
    assert (
        tag in applicant_client.get(reverse("applications:detail", args=[application.pk])).content
    )
    staff = staff_client_factory()
    assert tag in staff.get(reverse("staff:applications:queue")).content
    assert tag in staff.get(reverse("staff:applications:detail", args=[application.pk])).content


@pytest.fixture
def staff_client_factory(sp_manager, settings):
    def make():
        settings.ELLW_STAFF_MFA_REQUIRED = False
        staff = Client()
        staff.force_login(sp_manager)
        return staff

    return make
