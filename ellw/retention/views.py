"""Staff → Data retention: what the next run would purge, by kind, with each period and
when the purge last ran (the same numbers as `manage.py retention --dry-run`)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from ellw.accounts.decorators import permission_required

from . import selectors


@permission_required("retention.view_retention")
def retention_overview(request):
    due, last_run = selectors.retention_overview(timezone.now())
    return render(request, "retention/overview.html", {"due": due, "last_run": last_run})
