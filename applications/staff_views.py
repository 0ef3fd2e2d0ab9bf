"""SP managers' pages: the review queue and its CSV export, an application, notes, decisions."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts.models import Cohort
from ellw.accounts.decorators import permission_required

from . import selectors, services
from .enums import Decision
from .filters import ApplicationQueueFilter
from .models import Application
from .rules import awaits_endorsement
from .staff_forms import DecisionForm, NoteForm
from .views import add_rule_errors, application_or_404

REVIEW = "applications.review_applications"
PAGE_SIZE = 50

CSV_HEADER = [
    "ID",
    "Name",
    "Work e-mail",
    "Phone",
    "Role",
    "Employer",
    "PCN",
    "Place",
    "Started in role",
    "Status",
    "Submitted at",
    "Cohort",
]

# What each decision's confirmation page and success message say.
DECISION_WORDING = {
    Decision.ADMIT: {
        "question": "Offer a place to {name}?",
        "button": "Offer a place",
        "done": "{name} has been offered a place in {cohort}. We have e-mailed them.",
    },
    Decision.WAITLIST: {
        "question": "Put {name} on the waitlist?",
        "button": "Put on the waitlist",
        "done": "{name} is on the waitlist for {cohort}. We have e-mailed them.",
    },
    Decision.REJECT: {
        "question": "Turn down {name}'s application?",
        "button": "Turn down the application",
        "done": "{name}'s application to {cohort} was turned down. We have e-mailed them.",
    },
}
DECISION_BUTTON_CLASSES = {
    Decision.ADMIT: "nhsuk-button",
    Decision.WAITLIST: "nhsuk-button nhsuk-button--secondary",
    Decision.REJECT: "nhsuk-button nhsuk-button--warning",
}


# --- the queue ------------------------------------------------------------------------------


def _queue_filter(request) -> ApplicationQueueFilter:
    return ApplicationQueueFilter(request.GET, queryset=selectors.application_queue())


@permission_required(REVIEW)
def queue(request):
    filterset = _queue_filter(request)
    if request.GET.get("format") == "csv":
        return _csv_response(filterset.qs)
    cohort = filterset.selected_cohort
    in_cohort = selectors.application_queue()
    if cohort is not None:
        in_cohort = in_cohort.filter(cohort=cohort)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "filter": filterset,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "status_counts": selectors.application_status_counts(in_cohort),
        "cohort": cohort,
    }
    if cohort is not None:
        places = selectors.cohort_places(cohort)
        context["places"] = places
        # The button offers the next place only when one is free and someone is waiting.
        context["can_offer_next"] = places.free > 0 and bool(places.waitlist)
    return render(request, "applications/staff/queue.html", context)


@permission_required(REVIEW)
def export(request):
    return _csv_response(_queue_filter(request).qs)


def _csv_cell(value: Any) -> Any:
    # Applicants type these values; a leading =, +, - or @ would run as a spreadsheet formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_response(applications) -> HttpResponse:
    filename = f"applications-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for a in applications.iterator(chunk_size=500):
        row = [
            a.pk,
            a.full_name,
            a.work_email,
            a.phone,
            a.role.name if a.role else "",
            a.employer,
            a.pcn_name,
            a.place.name if a.place else "",
            a.started_in_role_on.isoformat() if a.started_in_role_on else "",
            a.get_status_display(),
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
            a.cohort.name,
        ]
        writer.writerow([_csv_cell(value) for value in row])
    return response


@permission_required(REVIEW)
@require_POST
def offer_next(request, cohort_pk: int):
    cohort = get_object_or_404(Cohort, pk=cohort_pk)
    try:
        application = services.cohort_offer_next_on_waitlist(cohort=cohort, actor=request.user)
    except services.ApplicationRuleError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            f"{application.full_name} has been offered a place in {cohort.name}. "
            "We have e-mailed them.",
        )
    return redirect(f"{reverse('staff:applications:queue')}?cohort={cohort.pk}")


# --- one application ---------------------------------------------------------------------


def _detail_context(request, application: Application, note_form: NoteForm) -> dict[str, Any]:
    user = request.user
    can_manage_endorsement = user.has_perm("applications.manage_endorsement", application)
    problems = selectors.application_eligibility(application)
    return {
        "application": application,
        "endorsement": selectors.application_current_endorsement(application),
        "eligibility_problems": problems,
        "notes": selectors.application_notes(application),
        "note_form": note_form,
        "timeline": selectors.application_timeline(application),
        "other_applications": selectors.application_other_applications(application),
        "places": selectors.cohort_places(application.cohort),
        "decisions": [
            {
                "label": DECISION_WORDING[d]["button"],
                "url": reverse("staff:applications:decide", args=[application.pk, d.value]),
                "classes": DECISION_BUTTON_CLASSES[d],
            }
            for d in selectors.application_allowed_decisions(application)
        ],
        "can_change_endorser": can_manage_endorsement,
        "can_resend_endorsement": can_manage_endorsement and awaits_endorsement(user, application),
    }


@permission_required(REVIEW)
def detail(request, pk: int):
    application = application_or_404(request, pk)
    return render(
        request,
        "applications/staff/detail.html",
        _detail_context(request, application, NoteForm()),
    )


@permission_required(REVIEW)
@require_POST
def add_note(request, pk: int):
    application = application_or_404(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "applications/staff/detail.html",
            _detail_context(request, application, form),
            status=400,
        )
    services.application_note_add(
        application=application, author=request.user, text=form.cleaned_data["text"]
    )
    messages.success(request, "Note added.")
    return redirect(reverse("staff:applications:detail", args=[application.pk]) + "#notes")


@permission_required(REVIEW)
def decide(request, pk: int, decision: str):
    if decision not in Decision.values:
        raise Http404("No such decision")
    decision = Decision(decision)
    application = application_or_404(request, pk)
    wording = DECISION_WORDING[decision]
    names = {"name": application.full_name, "cohort": application.cohort.name}
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                application=application,
                actor=request.user,
                decision=decision,
                message=form.cleaned_data["message"],
            )
        except services.ApplicationRuleError as error:
            add_rule_errors(form, error)
        else:
            messages.success(request, wording["done"].format(**names))
            return redirect("staff:applications:detail", pk=application.pk)
    return render(
        request,
        "applications/staff/decide.html",
        {
            "application": application,
            "decision": decision,
            "question": wording["question"].format(**names),
            "button": wording["button"],
            "button_classes": DECISION_BUTTON_CLASSES[decision],
            "form": form,
            "places": selectors.cohort_places(application.cohort)
            if decision == Decision.ADMIT
            else None,
        },
        status=400 if form.errors else 200,
    )
