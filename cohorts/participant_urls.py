"""A participant's own programme pages, under /my-programme/ (namespace programme:…)."""

from django.urls import path  # noqa: F401

app_name = "programme"

urlpatterns: list = []
