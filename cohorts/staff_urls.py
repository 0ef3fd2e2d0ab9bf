"""Staff pages for running cohorts, under /staff/cohorts/ (namespace staff:cohorts:…).
Each part of a cohort's life adds its paths here."""

from django.urls import path  # noqa: F401

app_name = "cohorts"

urlpatterns: list = []
