"""Staff pages for a cohort's action learning sets: the sets and their members (staff), and
creating, changing, deleting, assigning and suggesting sets (the programme lead)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cohorts.forms.sets import ActionLearningSetForm, SetAssignmentForm, SuggestSetsForm
from cohorts.models import ActionLearningSet, Cohort
from cohorts.selectors.sets import cohort_active_enrolments, cohort_sets_page, set_for_change
from cohorts.services.sets import (
    SetRuleError,
    action_learning_set_create,
    action_learning_set_delete,
    action_learning_set_delete_problem,
    action_learning_set_update,
    set_assignments_save,
    set_suggest,
    set_suggestion_apply,
)
from ellw.accounts.decorators import permission_required
from ellw.forms import ConfirmForm, add_rule_errors, posted


def _set_or_404(pk: int) -> ActionLearningSet:
    learning_set = set_for_change(pk)
    if learning_set is None:
        raise Http404("No such action learning set")
    return learning_set


def _sets_page(request, cohort: Cohort, *, form: SetAssignmentForm | None = None, status=200):
    page = cohort_sets_page(cohort)
    may_manage = request.user.has_perm("cohorts.manage_sets")
    if may_manage and form is None:
        form = SetAssignmentForm(
            enrolments=page.enrolments, sets=[row.learning_set for row in page.sets]
        )
    return render(
        request,
        "cohorts/sets/sets.html",
        {
            "cohort": cohort,
            "page": page,
            "form": form if may_manage else None,
            "rows": form.bound_rows() if may_manage else [],
        },
        status=status,
    )


@permission_required("cohorts.view_cohort")
def sets(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return _sets_page(request, cohort)


@require_POST
@permission_required("cohorts.manage_sets")
def sets_assign(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    page = cohort_sets_page(cohort)
    form = SetAssignmentForm(
        request.POST, enrolments=page.enrolments, sets=[row.learning_set for row in page.sets]
    )
    if form.is_valid():
        try:
            changed = set_assignments_save(
                cohort=cohort, assignments=form.assignments, actor=request.user
            )
        except SetRuleError as error:
            add_rule_errors(form, error)
        else:
            if changed:
                messages.success(
                    request,
                    f"Sets saved: {changed} {'person' if changed == 1 else 'people'} moved.",
                )
            else:
                messages.info(request, "Nothing changed: everyone is in the set they were in.")
            return redirect("staff:cohorts:sets", pk=cohort.pk)
    return _sets_page(request, cohort, form=form, status=400)


def _set_form_page(request, *, cohort: Cohort, learning_set: ActionLearningSet | None):
    form = ActionLearningSetForm(posted(request), learning_set=learning_set)
    if request.method == "POST" and form.is_valid():
        values = {
            "name": form.cleaned_data["name"],
            "facilitator": form.cleaned_data["facilitator"],
        }
        try:
            if learning_set is None:
                saved = action_learning_set_create(cohort=cohort, **values)
            else:
                saved = action_learning_set_update(learning_set=learning_set, **values)
        except SetRuleError as error:
            add_rule_errors(form, error)
        else:
            done = "created" if learning_set is None else "changed"
            messages.success(request, f"{saved.name} is {done}.")
            return redirect("staff:cohorts:sets", pk=cohort.pk)
    return render(
        request,
        "cohorts/sets/set_form.html",
        {"cohort": cohort, "learning_set": learning_set, "form": form},
        status=400 if form.errors else 200,
    )


@permission_required("cohorts.manage_sets")
def set_new(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return _set_form_page(request, cohort=cohort, learning_set=None)


@permission_required("cohorts.manage_sets")
def set_edit(request, pk: int):
    learning_set = _set_or_404(pk)
    return _set_form_page(request, cohort=learning_set.cohort, learning_set=learning_set)


@permission_required("cohorts.manage_sets")
def set_delete(request, pk: int):
    learning_set = _set_or_404(pk)
    cohort = learning_set.cohort
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            action_learning_set_delete(learning_set=learning_set)
        except SetRuleError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{learning_set.name} has been deleted.")
        return redirect("staff:cohorts:sets", pk=cohort.pk)
    return render(
        request,
        "cohorts/sets/set_delete.html",
        {
            "cohort": cohort,
            "learning_set": learning_set,
            "problem": action_learning_set_delete_problem(learning_set),
            "form": form,
        },
    )


@permission_required("cohorts.manage_sets")
def sets_suggest(request, pk: int):
    """Choose a size (GET shows the form; GET with a size shows the proposal), then apply it
    (POST). The proposal is worked out again on POST and applied only if it is the one shown:
    if participants joined or left meanwhile, the new proposal is shown instead."""
    cohort = get_object_or_404(Cohort, pk=pk)
    if not cohort_active_enrolments(cohort).exists():
        return render(
            request, "cohorts/sets/suggest.html", {"cohort": cohort, "nobody_to_place": True}
        )
    posted = request.method == "POST"
    form = SuggestSetsForm(request.POST if posted else (request.GET or None))
    suggestion = None
    if form.is_bound and form.is_valid():
        enrolments = list(cohort_active_enrolments(cohort))
        suggestion = set_suggest(enrolments=enrolments, size=form.cleaned_data["size"])
        if posted:
            if form.cleaned_data["fingerprint"] == suggestion.fingerprint and suggestion.groups:
                created = set_suggestion_apply(
                    cohort=cohort, suggestion=suggestion, actor=request.user
                )
                messages.success(
                    request,
                    f"Sets applied: {len(enrolments)} participants in {len(created)} sets.",
                )
                return redirect("staff:cohorts:sets", pk=cohort.pk)
            messages.error(
                request,
                "The participants changed since the suggestion was shown. Check this one.",
            )
    return render(
        request,
        "cohorts/sets/suggest.html",
        {"cohort": cohort, "form": form, "suggestion": suggestion},
        status=400 if form.errors else 200,
    )
