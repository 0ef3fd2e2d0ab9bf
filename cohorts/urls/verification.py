"""Public certificate verification, under /verify/ (namespace verify:…)."""

from django.urls import path

from cohorts.views import certificates

app_name = "verify"

urlpatterns = [
    path("", certificates.verify, name="verify"),
    path("<str:code>/", certificates.verify_certificate, name="certificate"),
]
