"""Pages outside the staff area for the evaluation: surveys."""

from django.urls import path  # noqa: F401

app_name = "surveys"

urlpatterns: list = []
