"""Surveys: opening each when due (at the edges, once however often the task runs), the
automatic reminders and the lead's throttled one, one response per participant that can be
changed until the survey closes, who may answer, the participant's journey and the lead's
response-rate page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts.enums import SessionKind
from ellw.mail.models import OutboundEmail
from evaluation.enums import SurveyKind
from evaluation.models import ConfidenceRating, Survey, SurveyResponse
from evaluation.selectors.figures import skill_labels
from evaluation.selectors.surveys import cohort_survey_rates, self_assessment_questions
from evaluation.services.survey_responses import survey_response_save
from evaluation.services.surveys import (
    SurveyRuleError,
    _survey_open,
    survey_close,
    survey_remind,
    survey_reopen,
    surveys_close_due,
    surveys_open_due,
    surveys_remind_due,
)
from evaluation.tasks import surveys_open_and_remind_task
from modules.models import Module
from tests.applications.helpers import last_email_to
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    SessionFactory,
    SurveyFactory,
    SurveyResponseFactory,
    UserFactory,
)
from tests.mfa import log_in_with_mfa

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MINUTE = datetime.timedelta(minutes=1)
K = SurveyKind


def at(day: int, month: int = 3, hour: int = 10) -> datetime.datetime:
    """A moment in spring 2026 (before today, so opened surveys are open now)."""
    return datetime.datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _surveys_stay_open(settings):
    # Surveys here open in spring 2026 and are answered "now": they take answers for ten
    # years, so only the tests of closing dates meet one.
    settings.ELLW_SURVEY_OPEN_DAYS = 3650


@pytest.fixture
def cohort():
    return CohortFactory(
        name="Cohort 5",
        applications_open_on=datetime.date(2026, 1, 5),
        applications_close_on=datetime.date(2026, 2, 1),
        starts_on=datetime.date(2026, 3, 10),
        ends_on=datetime.date(2026, 5, 29),
    )


@pytest.fixture
def coaching():
    return Module.objects.get(slug="coaching")


@pytest.fixture
def mentoring():
    return Module.objects.get(slug="mentoring")


@pytest.fixture
def timetable(cohort, coaching, mentoring):
    """An induction, two coaching sessions and one mentoring session (the last module
    session, ending 13:00 on 7 April)."""
    SessionFactory(cohort=cohort, starts_at=at(10), ends_at=at(10, hour=13))
    for day, month, module in ((17, 3, coaching), (24, 3, coaching), (7, 4, mentoring)):
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.MODULE,
            module=module,
            starts_at=at(day, month),
            ends_at=at(day, month, hour=13),
        )


def participants(cohort, n: int = 2) -> list:
    return [EnrolmentFactory(cohort=cohort) for _ in range(n)]


def opened(cohort) -> set[tuple[str, str | None]]:
    return {
        (kind, slug)
        for kind, slug in Survey.objects.filter(cohort=cohort).values_list("kind", "module__slug")
    }


def emails_to(enrolment, template: str) -> int:
    return OutboundEmail.objects.filter(template=template, to=[enrolment.participant.email]).count()


# --- opening ------------------------------------------------------------------------------


def test_baseline_opens_before_the_first_session_once_there_are_participants(cohort, timetable):
    assert surveys_open_due(now=at(1)) == 0  # nobody enrolled yet
    ada, ben = participants(cohort)
    first_start = at(10)
    assert surveys_open_due(now=first_start - MINUTE) == 1
    assert opened(cohort) == {(K.BASELINE, None)}
    assert Survey.objects.get(cohort=cohort).opened_at == first_start - MINUTE
    assert emails_to(ada, "survey_open") == 1
    assert emails_to(ben, "survey_open") == 1


def test_baseline_not_opened_once_the_first_session_has_started(cohort, timetable):
    participants(cohort)
    assert surveys_open_due(now=at(10)) == 0
    assert opened(cohort) == set()
    assert OutboundEmail.objects.count() == 0


def test_baseline_opens_when_no_session_is_scheduled_yet(cohort):
    participants(cohort, 1)
    assert surveys_open_due(now=at(1)) == 1
    assert opened(cohort) == {(K.BASELINE, None)}


def test_module_feedback_opens_exactly_when_the_modules_last_session_ends(
    cohort, timetable, coaching
):
    (ada,) = participants(cohort, 1)
    last_coaching_end = at(24, hour=13)
    assert surveys_open_due(now=last_coaching_end - MINUTE) == 0
    assert opened(cohort) == set()  # the first coaching session has ended, not the last
    assert surveys_open_due(now=last_coaching_end) == 1
    assert opened(cohort) == {(K.MODULE_FEEDBACK, "coaching")}
    message = OutboundEmail.objects.get(template="survey_open")
    assert message.to == [ada.participant.email]
    assert message.subject == "Your feedback on the Coaching module for Cohort 5 is open"


def test_end_and_final_evaluation_open_after_the_last_session_of_the_seventh_module(
    cohort, timetable
):
    (ada,) = participants(cohort, 1)
    # The other five modules, the last (presentation skills) ending 13:00 on 28 April.
    others = Module.objects.exclude(slug__in=["coaching", "mentoring"]).order_by("position")
    for day, module in zip((14, 15, 16, 27, 28), others, strict=True):
        SessionFactory(
            cohort=cohort,
            kind=SessionKind.MODULE,
            module=module,
            starts_at=at(day, 4),
            ends_at=at(day, 4, hour=13),
        )
    surveys_open_due(now=at(27, 4, hour=13))  # every module's feedback but the last
    last_end = at(28, 4, hour=13)
    assert surveys_open_due(now=last_end - MINUTE) == 0
    assert surveys_open_due(now=last_end) == 3
    assert {(K.END_OF_PROGRAMME, None), (K.FINAL_EVALUATION, None)} <= opened(cohort)
    assert (K.MODULE_FEEDBACK, "presentation-skills") in opened(cohort)
    # One e-mail for the three surveys that opened together (and one for the six before).
    assert emails_to(ada, "survey_open") == 2
    message = OutboundEmail.objects.filter(template="survey_open").latest("pk")
    assert message.subject == "3 surveys for Cohort 5 are open"
    body = last_email_to(ada.participant.email).body_text
    links = re.findall(r"Answer it here: http://testserver/surveys/(\d+)/", body)
    assert sorted(map(int, links)) == sorted(
        Survey.objects.filter(cohort=cohort, opened_at=last_end).values_list("pk", flat=True)
    )
    assert "Final evaluation:" in body


def test_end_and_final_evaluation_wait_for_the_last_day_while_modules_are_unscheduled(
    cohort, timetable
):
    """Only coaching and mentoring are on the timetable: the last of their sessions is not
    the end of the programme."""
    participants(cohort, 1)
    assert surveys_open_due(now=at(7, 4, hour=13)) == 2  # the two modules' feedback
    assert opened(cohort) == {(K.MODULE_FEEDBACK, "coaching"), (K.MODULE_FEEDBACK, "mentoring")}
    last_day = timezone.make_aware(datetime.datetime(2026, 5, 29, 23, 59))
    assert surveys_open_due(now=last_day) == 0
    assert surveys_open_due(now=last_day + MINUTE) == 2
    assert {(K.END_OF_PROGRAMME, None), (K.FINAL_EVALUATION, None)} <= opened(cohort)


def test_end_and_final_evaluation_without_module_sessions_open_after_the_last_day(cohort):
    participants(cohort, 1)
    Survey.objects.create(cohort=cohort, kind=K.BASELINE, opened_at=at(1))
    SessionFactory(cohort=cohort, starts_at=at(10), ends_at=at(10, hour=13))
    last_day = timezone.make_aware(datetime.datetime(2026, 5, 29, 23, 59))
    assert surveys_open_due(now=last_day) == 0
    assert surveys_open_due(now=last_day + MINUTE) == 2
    assert opened(cohort) == {
        (K.BASELINE, None),
        (K.END_OF_PROGRAMME, None),
        (K.FINAL_EVALUATION, None),
    }


def test_surveys_of_a_cohort_long_past_are_not_opened(cohort, timetable):
    participants(cohort, 1)
    assert surveys_open_due(now=at(7, 4, hour=13) + datetime.timedelta(days=29)) == 0
    assert opened(cohort) == set()


def test_opening_twice_sends_once_and_never_to_withdrawn_participants(cohort, timetable):
    ada, ben = participants(cohort)
    ben.withdrawn_at = at(1)
    ben.save()
    assert surveys_open_due(now=at(9)) == 1
    assert surveys_open_due(now=at(9) + MINUTE) == 0
    # A second run that found the survey due before the first one committed.
    assert _survey_open(cohort_id=cohort.pk, kind=K.BASELINE, module_id=None, now=at(9)) == 0
    assert Survey.objects.filter(cohort=cohort).count() == 1
    assert emails_to(ada, "survey_open") == 1
    assert emails_to(ben, "survey_open") == 0


def test_open_e_mail_links_to_the_survey(
    cohort, timetable, django_capture_on_commit_callbacks, mailoutbox
):
    (ada,) = participants(cohort, 1)
    with django_capture_on_commit_callbacks(execute=True):
        surveys_open_due(now=at(9))
    survey = Survey.objects.get(cohort=cohort)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Your baseline self-assessment for Cohort 5 is open"
    assert f"Dear {ada.participant.full_name}," in message.body
    assert "Please answer it before your first session." in message.body
    assert f"http://testserver/surveys/{survey.pk}/" in message.body


def test_task_opens_and_reminds():
    cohort = CohortFactory()  # starts in two months: its baseline is due today
    participants(cohort, 1)
    surveys_open_and_remind_task.delay()
    assert surveys_open_and_remind_task.name == "evaluation.open_and_remind_surveys"
    assert opened(cohort) == {(K.BASELINE, None)}


# --- reminders ----------------------------------------------------------------------------


@pytest.fixture
def open_survey(cohort):
    return SurveyFactory(cohort=cohort, kind=K.BASELINE, opened_at=at(2, hour=9))


def test_reminders_go_at_each_interval_to_those_who_have_not_answered(
    cohort, open_survey, settings
):
    settings.ELLW_SURVEY_REMINDER_DAYS = (4, 10)
    ada, ben, cai = participants(cohort, 3)
    SurveyResponseFactory(survey=open_survey, enrolment=ada)
    cai.withdrawn_at = at(3)
    cai.save()
    opened_at = open_survey.opened_at
    four, ten = datetime.timedelta(days=4), datetime.timedelta(days=10)

    assert surveys_remind_due(now=opened_at + four - MINUTE) == 0
    assert surveys_remind_due(now=opened_at + four) == 1
    assert surveys_remind_due(now=opened_at + four + MINUTE) == 0
    assert surveys_remind_due(now=opened_at + ten - MINUTE) == 0
    assert surveys_remind_due(now=opened_at + ten) == 1
    assert surveys_remind_due(now=opened_at + ten * 3) == 0
    assert (emails_to(ada, "survey_reminder"), emails_to(ben, "survey_reminder")) == (0, 2)
    assert emails_to(cai, "survey_reminder") == 0
    open_survey.refresh_from_db()
    assert open_survey.reminders_sent == 2


def test_reminders_after_a_long_pause_send_only_the_latest(cohort, open_survey, settings):
    settings.ELLW_SURVEY_REMINDER_DAYS = (4, 10)
    (ada,) = participants(cohort, 1)
    assert surveys_remind_due(now=open_survey.opened_at + datetime.timedelta(days=11)) == 1
    assert surveys_remind_due(now=open_survey.opened_at + datetime.timedelta(days=12)) == 0
    assert emails_to(ada, "survey_reminder") == 1


def test_no_reminders_for_a_closed_survey(cohort, open_survey):
    participants(cohort, 1)
    survey_close(survey=open_survey, actor=None)
    assert surveys_remind_due(now=open_survey.opened_at + datetime.timedelta(days=30)) == 0


def test_manual_reminder_is_throttled_to_its_interval(cohort, open_survey, settings):
    settings.ELLW_SURVEY_MANUAL_REMINDER_HOURS = 24
    ada, ben = participants(cohort)
    SurveyResponseFactory(survey=open_survey, enrolment=ada)
    first = at(3, hour=9)
    assert survey_remind(survey=open_survey, actor=None, now=first) == 1

    with pytest.raises(SurveyRuleError) as refused:
        survey_remind(
            survey=open_survey, actor=None, now=first + datetime.timedelta(hours=24, seconds=-1)
        )
    assert refused.value.message == (
        "A reminder for Baseline self-assessment was sent less than 24 hours ago. "
        "You can send another after 09:00."
    )
    assert (
        survey_remind(survey=open_survey, actor=None, now=first + datetime.timedelta(hours=24)) == 1
    )
    assert emails_to(ben, "survey_reminder") == 2
    assert emails_to(ada, "survey_reminder") == 0


def test_automatic_reminder_just_after_the_leads_is_not_repeated(cohort, open_survey, settings):
    settings.ELLW_SURVEY_REMINDER_DAYS = (4, 10)
    (ada,) = participants(cohort, 1)
    four_days = open_survey.opened_at + datetime.timedelta(days=4)
    survey_remind(survey=open_survey, actor=None, now=four_days - datetime.timedelta(hours=2))
    assert surveys_remind_due(now=four_days) == 0
    assert emails_to(ada, "survey_reminder") == 1
    open_survey.refresh_from_db()
    assert open_survey.reminders_sent == 1


# --- answering ----------------------------------------------------------------------------


def test_one_response_per_participant_a_second_save_updates_it(cohort, open_survey):
    (ada,) = participants(cohort, 1)
    first = survey_response_save(
        survey=open_survey,
        enrolment=ada,
        data={"reflection": "Coaching my team"},
        ratings={"coaching": 2, "leading-change": 3, "mentoring": None},
    )
    assert dict(first.ratings.values_list("skill", "confidence")) == {
        "coaching": 2,
        "leading-change": 3,
    }
    second = survey_response_save(
        survey=open_survey,
        enrolment=ada,
        data={"reflection": "Leading change in the PCN"},
        ratings={"coaching": 4, "mentoring": 1},
    )
    assert second.pk == first.pk
    assert SurveyResponse.objects.filter(survey=open_survey).count() == 1
    second.refresh_from_db()
    assert second.reflection == "Leading change in the PCN"
    assert second.submitted_at == first.submitted_at
    assert second.updated_at > first.updated_at
    assert dict(second.ratings.values_list("skill", "confidence")) == {
        "coaching": 4,
        "mentoring": 1,
    }


def test_answers_refused_once_closed_and_accepted_again_when_reopened(cohort, open_survey):
    (ada,) = participants(cohort, 1)
    survey_response_save(
        survey=open_survey, enrolment=ada, data={"reflection": "Before"}, ratings={}
    )
    survey_close(survey=open_survey, actor=None)
    closed_on = timezone.localtime(Survey.objects.get(pk=open_survey.pk).closed_at)
    with pytest.raises(SurveyRuleError) as refused:
        survey_response_save(
            survey=open_survey, enrolment=ada, data={"reflection": "After"}, ratings={}
        )
    assert refused.value.message == (
        f"This survey closed on {closed_on.day} {closed_on:%B %Y}: "
        "answers can no longer be given or changed."
    )
    assert SurveyResponse.objects.get().reflection == "Before"
    with pytest.raises(SurveyRuleError):
        survey_close(survey=open_survey, actor=None)

    survey_reopen(survey=open_survey, actor=None)
    survey_response_save(
        survey=open_survey, enrolment=ada, data={"reflection": "After"}, ratings={}
    )
    assert SurveyResponse.objects.get().reflection == "After"


def test_withdrawn_or_other_cohorts_participant_refused(cohort, open_survey):
    (ada,) = participants(cohort, 1)
    ada.withdrawn_at = at(3)
    ada.save()
    with pytest.raises(SurveyRuleError) as refused:
        survey_response_save(survey=open_survey, enrolment=ada, data={}, ratings={})
    assert refused.value.message == (
        "You withdrew from Cohort 5, so you can no longer answer its surveys."
    )
    stranger = EnrolmentFactory()
    with pytest.raises(SurveyRuleError) as refused:
        survey_response_save(survey=open_survey, enrolment=stranger, data={}, ratings={})
    assert refused.value.message == "This survey is for Cohort 5, which you are not in."
    assert SurveyResponse.objects.count() == 0


def test_service_checks_ratings_text_caps_and_required_answers(cohort, coaching):
    (ada,) = participants(cohort, 1)
    baseline = SurveyFactory(cohort=cohort, kind=K.BASELINE, opened_at=at(2))
    with pytest.raises(SurveyRuleError) as refused:
        survey_response_save(
            survey=baseline, enrolment=ada, data={"reflection": "x" * 2001}, ratings={"coaching": 6}
        )
    assert refused.value.message_dict == {
        "reflection": ["Your answer must be 2,000 characters or fewer (you have 2,001)"],
        "confidence_coaching": [
            "Choose how confident you are that you can use coaching conversations to help "
            "people find their own way forward, "
            "from 1 (not at all confident) to 5 (very confident)"
        ],
    }
    final = SurveyFactory(cohort=cohort, kind=K.FINAL_EVALUATION, opened_at=at(2))
    with pytest.raises(SurveyRuleError) as refused:
        survey_response_save(
            survey=final,
            enrolment=ada,
            data={"overall_rating": 5, "would_recommend": "yes", "quote_consent": ""},
            ratings={},
        )
    assert refused.value.message_dict == {"quote_consent": ["Say whether we may quote you"]}
    assert SurveyResponse.objects.count() == 0
    assert ConfidenceRating.objects.count() == 0


# --- the participant's pages --------------------------------------------------------------


def test_participant_answers_the_baseline_and_changes_their_answers(client, cohort):
    (ada,) = participants(cohort, 1)
    SessionFactory(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=3))
    # The cohort fixture lies in spring 2026; move it after today so its baseline is due.
    cohort.ends_on = timezone.localdate() + datetime.timedelta(days=90)
    cohort.save()
    surveys_open_due()
    survey = Survey.objects.get(cohort=cohort, kind=K.BASELINE)
    client.force_login(ada.participant)

    home = client.get(reverse("programme:home")).content.decode()
    assert reverse("surveys:list") in home
    listing = client.get(reverse("surveys:list")).content.decode()
    assert "To answer" in listing
    assert reverse("surveys:answer", args=[survey.pk]) in listing

    url = reverse("surveys:answer", args=[survey.pk])
    page = client.get(url).content.decode()
    assert (
        "How confident are you that you can use coaching conversations to help people find "
        "their own way forward?"
    ) in page
    assert "How confident are you in coaching?" not in page
    assert "How confident are you in leading change?" in page
    assert "Prefer not to say" in page
    assert "What would you most like to develop through the programme?" in page

    response = client.post(
        url,
        {
            "confidence_coaching": "2",
            "confidence_mentoring": "skip",
            "confidence_leading-change": "3",
            "reflection": "Confidence to chair meetings",
        },
    )
    # Every question needs an answer, "Prefer not to say" included: nothing is saved.
    assert response.status_code == 400
    assert (
        "Choose how confident you are that you can prepare for and hold a conversation that "
        "reaches agreement across interests, or choose Prefer not to say"
    ) in response.content.decode().replace("&#x27;", "'")
    assert not SurveyResponse.objects.filter(survey=survey).exists()
    skipped = {f"confidence_{skill}": "skip" for skill, _ in skill_labels()}
    response = client.post(
        url,
        skipped
        | {
            "confidence_coaching": "2",
            "confidence_leading-change": "3",
            "reflection": "Confidence to chair meetings",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("surveys:list"), 302)]
    content = response.content.decode()
    assert (
        "Your answers have been saved. You can change them until the programme team "
        "closes the survey." in content
    )
    assert "Answered" in content
    saved = SurveyResponse.objects.get(survey=survey, enrolment=ada)
    assert dict(saved.ratings.values_list("skill", "confidence")) == {
        "coaching": 2,
        "leading-change": 3,
    }

    page = client.get(url).content.decode()
    assert "Confidence to chair meetings" in page
    assert 'name="confidence_coaching" type="radio" value="2" checked>' in page
    assert 'name="confidence_negotiation" type="radio" value="skip" checked>' in page

    client.post(
        url, skipped | {"confidence_coaching": "4", "reflection": "Leading the PCN's QI work"}
    )
    saved.refresh_from_db()
    assert saved.reflection == "Leading the PCN's QI work"
    assert dict(saved.ratings.values_list("skill", "confidence")) == {"coaching": 4}
    assert SurveyResponse.objects.filter(survey=survey).count() == 1

    survey_close(survey=survey, actor=None)
    page = client.get(url).content.decode()
    assert "This survey closed on" in page
    assert "Leading the PCN&#x27;s QI work" in page
    assert "<textarea" not in page
    refused = client.post(url, skipped | {"confidence_coaching": "5", "reflection": "Too late"})
    assert refused.status_code == 400
    assert "answers can no longer be given or changed" in refused.content.decode()
    assert "Too late" in refused.content.decode()  # what they typed is not lost
    saved.refresh_from_db()
    assert saved.reflection == "Leading the PCN's QI work"


def test_other_cohorts_and_withdrawn_participants_get_403(client, cohort, open_survey):
    (ada,) = participants(cohort, 1)
    url = reverse("surveys:answer", args=[open_survey.pk])
    client.force_login(EnrolmentFactory().participant)
    assert client.get(url).status_code == 403
    assert client.post(url, {"reflection": "Not mine"}).status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.get(reverse("surveys:list")).status_code == 403

    ada.withdrawn_at = at(3)
    ada.save()
    client.force_login(ada.participant)
    assert client.get(url).status_code == 403
    assert (
        reverse("surveys:answer", args=[open_survey.pk])
        not in client.get(reverse("surveys:list")).content.decode()
    )
    assert SurveyResponse.objects.count() == 0


def test_bad_answers_change_nothing_and_say_why(client, cohort, coaching):
    (ada,) = participants(cohort, 1)
    feedback = SurveyFactory(
        cohort=cohort, kind=K.MODULE_FEEDBACK, module=coaching, opened_at=at(24, hour=13)
    )
    client.force_login(ada.participant)
    url = reverse("surveys:answer", args=[feedback.pk])
    long_text = "w" * 2001
    response = client.post(
        url, {"overall_rating": "7", "usefulness": "4", "what_worked": long_text}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Rate the module overall: choose one of the answers given" in content
    assert "What worked must be 2,000 characters or fewer (you have 2,001)" in content
    assert long_text in content
    assert SurveyResponse.objects.count() == 0

    response = client.post(url, {"usefulness": "4"})
    assert response.status_code == 400
    assert "Rate the module overall" in response.content.decode()

    baseline = SurveyFactory(cohort=cohort, kind=K.BASELINE, opened_at=at(2))
    response = client.post(
        reverse("surveys:answer", args=[baseline.pk]), {"confidence_coaching": "9"}
    )
    assert response.status_code == 400
    assert (
        "Choose how confident you are that you can use coaching conversations to help "
        "people find their own way forward, from 1 (not at all confident) "
        "to 5 (very confident), or choose Prefer not to say" in response.content.decode()
    )
    assert SurveyResponse.objects.count() == 0


def test_final_evaluation_asks_consent_to_quote(client, cohort):
    (ada,) = participants(cohort, 1)
    final = SurveyFactory(cohort=cohort, kind=K.FINAL_EVALUATION, opened_at=at(8, 4))
    client.force_login(ada.participant)
    url = reverse("surveys:answer", args=[final.pk])
    page = client.get(url).content.decode()
    assert "What change has the programme made to your practice?" in page
    assert "What will you take back to your workplace?" in page
    assert "Yes, without my name" in page
    response = client.post(url, {"overall_rating": "5", "would_recommend": "yes"})
    assert response.status_code == 400
    assert "Say whether we may quote you" in response.content.decode()
    client.post(
        url,
        {
            "overall_rating": "5",
            "would_recommend": "yes",
            "practice_change": "I run a peer supervision group.",
            "quote_consent": "anonymised",
        },
    )
    saved = SurveyResponse.objects.get(survey=final)
    assert (saved.overall_rating, saved.would_recommend, saved.quote_consent) == (
        5,
        "yes",
        "anonymised",
    )


# --- the lead's page ----------------------------------------------------------------------


def test_response_rates_are_counted_in_two_queries(cohort, open_survey, django_assert_num_queries):
    ada, ben, cai, dev = participants(cohort, 4)
    for enrolment in (ada, ben, dev):
        SurveyResponseFactory(survey=open_survey, enrolment=enrolment)
    dev.withdrawn_at = at(3)
    dev.save()
    with django_assert_num_queries(2):
        page = cohort_survey_rates(cohort)
    (row,) = page.surveys
    assert (row.responses, row.invited, row.percent) == (2, 3, 67)


def test_lead_sees_rates_and_reminds_closes_and_reopens(
    client, cohort, open_survey, programme_lead, sp_manager
):
    ada, ben, cai = participants(cohort, 3)
    SurveyResponseFactory(survey=open_survey, enrolment=ada)
    page_url = reverse("staff:evaluation:cohort_surveys", args=[cohort.pk])
    remind = reverse("staff:evaluation:survey_remind", args=[cohort.pk, open_survey.pk])
    close = reverse("staff:evaluation:survey_close", args=[cohort.pk, open_survey.pk])
    reopen = reverse("staff:evaluation:survey_reopen", args=[cohort.pk, open_survey.pk])

    log_in_with_mfa(client, sp_manager)
    content = client.get(page_url).content.decode()
    assert "1 of 3 (33%)" in content
    assert "Send a reminder" not in content
    assert client.post(remind).status_code == 403
    assert client.post(close).status_code == 403

    log_in_with_mfa(client, programme_lead)
    content = client.get(page_url).content.decode()
    assert "Baseline self-assessment" in content
    assert "2 March 2026" in content
    assert "1 of 3 (33%)" in content
    assert "Send a reminder" in content

    response = client.post(remind, follow=True)
    assert (
        "Reminder e-mailed to 2 participants who have not answered Baseline "
        "self-assessment." in response.content.decode()
    )
    assert emails_to(ben, "survey_reminder") == 1
    response = client.post(remind, follow=True)
    assert (
        "A reminder for Baseline self-assessment was sent less than 24 hours ago. "
        "You can send another after" in response.content.decode()
    )
    assert emails_to(ben, "survey_reminder") == 1
    assert client.get(remind).status_code == 405  # GET changes nothing
    assert emails_to(ben, "survey_reminder") == 1

    response = client.post(close, follow=True)
    assert "Baseline self-assessment is closed" in response.content.decode()
    open_survey.refresh_from_db()
    assert open_survey.closed_by == programme_lead
    assert "Reopen" in response.content.decode()

    response = client.post(reopen, follow=True)
    assert "Baseline self-assessment is open again" in response.content.decode()
    open_survey.refresh_from_db()
    assert open_survey.closed_at is None

    # Another cohort's survey is not found through this cohort's address.
    other = SurveyFactory(opened_at=at(2))
    assert (
        client.post(
            reverse("staff:evaluation:survey_close", args=[cohort.pk, other.pk])
        ).status_code
        == 404
    )


def test_no_automatic_baseline_reminder_once_the_first_session_has_started(cohort):
    (ada,) = participants(cohort, 1)
    baseline = Survey.objects.create(cohort=cohort, kind=K.BASELINE, opened_at=at(1))
    SessionFactory(cohort=cohort, starts_at=at(5), ends_at=at(5, hour=13))
    assert surveys_remind_due(now=at(5) - MINUTE) == 0  # not yet four days
    assert surveys_remind_due(now=at(5)) == 0  # four days, but the programme has started
    assert emails_to(ada, "survey_reminder") == 0
    baseline.refresh_from_db()
    assert baseline.reminders_sent == 0


# --- closing dates ------------------------------------------------------------------------


def test_a_survey_closes_after_its_closing_date_and_says_so_to_participants(
    client, cohort, settings
):
    settings.ELLW_SURVEY_OPEN_DAYS = 14
    (ada,) = participants(cohort, 1)
    opened = timezone.now() - datetime.timedelta(days=13)
    survey = SurveyFactory(cohort=cohort, kind=K.BASELINE, opened_at=opened)
    last_day = timezone.localtime(opened).date() + datetime.timedelta(days=13)
    assert survey.closes_on == last_day == timezone.localdate()
    client.force_login(ada.participant)

    listed = client.get(reverse("surveys:list")).content.decode()
    assert f"Open until {last_day:%-d %B %Y}" in listed

    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert surveys_close_due(now=tomorrow) == 1
    survey.refresh_from_db()
    assert survey.closed_at == timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time())
    )
    assert surveys_close_due(now=tomorrow) == 0  # once


def test_answers_are_refused_the_day_after_the_closing_date_even_before_the_periodic_run(
    cohort, settings
):
    settings.ELLW_SURVEY_OPEN_DAYS = 14
    (ada,) = participants(cohort, 1)
    survey = SurveyFactory(
        cohort=cohort, kind=K.BASELINE, opened_at=timezone.now() - datetime.timedelta(days=14)
    )
    closing = survey.closes_on
    on_last_day = timezone.make_aware(datetime.datetime.combine(closing, datetime.time(23, 59)))
    assert not survey.is_closed_at(on_last_day)
    assert survey.is_closed_at(on_last_day + MINUTE)

    with pytest.raises(
        SurveyRuleError, match=f"This survey closed on {timezone.localdate():%-d %B %Y}"
    ):
        survey_response_save(survey=survey, enrolment=ada, data={}, ratings={})
    assert survey.closed_at is None
    assert not SurveyResponse.objects.exists()


def test_no_reminder_goes_out_after_the_closing_date(cohort, settings):
    settings.ELLW_SURVEY_OPEN_DAYS = 7
    participants(cohort, 2)
    survey = SurveyFactory(cohort=cohort, kind=K.BASELINE, opened_at=at(1))

    assert surveys_remind_due(now=survey.opened_at + datetime.timedelta(days=10)) == 0


def test_reopening_gives_a_closed_survey_a_new_period_from_today(cohort, settings):
    settings.ELLW_SURVEY_OPEN_DAYS = 14
    survey = SurveyFactory(cohort=cohort, kind=K.BASELINE, opened_at=at(1))
    assert survey.is_closed

    survey_reopen(survey=survey, actor=None)

    survey.refresh_from_db()
    assert survey.closes_on == timezone.localdate() + datetime.timedelta(days=13)
    assert not survey.is_closed


def test_the_lead_sees_each_survey_open_until_its_date_or_closed_with_the_answers(
    client, cohort, programme_lead, settings
):
    settings.ELLW_SURVEY_OPEN_DAYS = 14
    ada, ben = participants(cohort, 2)
    old = SurveyFactory(cohort=cohort, kind=K.BASELINE, opened_at=at(1))
    SurveyResponseFactory(survey=old, enrolment=ada)
    new = SurveyFactory(cohort=cohort, kind=K.FINAL_EVALUATION, opened_at=timezone.now())
    log_in_with_mfa(client, programme_lead)

    page = client.get(reverse("staff:evaluation:cohort_surveys", args=[cohort.pk]))

    content = page.content.decode()
    assert "Closed, 1 of 2 answered" in content
    assert f"Open until {new.closes_on:%-d %B %Y}, 0 of 2 answered" in content


# --- what the self-assessment asks ----------------------------------------------------------


def test_each_skill_question_is_the_modules_stated_outcome_and_follows_the_catalogue(
    client, programme_lead
):
    questions = {q.skill: q.question for q in self_assessment_questions()}
    assert len(questions) == 8
    assert questions["negotiation"] == (
        "How confident are you that you can prepare for and hold a conversation that "
        "reaches agreement across interests?"
    )
    assert questions["leading-change"] == "How confident are you in leading change?"

    coaching = Module.objects.get(slug="coaching")
    log_in_with_mfa(client, programme_lead)
    client.post(
        reverse("staff:modules:edit", args=[coaching.pk]),
        {
            "summary": coaching.summary,
            "learning_outcomes": coaching.learning_outcomes,
            "self_assessment_outcome": "I can hold a coaching conversation.",
            "default_cpd_hours": "6",
        },
    )
    questions = {q.skill: q.question for q in self_assessment_questions()}
    assert (
        questions["coaching"] == "How confident are you that you can hold a coaching conversation?"
    )


def test_a_module_stating_no_outcome_is_asked_about_by_its_name():
    Module.objects.filter(slug="presentation-skills").update(self_assessment_outcome="")

    questions = {q.skill: q for q in self_assessment_questions()}

    assert (
        questions["presentation-skills"].question == "How confident are you in presentation skills?"
    )
    assert questions["presentation-skills"].required_message == (
        "Choose how confident you are in presentation skills"
    )


def test_the_seven_modules_state_learning_outcomes():
    for module in Module.objects.all():
        assert module.self_assessment_outcome
        first = module.learning_outcomes.splitlines()[0]
        assert first[:1].lower() + first[1:] == module.self_assessment_outcome
