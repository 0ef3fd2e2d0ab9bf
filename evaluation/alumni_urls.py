"""Pages outside the staff area for the evaluation: alumnis."""

from django.urls import path  # noqa: F401

app_name = "alumnis"

urlpatterns: list = []
