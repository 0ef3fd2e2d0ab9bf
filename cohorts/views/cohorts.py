from django.shortcuts import render

from cohorts.selectors import cohort_list_for_staff, cohort_list_open_for_applications
from ellw.accounts.decorators import permission_required
from ellw.cache import public_page


@public_page
def open_cohort_list(request):
    return render(
        request, "cohorts/open_list.html", {"cohorts": cohort_list_open_for_applications()}
    )


@permission_required("accounts.access_staff_area")
def staff_dashboard(request, *, cohorts=cohort_list_for_staff):
    """The staff home page. `cohorts` lists the cohorts: ellw/urls.py passes one that also
    counts what needs a decision (applications sit above cohorts, which cannot count them)."""
    return render(request, "staff/dashboard.html", {"cohorts": cohorts()})
