"""Staff pages for what is taught, under /staff/modules/ (namespace staff:modules:…)."""

from django.urls import path  # noqa: F401

app_name = "modules"

urlpatterns: list = []
