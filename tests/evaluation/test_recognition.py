"""Recognition: the lead records, changes and deletes awards, shortlistings and milestones
for the programme or one cohort; bad input changes nothing and says why; only the lead
may; the report gets the programme's and its cohorts', newest first."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from evaluation.models import DESCRIPTION_MAX_CHARS, NAME_MAX_CHARS, Recognition
from evaluation.selectors.recognition import recognition_for_report
from evaluation.services.recognition import (
    RecognitionValues,
    recognition_delete,
    recognition_record,
    recognition_update,
)
from tests.factories import CohortFactory, EnrolmentFactory, RecognitionFactory
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

LIST = reverse("staff:evaluation:recognition")
NEW = reverse("staff:evaluation:recognition_new")


@pytest.fixture
def lead_client(client, programme_lead):
    log_in_with_mfa(client, programme_lead)
    return client


def _edit(recognition) -> str:
    return reverse("staff:evaluation:recognition_edit", kwargs={"pk": recognition.pk})


def _delete(recognition) -> str:
    return reverse("staff:evaluation:recognition_delete", kwargs={"pk": recognition.pk})


def _post_data(**changes) -> dict:
    data = {
        "kind": "award",
        "title": "Winner: Social Prescribing Workforce Initiative of the Year",
        "awarded_by": "Link Worker Day 2022 Awards",
        "date_0": "12",
        "date_1": "5",
        "date_2": "2022",
        "cohort": "",
        "description": "For the programme's first cohort of emerging leaders.",
    }
    data.update(changes)
    return data


def _values(**changes) -> RecognitionValues:
    values = {
        "kind": "milestone",
        "title": "100th graduate",
        "awarded_by": "",
        "date": timezone.localdate(),
        "cohort": None,
        "description": "",
    }
    values.update(changes)
    return RecognitionValues(**values)


# The lead's journey.


def test_recognition_lead_records_changes_and_deletes_an_award(lead_client, programme_lead):
    cohort = CohortFactory(name="Cohort 1")

    response = lead_client.post(NEW, _post_data(cohort=str(cohort.pk)))

    assert response.status_code == 302
    assert response["Location"] == LIST
    recognition = Recognition.objects.get()
    assert (recognition.kind, recognition.title, recognition.awarded_by) == (
        "award",
        "Winner: Social Prescribing Workforce Initiative of the Year",
        "Link Worker Day 2022 Awards",
    )
    assert (recognition.date, recognition.cohort, recognition.recorded_by) == (
        datetime.date(2022, 5, 12),
        cohort,
        programme_lead,
    )
    page = lead_client.get(LIST).content.decode()
    assert "Winner: Social Prescribing Workforce Initiative of the Year is recorded." in page
    assert "12 May 2022" in page
    assert "Cohort 1" in page

    form = lead_client.get(_edit(recognition)).content.decode()
    assert 'value="Link Worker Day 2022 Awards"' in form
    response = lead_client.post(
        _edit(recognition), _post_data(kind="shortlisted", title="Shortlisted: HSJ Awards")
    )
    assert response.status_code == 302
    recognition.refresh_from_db()
    assert (recognition.kind, recognition.title, recognition.cohort) == (
        "shortlisted",
        "Shortlisted: HSJ Awards",
        None,
    )

    confirm = lead_client.get(_delete(recognition))
    assert confirm.status_code == 200
    assert "Delete Shortlisted: HSJ Awards?" in confirm.content.decode()
    assert Recognition.objects.count() == 1
    response = lead_client.post(_delete(recognition))
    assert response.status_code == 302
    assert not Recognition.objects.exists()
    assert "Shortlisted: HSJ Awards is deleted." in lead_client.get(LIST).content.decode()


def test_recognition_list_is_newest_first_and_says_when_empty(lead_client):
    assert "Nothing recorded yet." in lead_client.get(LIST).content.decode()
    RecognitionFactory(title="Older", date=datetime.date(2022, 5, 12))
    RecognitionFactory(title="Newer", date=datetime.date(2024, 1, 3), kind="milestone")

    page = lead_client.get(LIST).content.decode()

    assert page.index("Newer") < page.index("Older")
    assert "The programme" in page


# Validation: every refusal explained, nothing changed, nothing typed lost.


def test_recognition_empty_form_explains_each_required_answer(lead_client):
    response = lead_client.post(NEW, {})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose award, shortlisted or milestone" in page
    assert "Enter the title" in page
    assert "Enter the date" in page
    assert not Recognition.objects.exists()


def test_recognition_date_today_is_accepted(lead_client):
    today = timezone.localdate()

    response = lead_client.post(
        NEW, _post_data(date_0=str(today.day), date_1=str(today.month), date_2=str(today.year))
    )

    assert response.status_code == 302
    assert Recognition.objects.get().date == today


def test_recognition_date_tomorrow_is_refused_keeping_what_was_typed(lead_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = lead_client.post(
        NEW,
        _post_data(
            date_0=str(tomorrow.day),
            date_1=str(tomorrow.month),
            date_2=str(tomorrow.year),
            title="Next year's award",
        ),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "The date must be today or in the past" in page
    assert 'value="Next year&#x27;s award"' in page
    assert not Recognition.objects.exists()


def test_recognition_impossible_date_is_refused(lead_client):
    response = lead_client.post(NEW, _post_data(date_0="31", date_1="2", date_2="2022"))

    assert response.status_code == 400
    assert "Date must be a real date" in response.content.decode()


def test_recognition_title_at_its_cap_is_accepted_and_one_over_refused(lead_client):
    at_cap = "A" * NAME_MAX_CHARS
    assert lead_client.post(NEW, _post_data(title=at_cap)).status_code == 302

    response = lead_client.post(NEW, _post_data(title="A" * (NAME_MAX_CHARS + 1)))

    assert response.status_code == 400
    assert (
        f"Title must be {NAME_MAX_CHARS} characters or fewer (you have {NAME_MAX_CHARS + 1})"
        in response.content.decode()
    )
    assert Recognition.objects.count() == 1


def test_recognition_description_over_its_cap_is_refused_naming_it(lead_client):
    response = lead_client.post(NEW, _post_data(description="x" * (DESCRIPTION_MAX_CHARS + 1)))

    assert response.status_code == 400
    assert (
        f"Description must be {DESCRIPTION_MAX_CHARS:,} characters or fewer "
        f"(you have {DESCRIPTION_MAX_CHARS + 1:,})"
    ) in response.content.decode()
    assert not Recognition.objects.exists()


def test_recognition_unknown_kind_or_cohort_is_refused(lead_client):
    response = lead_client.post(NEW, _post_data(kind="trophy", cohort="999999"))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose award, shortlisted or milestone" in page
    assert "Choose the programme or one of the cohorts listed" in page
    assert not Recognition.objects.exists()


def test_recognition_bad_change_leaves_it_as_it_was(lead_client):
    recognition = RecognitionFactory(title="Winner")

    response = lead_client.post(_edit(recognition), _post_data(title=" ", date_2="2099"))

    assert response.status_code == 400
    recognition.refresh_from_db()
    assert (recognition.title, recognition.date) == ("Winner", datetime.date(2022, 5, 12))


def test_recognition_service_tidies_spaces(programme_lead):
    recognition = recognition_record(
        values=_values(title="  100th   graduate ", awarded_by=" ELLW  team "),
        actor=programme_lead,
    )

    assert (recognition.title, recognition.awarded_by) == ("100th graduate", "ELLW team")


def test_recognition_service_refuses_a_future_date_and_saves_nothing(programme_lead):
    with pytest.raises(ValidationError) as refused:
        recognition_record(
            values=_values(date=timezone.localdate() + datetime.timedelta(days=1)),
            actor=programme_lead,
        )

    assert list(refused.value.message_dict) == ["date"]
    assert not Recognition.objects.exists()


def test_recognition_service_update_refused_leaves_the_callers_instance(programme_lead):
    recognition = RecognitionFactory(title="Winner")

    with pytest.raises(ValidationError):
        recognition_update(recognition=recognition, values=_values(title="x" * 201))

    assert recognition.title == "Winner"
    assert Recognition.objects.get().title == "Winner"


def test_recognition_service_delete(programme_lead):
    recognition = RecognitionFactory()

    recognition_delete(recognition=recognition)

    assert not Recognition.objects.exists()


# The report's selection.


def test_recognition_for_report_is_the_programmes_and_those_cohorts_newest_first():
    first, second, other = CohortFactory(), CohortFactory(), CohortFactory()
    programme = RecognitionFactory(title="Programme", date=datetime.date(2022, 5, 12))
    of_first = RecognitionFactory(title="First", cohort=first, date=datetime.date(2023, 1, 1))
    of_second = RecognitionFactory(title="Second", cohort=second, date=datetime.date(2021, 1, 1))
    RecognitionFactory(title="Other", cohort=other, date=datetime.date(2024, 1, 1))

    assert list(recognition_for_report([first.pk, second.pk])) == [of_first, programme, of_second]
    assert list(recognition_for_report([])) == [programme]


# Who may.


@pytest.mark.parametrize("url_name", ["recognition", "recognition_new"])
def test_recognition_pages_refuse_everyone_but_the_lead(client, sp_manager, link_worker, url_name):
    url = reverse(f"staff:evaluation:{url_name}")

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    client.force_login(link_worker)
    assert client.get(url).status_code == 403
    client.force_login(sp_manager)
    no_mfa = client.get(url)
    assert no_mfa.status_code == 302
    assert no_mfa["Location"].startswith(reverse("mfa_activate_totp"))
    log_in_with_mfa(client, sp_manager)
    assert client.get(url).status_code == 403


def test_recognition_manager_cannot_change_or_delete(client, sp_manager):
    recognition = RecognitionFactory()
    log_in_with_mfa(client, sp_manager)

    assert client.post(_edit(recognition), _post_data(title="Changed")).status_code == 403
    assert client.post(_delete(recognition)).status_code == 403
    recognition.refresh_from_db()
    assert recognition.title == "Winner: Social Prescribing Workforce Initiative of the Year"


def test_recognition_participant_cannot_delete(client):
    recognition = RecognitionFactory()
    enrolment = EnrolmentFactory()
    client.force_login(enrolment.participant)

    assert client.post(_delete(recognition)).status_code == 403
    assert Recognition.objects.exists()


def test_recognition_unknown_one_is_404_for_the_lead(lead_client):
    assert lead_client.get("/staff/evaluation/recognition/999999/edit/").status_code == 404
    assert lead_client.post("/staff/evaluation/recognition/999999/delete/").status_code == 404
