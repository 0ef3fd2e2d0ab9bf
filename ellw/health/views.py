"""/healthz, for load balancers and monitoring: JSON, never cached, no session, no login."""

import rules
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .selectors import health_report

# ?workers=required: also 503 when a queue has no fresh worker heartbeat (for a monitor
# that pages someone, not for a load balancer).
WORKERS_REQUIRED = "required"


# Outside the request's transaction (ATOMIC_REQUESTS would open one, and fail with a 500,
# before the view could report the database down).
@transaction.non_atomic_requests
@never_cache
# GET or HEAD: load balancers use either.
@require_safe
def healthz(request):
    # The predicate takes no user: reading request.user would load the session.
    if not rules.has_perm("health.view_health", None):
        raise PermissionDenied
    report = health_report()
    # A dead worker fails only when asked: a load balancer that drained every web server
    # because a worker died would turn a delay in e-mails and PDFs into an outage. The
    # database or the broker failing does fail it: the web server cannot work without them.
    healthy = report.serving
    if request.GET.get("workers") == WORKERS_REQUIRED:
        healthy = healthy and report.workers_ok
    return JsonResponse(report.as_dict(), status=200 if healthy else 503)
