"""Public certificate verification, under /verify/ (namespace verify:…)."""

from django.urls import path

from . import views_verify

app_name = "verify"

urlpatterns = [
    path("", views_verify.verify, name="verify"),
    path("<str:code>/", views_verify.certificate, name="certificate"),
]
