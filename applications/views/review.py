"""The SP managers' review: the queue (filtered, paginated), its CSV export (streamed),
one application's page and its internal notes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from applications import selectors, services
from applications.enums import Decision
from applications.filters import ApplicationQueueFilter
from applications.forms.review import NoteForm
from applications.models import Application
from applications.views.drafting import application_or_404
from ellw.accounts.decorators import permission_required
from ellw.audit.enums import AuditEvent
from ellw.audit.services import audit_filters, audit_record
from ellw.csv_export import csv_streaming_response

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


def _queue_filter(request) -> ApplicationQueueFilter:
    return ApplicationQueueFilter(request.GET, queryset=selectors.application_queue())


@permission_required(REVIEW)
def queue(request):
    filterset = _queue_filter(request)
    if request.GET.get("format") == "csv":
        return _csv_response(request, filterset)
    cohort = filterset.selected_cohort
    in_cohort = selectors.application_queue()
    if cohort is not None:
        in_cohort = in_cohort.filter(cohort=cohort)
    # Counted on the queue itself (the count joins nothing); only the page's rows are read
    # as plain values.
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.application_queue_rows(page.object_list)
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
        context["can_offer_next"] = places.free > 0 and places.waitlist_count > 0
    return render(request, "applications/review/queue.html", context)


@permission_required(REVIEW)
def export(request):
    return _csv_response(request, _queue_filter(request))


def _csv_row(values: tuple) -> list[Any]:
    """One CSV line (CSV_HEADER's columns) from selectors.EXPORT_COLUMNS' values."""
    (pk, name, email, phone, role, employer, pcn, pcn_other, place, started, status, submitted,
     cohort) = values  # fmt: skip
    return [
        pk,
        name,
        email,
        phone,
        role or "",
        employer,
        pcn if pcn is not None else pcn_other,
        place or "",
        started.isoformat() if started else "",
        selectors.STATUS_LABELS.get(status, status),
        timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M") if submitted else "",
        cohort,
    ]


def _csv_response(request, filterset: ApplicationQueueFilter) -> StreamingHttpResponse:
    applications = filterset.qs
    audit_record(
        event=AuditEvent.APPLICATIONS_EXPORTED,
        target=Application,
        actor=request.user,
        details={
            # What was filtered on; a search's text may be a name, so only that there was one.
            "filters": audit_filters(filterset.form.data, leave_out=("q", "format", "page")),
            "searched": bool(filterset.form.data.get("q", "").strip()),
        },
    )
    rows = selectors.application_export_rows(applications).iterator(chunk_size=2000)
    return csv_streaming_response(
        filename=f"applications-{timezone.localdate():%Y-%m-%d}.csv",
        header=CSV_HEADER,
        rows=(_csv_row(values) for values in rows),
    )


def _detail_context(request, application: Application, note_form: NoteForm) -> dict[str, Any]:
    user = request.user
    can_manage_endorsement = user.has_perm("applications.manage_endorsement", application)
    problems = selectors.application_eligibility(application)
    endorsement = selectors.application_current_endorsement(application)
    places = selectors.cohort_places(application.cohort, waitlist_shown=0)
    withdrawn = selectors.application_withdrawn_enrolment(application)
    return {
        "application": application,
        "endorsement": endorsement,
        "endorser_warnings": selectors.application_endorser_warnings(application, endorsement),
        "eligibility_problems": problems,
        "notes": selectors.application_notes(application),
        "note_form": note_form,
        "timeline": selectors.application_timeline(application),
        "other_applications": selectors.application_other_applications(application),
        # Only the counts are printed here: no waitlist rows.
        "places": places,
        "decisions": [
            {
                "label": DECISION_WORDING[d]["button"],
                "url": reverse("staff:applications:decide", args=[application.pk, d.value]),
                "classes": DECISION_BUTTON_CLASSES[d],
            }
            for d in selectors.application_allowed_decisions(application)
        ],
        "can_rescind_offer": selectors.application_offer_rescindable(application),
        # Withdrawal from the cohort: the lead may withdraw an active participant;
        # once someone has left, staff are told the place is free and may offer it.
        "can_withdraw_participant": user.has_perm("cohorts.withdraw_participant")
        and selectors.application_active_enrolment(application) is not None,
        "withdrawn_enrolment": withdrawn,
        "can_offer_freed_place": withdrawn is not None
        and places.free > 0
        and places.waitlist_count > 0,
        "can_change_endorser": can_manage_endorsement,
        "can_resend_endorsement": user.has_perm("applications.resend_endorsement", application),
    }


@permission_required(REVIEW)
def detail(request, pk: int):
    application = application_or_404(request, pk)
    audit_record(event=AuditEvent.APPLICATION_VIEWED, target=application, actor=request.user)
    return render(
        request,
        "applications/review/detail.html",
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
            "applications/review/detail.html",
            _detail_context(request, application, form),
            status=400,
        )
    services.application_note_add(
        application=application, author=request.user, text=form.cleaned_data["text"]
    )
    messages.success(request, "Note added.")
    return redirect(reverse("staff:applications:detail", args=[application.pk]) + "#notes")
