"""Pages outside the staff area for the evaluation: testimonials."""

from django.urls import path  # noqa: F401

app_name = "testimonials"

urlpatterns: list = []
