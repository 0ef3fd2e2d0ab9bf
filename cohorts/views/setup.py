"""Staff pages for setting a cohort up (the programme lead) and its overview (staff)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string

from cohorts.forms.setup import CohortForm
from cohorts.models import Cohort
from cohorts.selectors.setup import cohort_for_overview, cohort_places_taken, cohort_withdrawals
from cohorts.services.setup import cohort_create, cohort_update
from ellw.accounts.decorators import permission_required
from ellw.forms import add_rule_errors

PlacesHeld = Callable[[Cohort], int]


def _form_page(request, *, form: CohortForm, cohort: Cohort | None):
    return render(
        request,
        "cohorts/setup/form.html",
        {"form": form, "cohort": cohort},
        status=400 if form.errors else 200,
    )


@permission_required("cohorts.view_cohort")
def cohort_detail(request, pk: int):
    cohort = get_object_or_404(cohort_for_overview(), pk=pk)
    return render(
        request,
        "cohorts/setup/detail.html",
        {"cohort": cohort, "withdrawals": cohort_withdrawals(cohort)},
    )


@permission_required("cohorts.set_up_cohorts")
def cohort_create_page(request):
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = cohort_create(
                values=form.values, eligible_roles=form.cleaned_data["eligible_roles"]
            )
        except ValidationError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, f"{cohort.name} is set up.")
            return redirect("staff:cohorts:detail", pk=cohort.pk)
    return _form_page(request, form=form, cohort=None)


def _places_held() -> PlacesHeld:
    """The count capacity may not go below: places offered or taken. Applications sit above
    cohorts, which cannot import them, so the function is named in settings
    (ELLW_COHORT_PLACES_HELD); without it, cohorts counts its own enrolments."""
    path = getattr(settings, "ELLW_COHORT_PLACES_HELD", "")
    return import_string(path) if path else cohort_places_taken


@permission_required("cohorts.set_up_cohorts")
def cohort_edit(request, pk: int, *, places_held: PlacesHeld | None = None):
    places_held = places_held or _places_held()
    cohort = get_object_or_404(cohort_for_overview(), pk=pk)
    form = CohortForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = cohort_update(
                cohort=cohort,
                values=form.values,
                eligible_roles=form.cleaned_data["eligible_roles"],
                places_held=places_held(cohort),
            )
        except ValidationError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, f"{cohort.name} is changed.")
            return redirect("staff:cohorts:detail", pk=cohort.pk)
    return _form_page(request, form=form, cohort=cohort)
