"""The evaluation dashboard: headline figures, change in confidence, module ratings,
response rates and alumni outcomes, for the cohorts chosen (all by default) or one cohort."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from cohorts.models import Cohort
from ellw.accounts.decorators import permission_required
from evaluation.forms.dashboard import DashboardCohortsForm
from evaluation.selectors.dashboard import dashboard_cohorts, evaluation_dashboard


def _links(cohort: Cohort | None = None) -> dict[str, str | None]:
    """The other evaluation pages (the template shows each to those who may open it)."""
    return {
        "surveys": reverse("staff:evaluation:cohort_surveys", args=[cohort.pk]) if cohort else None,
        "testimonials": reverse("staff:evaluation:testimonials"),
        "recognition": reverse("staff:evaluation:recognition"),
        "alumni": reverse("staff:evaluation:alumni"),
        "reports": reverse("staff:evaluation:reports"),
    }


@permission_required("evaluation.view_evaluation")
def dashboard(request):
    """Across cohorts: every cohort unless the form chooses some."""
    cohorts = dashboard_cohorts()
    form = DashboardCohortsForm(request.GET or None, cohorts=cohorts)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "evaluation/dashboard/dashboard.html",
            {"form": form, "page": None, "cohorts": cohorts, "links": _links()},
            status=400,
        )
    chosen = list(form.cleaned_data["cohort"]) if form.is_bound else []
    cohort_ids = [c.pk for c in chosen] or [c.pk for c in cohorts]
    return render(
        request,
        "evaluation/dashboard/dashboard.html",
        {
            "form": form,
            "page": evaluation_dashboard(cohort_ids),
            "cohorts": cohorts,
            "all_cohorts": not chosen,
            "links": _links(),
        },
    )


@permission_required("evaluation.view_evaluation")
def cohort_dashboard(request, pk: int):
    cohort = get_object_or_404(Cohort, pk=pk)
    return render(
        request,
        "evaluation/dashboard/cohort.html",
        {"cohort": cohort, "page": evaluation_dashboard([cohort.pk]), "links": _links(cohort)},
    )
