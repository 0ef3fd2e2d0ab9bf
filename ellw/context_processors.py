"""What every page shows: navigation chosen by the person's role, who runs the service."""

from django.conf import settings
from django.urls import reverse

from ellw.accounts.rules import has_staff_role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = [{"label": "Cohorts", "url": reverse("cohorts:open")}]
    if user is not None and user.is_authenticated:
        items.append({"label": "Your applications", "url": reverse("applications:mine")})
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
