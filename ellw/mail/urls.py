"""Staff pages for the outbox, under /staff/emails/ (namespace staff:mail:…)."""

from django.urls import path

from . import views

app_name = "mail"

urlpatterns = [
    path("", views.failed_list, name="failed"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
