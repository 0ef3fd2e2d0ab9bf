"""What every page shows: navigation chosen by the person's role, who runs the service."""

import rules
from django.conf import settings
from django.urls import reverse

from ellw.accounts.rules import has_staff_role
from ellw.accounts.sessions import is_staff_session


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = [
        {"label": "The programme", "url": reverse("programme")},
        {"label": "Cohorts", "url": reverse("cohorts:open")},
    ]
    if user is not None and user.is_authenticated:
        items.append({"label": "Your applications", "url": reverse("applications:mine")})
    # Participants' own programme. Staff are not participants: skipping them keeps a query
    # off every staff page.
    if (
        user is not None
        and user.is_authenticated
        and not has_staff_role(user)
        and rules.has_perm("cohorts.view_own_programme", user)
    ):
        items.append({"label": "Your programme", "url": reverse("programme:home")})
    # By role: staff whose session has not passed MFA yet are led to it from the staff page.
    if user is not None and user.is_authenticated and has_staff_role(user):
        items.append({"label": "Staff", "url": reverse("staff:dashboard")})
    current = request.path
    for item in items:
        item["current"] = current.startswith(item["url"])
    return {"navigation_items": items}


def service(request) -> dict:
    """The programme team's contact details and the data controller, for every page."""
    return {"contact": settings.ELLW_CONTACT, "data_controller": settings.ELLW_DATA_CONTROLLER}


def staff_session(request) -> dict:
    """For staff sessions, what the idle warning needs (base.html includes it only then)."""
    user = getattr(request, "user", None)
    if user is None or not is_staff_session(user):
        return {}
    warn_minutes = min(settings.ELLW_STAFF_IDLE_WARNING_MINUTES, settings.ELLW_STAFF_IDLE_MINUTES)
    return {
        "staff_idle": {
            "seconds": settings.ELLW_STAFF_IDLE_MINUTES * 60,
            "warn_seconds": warn_minutes * 60,
            "warn_minutes": warn_minutes,
        }
    }
