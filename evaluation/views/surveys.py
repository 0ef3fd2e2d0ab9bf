"""Survey pages: a participant's surveys and answering one (under /surveys/), and the lead's
response rates for a cohort with "Send a reminder", "Close" and "Reopen" (under
/staff/evaluation/)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, posted
from ellw.text import count_of
from evaluation.forms.surveys import survey_form
from evaluation.models import Survey
from evaluation.selectors.surveys import (
    cohort_survey_rates,
    participant_surveys,
    survey_enrolment,
    survey_for_answering,
    survey_response_of,
)
from evaluation.services.survey_responses import survey_response_save
from evaluation.services.surveys import (
    SurveyRuleError,
    survey_close,
    survey_remind,
    survey_reopen,
)

# --- the participant's pages ---------------------------------------------------------------


@permission_required("cohorts.view_own_programme")
def surveys(request):
    return render(
        request, "evaluation/surveys/list.html", {"surveys": participant_surveys(request.user)}
    )


def _survey(request, pk: int) -> Survey:
    survey = survey_for_answering(pk)
    if survey is None:
        raise Http404("No such survey")
    return survey


@permission_required("evaluation.answer_survey", fn=_survey)
def survey_answer(request, pk: int):
    survey = _survey(request, pk)
    enrolment = survey_enrolment(request.user, survey)
    response = survey_response_of(survey, enrolment)
    form = survey_form(survey, data=posted(request), response=response)
    if request.method == "POST" and form.is_valid():
        try:
            survey_response_save(
                survey=survey, enrolment=enrolment, data=form.answers(), ratings=form.ratings()
            )
        except SurveyRuleError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Your answers have been saved. You can change them until the programme team "
                "closes the survey.",
            )
            return redirect("surveys:list")
    closed = survey.is_closed
    return render(
        request,
        "evaluation/surveys/answer.html",
        {
            "survey": survey,
            "form": form,
            "response": response,
            "closed": closed,
            # A closed survey shows the saved answers; a refused save keeps what was typed.
            "read_only": closed and not form.is_bound,
        },
        status=400 if form.errors else 200,
    )


# --- the lead's page -----------------------------------------------------------------------


@permission_required("evaluation.view_evaluation")
def cohort_surveys(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return render(
        request,
        "evaluation/surveys/cohort.html",
        {"cohort": cohort, "page": cohort_survey_rates(cohort)},
    )


def _cohort_survey(pk: int, survey_pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("cohort", "module"), pk=survey_pk, cohort_id=pk
    )


@permission_required("evaluation.manage_surveys")
@require_POST
def survey_remind_view(request, pk: int, survey_pk: int):
    """POST only, from the response-rates page's "Send a reminder" button."""
    survey = _cohort_survey(pk, survey_pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            count = survey_remind(survey=survey, actor=request.user)
        except SurveyRuleError as error:
            messages.error(request, error.message)
        else:
            if count:
                have = "has" if count == 1 else "have"
                messages.success(
                    request,
                    f"Reminder e-mailed to {count_of(count, 'participant')} who {have} not "
                    f"answered {survey.title}.",
                )
            else:
                messages.info(request, f"No reminder sent: everyone has answered {survey.title}.")
    return redirect("staff:evaluation:cohort_surveys", pk=pk)


@permission_required("evaluation.manage_surveys")
@require_POST
def survey_close_view(request, pk: int, survey_pk: int):
    """POST only, from the response-rates page's "Close" button."""
    survey = _cohort_survey(pk, survey_pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey_close(survey=survey, actor=request.user)
        except SurveyRuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{survey.title} is closed: participants can no longer answer or change "
                "their answers, and no more reminders are sent.",
            )
    return redirect("staff:evaluation:cohort_surveys", pk=pk)


@permission_required("evaluation.manage_surveys")
@require_POST
def survey_reopen_view(request, pk: int, survey_pk: int):
    """POST only, from the response-rates page's "Reopen" button."""
    survey = _cohort_survey(pk, survey_pk)
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            survey_reopen(survey=survey, actor=request.user)
        except SurveyRuleError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{survey.title} is open again: participants can answer it.")
    return redirect("staff:evaluation:cohort_surveys", pk=pk)
