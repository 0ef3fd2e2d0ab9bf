"""Staff → Data retention, under /staff/retention/ (namespace staff:retention:…)."""

from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [path("", views.retention_overview, name="overview")]
