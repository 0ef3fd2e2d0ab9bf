"""The graduation pages: everyone's completion and graduation (staff), graduating everyone
who completed in one step, an override with a reason, and undoing a graduation (the lead)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from cohorts.forms.graduation import GraduationDateForm, GraduationOverrideForm, GraduationUndoForm
from cohorts.models import Cohort, Enrolment
from cohorts.selectors.completion import cohort_graduation_page, enrolment_completion
from cohorts.services.graduation import (
    GraduationRuleError,
    cohort_graduate_completed,
    enrolment_graduate_override,
    enrolment_graduation_undo,
)
from ellw.accounts.decorators import permission_required
from ellw.forms import posted


def _people(n: int) -> str:
    return "1 participant" if n == 1 else f"{n} participants"


@permission_required("cohorts.view_cohort")
def graduation(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return render(
        request,
        "cohorts/graduation/graduation.html",
        {"cohort": cohort, "page": cohort_graduation_page(cohort)},
    )


@permission_required("cohorts.graduate")
def graduation_confirm(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    page = cohort_graduation_page(cohort)
    form = GraduationDateForm(posted(request), cohort=cohort)
    if request.method == "POST" and form.is_valid():
        graduated_on = form.cleaned_data["graduated_on"]
        count = cohort_graduate_completed(
            cohort=cohort, actor=request.user, graduated_on=graduated_on
        )
        if count:
            messages.success(request, f"{_people(count)} graduated on {graduated_on:%-d %B %Y}.")
        else:
            messages.info(request, "Nobody graduated: no one who completed was waiting.")
        return redirect("staff:cohorts:graduation", pk=cohort.pk)
    return render(
        request,
        "cohorts/graduation/confirm.html",
        {"cohort": cohort, "page": page, "form": form, "due_text": _people(page.due)},
        status=400 if form.errors else 200,
    )


def _enrolment(pk: int, enrolment_pk: int) -> Enrolment:
    return get_object_or_404(
        Enrolment.objects.select_related("cohort", "participant"), pk=enrolment_pk, cohort_id=pk
    )


@permission_required("cohorts.graduate")
def graduation_override(request, pk: int, enrolment_pk: int):
    enrolment = _enrolment(pk, enrolment_pk)
    cohort = enrolment.cohort
    form = GraduationOverrideForm(posted(request), cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_graduate_override(
                enrolment=enrolment,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                graduated_on=form.cleaned_data["graduated_on"],
            )
        except GraduationRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{enrolment.participant.get_full_name()} graduated by your decision."
            )
            return redirect("staff:cohorts:graduation", pk=cohort.pk)
    return render(
        request,
        "cohorts/graduation/override.html",
        {
            "cohort": cohort,
            "enrolment": enrolment,
            "completion": enrolment_completion(enrolment),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@permission_required("cohorts.graduate")
def graduation_undo(request, pk: int, enrolment_pk: int):
    enrolment = _enrolment(pk, enrolment_pk)
    cohort = enrolment.cohort
    form = GraduationUndoForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            enrolment_graduation_undo(
                enrolment=enrolment, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except GraduationRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"{enrolment.participant.get_full_name()}'s graduation is undone."
            )
            return redirect("staff:cohorts:graduation", pk=cohort.pk)
    return render(
        request,
        "cohorts/graduation/undo.html",
        {"cohort": cohort, "enrolment": enrolment, "form": form},
        status=400 if form.errors else 200,
    )
