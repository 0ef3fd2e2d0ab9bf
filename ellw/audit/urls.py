"""Staff → Audit log, under /staff/audit/ (namespace staff:audit:…)."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("export.csv", views.audit_log_export, name="export"),
]
