"""The public list of cohorts, under /cohorts/ (namespace cohorts:…)."""

from django.urls import path

from cohorts.views import cohorts

app_name = "cohorts"

urlpatterns = [
    path("", cohorts.open_cohort_list, name="open"),
]
