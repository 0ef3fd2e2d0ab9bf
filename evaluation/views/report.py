"""The influencing report's staff pages: its versions (each a generated document, with its
progress and download pages in ellw.documents) and the form that asks for a new one."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from ellw.accounts.decorators import permission_required
from ellw.forms import posted
from evaluation.forms.report import InfluencingReportForm
from evaluation.models import InfluencingReport
from evaluation.selectors.report import REPORTS_PER_PAGE, influencing_reports
from evaluation.services.report import (
    ReportRuleError,
    influencing_report_request,
    report_quotes_left_out,
)


@permission_required("evaluation.view_report")
def reports(request):
    page = Paginator(influencing_reports(), REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/report/reports.html",
        {
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        },
    )


@permission_required("evaluation.produce_report")
def report_new(request):
    """Choose the cohorts, the title, an introduction and the testimonials (?like=<pk>
    starts from an earlier version's choices); the POST starts a new version and shows its
    progress."""
    like = None
    if request.GET.get("like", "").isdigit():
        # Posted to the same address, so the form offers the same choices on POST.
        like = InfluencingReport.objects.filter(pk=int(request.GET["like"])).first()
    form = InfluencingReportForm(posted(request), like=like)
    if request.method == "POST" and form.is_valid():
        try:
            report = influencing_report_request(
                cohort_ids=[c.pk for c in form.cleaned_data["cohorts"]],
                actor=request.user,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                testimonial_ids=[t.pk for t in form.cleaned_data["testimonials"]],
                left_out_quote_ids=report_quotes_left_out(
                    like=like, kept=form.cleaned_data.get("quotes_kept") or []
                ),
            )
        except ReportRuleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("documents:progress", pk=report.document_id)
    return render(
        request,
        "evaluation/report/new.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
