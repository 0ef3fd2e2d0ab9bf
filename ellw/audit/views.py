"""Staff → Audit log: the programme lead reads the trail, filtered, and exports it as CSV
(the export is itself a row of the trail)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from ellw.accounts.decorators import permission_required
from ellw.csv_export import csv_streaming_response

from . import selectors
from .enums import AuditEvent
from .filters import AuditEntryFilter
from .models import AuditEntry
from .services import audit_filters, audit_record

VIEW = "audit.view_audit_trail"
PAGE_SIZE = 50


def _filter(request) -> AuditEntryFilter:
    return AuditEntryFilter(request.GET, queryset=selectors.audit_entries())


@permission_required(VIEW)
def audit_log(request):
    filterset = _filter(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_log.html",
        {
            "filter": filterset,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            ),
            "query": query.urlencode(),
        },
    )


@permission_required(VIEW)
def audit_log_export(request):
    filterset = _filter(request)
    entries = filterset.qs
    audit_record(
        event=AuditEvent.AUDIT_EXPORTED,
        target=AuditEntry,
        actor=request.user,
        details={"filters": audit_filters(filterset.form.data)},
    )
    return csv_streaming_response(
        filename=f"audit-log-{timezone.localdate():%Y-%m-%d}.csv",
        header=selectors.CSV_HEADER,
        rows=selectors.audit_entry_csv_rows(entries),
    )
