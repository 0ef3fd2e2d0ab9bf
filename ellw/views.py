"""Pages that belong to the service as a whole: home, accessibility, privacy, error pages."""

from django.conf import settings
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from ellw.cache import public_page


@public_page
def home(request, *, open_cohorts):
    """The home page. `open_cohorts` lists the cohorts taking applications: ellw/urls.py
    passes it, as ellw (the plumbing) knows no domain app."""
    return render(request, "home.html", {"open_cohorts": open_cohorts()})


def accessibility_statement(request):
    return render(request, "pages/accessibility.html")


def privacy_notice(request):
    # The periods come from the retention settings (the `retention_periods` tag); the staff
    # idle timeout is a setting of the same kind.
    return render(
        request,
        "pages/privacy.html",
        {"staff_idle_minutes": settings.ELLW_STAFF_IDLE_MINUTES},
    )


def contact(request):
    return render(request, "pages/contact.html")


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without a request context: the page must not depend on anything that failed.
    return render(None, "500.html", status=500)
