"""Navigation for the header, chosen by the person's role."""

from django.urls import reverse


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    items = [{"label": "Cohorts", "url": reverse("cohorts:open")}]
    if user is not None and user.is_authenticated:
        items.append({"label": "Your applications", "url": reverse("applications:mine")})
    if user is not None and user.is_authenticated and user.has_perm("accounts.access_staff_area"):
        items.append({"label": "Staff", "url": reverse("staff:dashboard")})
    current = request.path
    for item in items:
        item["current"] = current.startswith(item["url"])
    return {"navigation_items": items}
